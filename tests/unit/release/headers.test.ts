import { describe, expect, it } from 'vitest';
import { headersForPath, parseHeadersFile } from '../../../src/release/headers-file';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../src/lib/csp';
import {
  cacheControlFor,
  contentTypeFor,
  CSP,
  headerRules,
  IMMUTABLE,
  renderHeadersFile,
  renderNginxConf,
  REVALIDATE,
} from '../../../src/release/headers';
import { scanSite } from '../../../src/release/scan';
import { fileToUrlPath } from '../../../src/release/site-files';
import { copySite, edit, FIXTURE_SITE } from './helpers';

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
  it('is a constant that allows the site\'s own files and WebAssembly for search, with no hash and no unsafe-inline', () => {
    expect(CSP).toMatchInlineSnapshot(
      `"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"`,
    );
    expect(CSP).not.toMatch(/sha256-|unsafe-inline|'unsafe-eval'/);
  });

  it('does not depend on the site: an inline script added to a page is not allowed by any hash', () => {
    const site = copySite();
    edit(site, 'wenjian/guofa-2019-5/index.html', (t) => t.replace('<p>正文。</p>', '<p>正文。</p><script>alert(1)</script>'));
    const text = renderHeadersFile(headerRules(scanSite(site).files));
    expect(headersForPath(parseHeadersFile(text), '/wenjian/guofa-2019-5/')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(text).not.toContain('sha256-');
  });

  it('the meta tag carries the same policy without frame-ancestors, which a meta policy cannot set', () => {
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'self'", ''));
  });
});

describe('the _headers file', () => {
  const scan = scanSite(FIXTURE_SITE);
  const csp = CSP;
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
  const csp = CSP;
  const conf = renderNginxConf();

  it('is the same text for every release, so switching releases needs no nginx reload', () => {
    expect(renderNginxConf()).toBe(conf);
    expect(conf).not.toMatch(/\d+\.\d+\.\d+/);
  });

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
