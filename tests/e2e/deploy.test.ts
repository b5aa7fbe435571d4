// A release of the sample site (dist/ from the global setup): npm run release, then deploys to a directory and
// to a loopback S3 server, read back with their headers, and the Content-Security-Policy in a real browser.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory } from '../support/static-server';
import { CONTENT_KINDS, readManifest, type ReleaseManifest } from '../../src/release/manifest';
import { cacheControlFor } from '../../src/release/headers';
import { listSiteFiles } from '../../src/release/site-files';
import { brokenOnServer, startS3, tempDir } from '../unit/release/helpers';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE, sitemapPaths as sitemapOf } from './site-helpers';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;

const sitemapPaths = () => sitemapOf(DIST);

function pageHtml(path: string): string {
  return readFileSync(join(DIST, path.replace(/^\//, ''), 'index.html'), 'utf8');
}

const VERSION = '0.0.0-e2e';
const work = tempDir('jiedu-e2e-release-');
const releaseRoot = join(work, 'release');
const origin = join(work, 'origin');
let manifest: ReleaseManifest;
let releaseSeconds = 0;

/** Runs a script with npx tsx without blocking this process (the S3 server the script talks to runs here). */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  const child = spawn('npx', ['tsx', script, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr, seconds: (performance.now() - started) / 1000 })));
}

beforeAll(async () => {
  const r = await run('scripts/release.ts', ['--skip-build', '--dist', DIST, '--out', releaseRoot, '--version', VERSION]);
  if (r.status !== 0) throw new Error(`npm run release failed:\n${r.stdout}\n${r.stderr}`);
  releaseSeconds = r.seconds;
  manifest = readManifest(join(releaseRoot, VERSION, 'manifest.json'));
});

describe('a release of the sample site', () => {
  it('has the archive, manifest, headers and notes', () => {
    expect(readdirSync(join(releaseRoot, VERSION)).sort()).toEqual(['RELEASE-NOTES.md', '_headers', 'headers.nginx.conf', `jiedu-studio-${VERSION}.tar.gz`, 'manifest.json']);
    const tarball = statSync(join(releaseRoot, VERSION, `jiedu-studio-${VERSION}.tar.gz`)).size;
    console.log(`release: ${releaseSeconds.toFixed(1)} s, ${manifest.counts.files} files, ${(manifest.counts.bytes / 1024 / 1024).toFixed(1)} MB, archive ${(tarball / 1024 / 1024).toFixed(2)} MB`);
    expect(readFileSync(join(releaseRoot, VERSION, 'RELEASE-NOTES.md'), 'utf8')).toContain(`发布说明：${VERSION}`);
    const headers = readFileSync(join(releaseRoot, VERSION, '_headers'), 'utf8');
    expect(headers).toContain("Content-Security-Policy: default-src 'self'");
    // Cloudflare Pages reads at most 100 rules.
    expect(headers.split('\n').filter((l) => l.startsWith('/')).length).toBeLessThanOrEqual(100);
  });

  it('lists every built file, and counts each document, interpretation and infographic page with its title', () => {
    const built = listSiteFiles(DIST).filter((f) => f !== '_headers');
    expect(manifest.files.map((f) => f.path).filter((f) => f !== '_headers')).toEqual(built);
    for (const { kind, prefix } of CONTENT_KINDS) {
      const pages = built.filter((f) => new RegExp(`^${prefix}/[^/]+/index\\.html$`).test(f) && pageHtml(`/${f.replace(/index\.html$/, '')}`).includes('<meta name="ColumnType" content="文章">'));
      expect(manifest.content[kind].map((e) => `${prefix}/${e.id}/index.html`).sort(), kind).toEqual(pages.sort());
      for (const e of manifest.content[kind]) expect(e.title, e.url).not.toBe('');
    }
    expect(manifest.counts.documents).toBeGreaterThan(0);
  });
});

describe('the sample site deployed to a directory', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    const r = await run('scripts/deploy.ts', ['--target', 'dir', '--dir', origin, '--release-dir', releaseRoot, '--version', VERSION]);
    if (r.status !== 0) throw new Error(`npm run deploy failed:\n${r.stdout}\n${r.stderr}`);
    console.log(`deploy to a directory: ${r.seconds.toFixed(1)} s`);
    ({ server, url: base } = await serveDirectory(join(origin, 'current', 'site'), { headers: true }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('serves every page of the sitemap with its cache and security headers', async () => {
    for (const path of sitemapPaths()) {
      const r = await fetch(base + path);
      await r.arrayBuffer();
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control'), path).toBe(cacheControlFor('index.html'));
      expect(r.headers.get('content-security-policy'), path).toBe(manifest.csp);
    }
    const assets = manifest.files.filter((f) => f.path.startsWith('_astro/'));
    for (const f of assets) expect((await fetch(`${base}/${f.path}`)).headers.get('cache-control')).toBe(cacheControlFor(f.path));
  });

  it('every page finds the images, styles and scripts it uses', async () => {
    expect(await brokenOnServer((p) => fetch(base + p, { redirect: 'manual' }), sitemapPaths())).toEqual([]);
  });

  it('under its Content-Security-Policy, a browser loads the stylesheet and the elder-mode script, searches, and reports no violation', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${page.url()} ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()} pageerror: ${e.message}`));
    const searchFiles: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('/pagefind/')) searchFiles.push(new URL(r.url()).pathname);
    });
    await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP blocked ${e.effectiveDirective}: ${e.blockedURI}`)));
    const first = (prefix: string) => sitemapPaths().find((p) => new RegExp(`^/${prefix}/[^/]+/$`).test(p) && !/^\/\w+\/\d+\/$/.test(p));
    const paths = ['/', first('wenjian'), first('jiedu'), first('tujie'), '/search/?q=国务院'].filter((p): p is string => !!p);
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: 'networkidle' });
      // The /_astro/ stylesheet applies (the header is coloured); the elder-mode script is checked below.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('header')!).backgroundColor), path).not.toBe('rgba(0, 0, 0, 0)');
    }
    await page.goto(base + '/', { waitUntil: 'networkidle' });
    await page.check('#elder-mode');
    await page.reload();
    expect(await page.isChecked('#elder-mode')).toBe(true);
    expect(problems).toEqual([]);
    // The search ran: Pagefind's WebAssembly and index were fetched (compiled under 'wasm-unsafe-eval').
    expect(searchFiles.some((f) => /\/wasm\.[^/]+\.pagefind$/.test(f)), searchFiles.join(' ')).toBe(true);
    expect(searchFiles.some((f) => f.endsWith('.pf_meta'))).toBe(true);
    await context.close();
  });
});

describe('the sample site deployed to S3-compatible storage', () => {
  it('is served whole from the bucket through the live pointer, with Content-Type and Cache-Control on every object', async () => {
    const s3 = await startS3();
    try {
      const r = await run('scripts/deploy.ts', ['--target', 's3', '--release-dir', releaseRoot, '--version', VERSION], s3.env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      console.log(`deploy to S3 (first, all files): ${r.seconds.toFixed(1)} s`);
      for (const path of sitemapPaths()) {
        const page = await s3.get(path);
        expect(page.status, path).toBe(200);
        expect(page.headers.get('cache-control'), path).toBe(cacheControlFor('index.html'));
        expect(await page.text(), path).toBe(pageHtml(path));
      }
      expect(await brokenOnServer(s3.get, sitemapPaths().slice(0, 40))).toEqual([]);
      const again = await run('scripts/deploy.ts', ['--target', 's3', '--release-dir', releaseRoot, '--version', VERSION], s3.env);
      // Deploying the live release again checks every live object against the manifest (and would repair it).
      expect(again.stdout).toMatch(new RegExp(`版本 ${VERSION.replaceAll('.', '\\.')}（${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{12}）已经在线上，逐个核对了 ${manifest.counts.files} 个文件，全部与清单一致。`));
    } finally {
      await s3.close();
    }
  });
});
