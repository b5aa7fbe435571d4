// An opted-in /admin/ (content/site.yaml cms) really works in production: a full build of a private copy of the
// project with the setting on, then the release's verify passes, its _headers send the admin policy on /admin/ and
// the constant one everywhere else, and in Chromium the /admin/ page served with those headers reaches Decap's
// login screen without any Content-Security-Policy violation (and with the site's constant policy it would not).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { adminCspOfProject } from '../../src/cms/admin-csp';
import { CONTENT_SECURITY_POLICY } from '../../src/lib/csp';
import { productionBuildEnv } from '../../src/release/build-env';
import { createRelease, type ReleaseResult } from '../../src/release/create-release';
import { headersForPath, parseHeadersFile } from '../../src/release/headers-file';
import { HEADERS_FILE, headerRules, renderHeadersFile } from '../../src/release/headers';
import { listSiteFiles, fileToUrlPath } from '../../src/release/site-files';
import { copyProjectSources } from '../support/project-copy';
import { serveDirectory } from '../support/static-server';

const CMS = ['', 'cms:', '  enabled: true', '  backend: gitlab', '  repo: zwgk/jiedu-studio', '  serverUrl: https://git.example.gov.cn', '  appId: abc123', ''].join('\n');

let root: string;
let dist: string;
let adminCsp: string | undefined;
let result: ReleaseResult;
let browser: Browser;
const servers: Server[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'jiedu-cms-admin-e2e-'));
  copyProjectSources(root, { infographicCache: true });
  appendFileSync(join(root, 'content/site.yaml'), CMS);
  const build = spawnSync('npx', ['astro', 'build'], { cwd: root, encoding: 'utf8', env: productionBuildEnv() });
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  dist = join(root, 'dist');
  adminCsp = adminCspOfProject(root);
  // As npm run release does (scripts/release.ts): verify, then the release files.
  result = await createRelease({
    siteDir: dist,
    releaseRoot: join(root, 'release'),
    name: 'jiedu-studio',
    version: '1.0.0',
    packageVersion: '0.1.0',
    git: { commit: null, dirty: false },
    siteOrigin: 'https://zcjd.example.gov.cn',
    adminCsp,
  });
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Serves the built site with `headers` as its _headers file. */
async function serveWith(headers: string): Promise<string> {
  writeFileSync(join(dist, HEADERS_FILE), headers);
  const { server, url } = await serveDirectory(dist, { headers: true });
  servers.push(server);
  return url;
}

/** Opens /admin/ and collects every CSP violation (events and console “Refused to …”) until the login screen shows. */
async function openAdmin(base: string): Promise<{ violations: string[]; login: boolean; csp: string | null }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Refused to|violates the following Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/Content Security Policy/.test(e.message)) violations.push(e.message);
  });
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.effectiveDirective}: ${e.blockedURI}`)),
  );
  const answer = await page.goto(`${base}/admin/`);
  const login = await page
    .getByRole('button', { name: '使用 GitLab 登录' })
    .waitFor({ timeout: 30_000 })
    .then(() => true, () => false);
  await page.close();
  return { violations, login, csp: answer?.headers()['content-security-policy'] ?? null };
}

describe('/admin/ switched on in content/site.yaml, in a release', () => {
  it('the build wrote /admin/ and release verify passed, with the admin policy in the manifest', () => {
    expect(adminCsp).toContain("connect-src 'self' https://git.example.gov.cn;");
    expect(listSiteFiles(dist)).toContain('admin/index.html');
    expect(result.manifest.adminCsp).toBe(adminCsp);
  });

  it('_headers sends the admin policy on /admin/ and the constant one on every other file', () => {
    const rules = parseHeadersFile(result.headersFile);
    const files = listSiteFiles(dist).filter((f) => f !== HEADERS_FILE);
    let pages = 0;
    for (const file of files) {
      const path = file.endsWith('.html') ? fileToUrlPath(file) : `/${file}`;
      const expected = file.startsWith('admin/') ? adminCsp : CONTENT_SECURITY_POLICY;
      expect(headersForPath(rules, path)['Content-Security-Policy'], path).toBe(expected);
      if (file.endsWith('.html') && !file.startsWith('admin/')) pages++;
    }
    expect(pages).toBeGreaterThan(10);
    expect(result.nginxConf).toContain(`add_header Content-Security-Policy "${adminCsp}" always;`);
  });

  it('in Chromium, /admin/ under those headers shows Decap’s login with no CSP violation; under the site policy it is blocked', async () => {
    const served = await openAdmin(await serveWith(result.headersFile));
    expect(served.csp).toBe(adminCsp);
    expect(served.violations).toEqual([]);
    expect(served.login).toBe(true);
    // The same page under the constant policy on every path (what the release wrote before /admin/ had its own).
    const blocked = await openAdmin(await serveWith(renderHeadersFile(headerRules(listSiteFiles(dist)))));
    expect(blocked.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(blocked.violations.length).toBeGreaterThan(0);
    expect(blocked.login).toBe(false);
  }, 120_000);
});
