import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headersForPath, parseHeadersFile } from '../../../src/release/headers-file';
import {
  buildCsp,
  cacheControlFor,
  contentTypeFor,
  cspForSite,
  cspHash,
  headerRules,
  IMMUTABLE,
  renderHeadersFile,
  renderNginxConf,
  REVALIDATE,
} from '../../../src/release/headers';
import { scanSite } from '../../../src/release/scan';
import { fileToUrlPath } from '../../../src/release/site-files';
import { FIXTURE_SITE } from './helpers';

describe('cache rules', () => {
  it('content-hashed files are cached for a year as immutable', () => {
    for (const f of [
      '_astro/site.B7dX2k9q.css',
      '_astro/search.Cq3m8Zt1.js',
      'pagefind/fragment/zh-cn_a526a77.pf_fragment',
      'pagefind/index/zh-cn_6868788.pf_index',
      'pagefind/filter/zh-cn_1a2b3c4.pf_filter',
      'pagefind/pagefind.zh-cn_3866e4f312fef.pf_meta',
    ]) {
      expect(cacheControlFor(f), f).toBe(IMMUTABLE);
    }
  });

  it('pages, feeds, robots.txt, the search entry files and images named by id revalidate', () => {
    for (const f of [
      'index.html',
      'wenjian/guofa-2019-5/index.html',
      '404.html',
      'rss.xml',
      'sitemap.xml',
      'robots.txt',
      'pagefind/pagefind.js',
      'pagefind/pagefind-entry.json',
      'pagefind/pagefind-worker.js',
      'pagefind/pagefind-ui.css',
      'pagefind/wasm.unknown.pagefind',
      'tujie/guofa-2019-5-tujie.png',
      'og/interpretations/guofa-2019-5-jiedu.png',
      'favicon.svg',
    ]) {
      expect(cacheControlFor(f), f).toBe(REVALIDATE);
    }
  });

  it('content types come from the same table as the test server', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('pagefind/pagefind-entry.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('tujie/x.PNG')).toBe('image/png');
    expect(contentTypeFor('pagefind/wasm.unknown.pagefind')).toBe('application/octet-stream');
  });
});

describe('the Content-Security-Policy', () => {
  const scan = scanSite(FIXTURE_SITE);
  const csp = cspForSite(scan);

  it('allows each distinct inline script and style by its sha256, and never unsafe-inline', () => {
    const scripts = new Set(scan.pages.flatMap((p) => p.inlineScripts));
    const styles = new Set(scan.pages.flatMap((p) => p.inlineStyles));
    expect(scripts.size).toBe(1);
    expect(styles.size).toBe(2);
    for (const s of [...scripts, ...styles]) expect(csp).toContain(cspHash(s));
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('leaves JSON-LD out: the browser does not run it', () => {
    const jsonLd = scan.pages.flatMap((p) => p.jsonLd.map((j) => j.text));
    expect(jsonLd).toHaveLength(1);
    expect(csp).not.toContain(cspHash(jsonLd[0]!));
  });

  it('computes the hash the way browsers do: sha256 of the exact UTF-8 text, base64', () => {
    const text = "(()=>{document.title='标题'})()";
    expect(cspHash(text)).toBe(`'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`);
  });

  it('allows WebAssembly only when the site has a search index, and otherwise only the site itself', () => {
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(buildCsp({ inlineScripts: [], inlineStyles: [], wasm: false })).toMatchInlineSnapshot(
      `"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"`,
    );
  });
});

describe('the _headers file', () => {
  const scan = scanSite(FIXTURE_SITE);
  const csp = cspForSite(scan);
  const text = renderHeadersFile(headerRules(scan.files, csp));
  const rules = parseHeadersFile(text);

  it('gives every file exactly one Cache-Control, the one its name calls for, and every file the security headers', () => {
    for (const file of scan.files) {
      const headers = headersForPath(rules, fileToUrlPath(file));
      // One value: rules that overlapped would have been joined with a comma.
      expect(headers['Cache-Control'], file).toBe(cacheControlFor(file));
      expect(headers['Content-Security-Policy'], file).toBe(csp);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['Permissions-Policy']).toMatch(/camera=\(\).*geolocation=\(\).*interest-cohort=\(\).*microphone=\(\)/);
      expect(headers['X-Frame-Options']).toBe('SAMEORIGIN');
    }
  });

  it('stays short for thousands of files: Cloudflare Pages reads at most 100 rules', () => {
    const files = [
      'index.html',
      '_astro/a.B7dX2k9q.css',
      'pagefind/pagefind.js',
      'pagefind/pagefind.zh-cn_3866e4f312fef.pf_meta',
      ...Array.from({ length: 3000 }, (_, i) => [`wenjian/d${i}/index.html`, `pagefind/card/zh-cn_${i.toString(16)}.json`, `pagefind/text/zh-cn_${i.toString(16)}/0.txt`, `pagefind/index/zh-cn_${i}.pf_index`]).flat(),
    ];
    const many = headerRules(files, csp);
    expect(many.map((r) => r.path)).toEqual([
      '/*',
      '/_astro/*',
      '/pagefind/index/*',
      '/pagefind/pagefind.zh-cn_3866e4f312fef.pf_meta',
      '/',
      '/index.html',
      '/pagefind/card/*',
      '/pagefind/pagefind.js',
      '/pagefind/text/*',
      '/wenjian/*',
    ]);
    for (const f of files) expect(headersForPath(many, fileToUrlPath(f))['Cache-Control'], f).toBe(cacheControlFor(f));
  });

  it('is the same text for the same site', () => {
    expect(renderHeadersFile(headerRules(scanSite(FIXTURE_SITE).files, csp))).toBe(text);
  });

  it('is read the way Netlify and Cloudflare read it: splats, placeholders, repeated headers joined', () => {
    const parsed = parseHeadersFile('# comment\n/*\n  X-A: 1\n/news/:id/\n  X-B: 2\n/news/*\n  X-A: 3\n');
    expect(headersForPath(parsed, '/news/7/')).toEqual({ 'X-A': '1, 3', 'X-B': '2' });
    expect(headersForPath(parsed, '/')).toEqual({ 'X-A': '1' });
  });
});

describe('the nginx include', () => {
  const csp = cspForSite(scanSite(FIXTURE_SITE));
  const conf = renderNginxConf(csp, '1.0.0');

  it('has a location for hashed assets and one for everything else, each with every security header', () => {
    const blocks = conf.split(/\nlocation /).slice(1);
    expect(blocks.map((b) => b.slice(0, b.indexOf(' {')))).toEqual([
      '^~ /_astro/',
      '~ ^/pagefind/(fragment|index|filter)/',
      '~ ^/pagefind/pagefind\\.[^/]+_[0-9a-f]+\\.pf_meta$',
      '= /_headers',
      '/',
    ]);
    for (const block of blocks.filter((b) => !b.startsWith('= /_headers'))) {
      expect(block).toContain(`add_header Content-Security-Policy "${csp}" always;`);
      expect(block).toContain('add_header X-Content-Type-Options "nosniff" always;');
    }
    expect(blocks[0]).toContain(`add_header Cache-Control "${IMMUTABLE}" always;`);
    expect(blocks.at(-1)).toContain(`add_header Cache-Control "${REVALIDATE}" always;`);
  });
});
