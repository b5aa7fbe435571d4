// The form editor's /admin/ in a release (content/site.yaml cms): its own Content-Security-Policy in _headers, the
// nginx include and the S3 nginx configuration, derived from the setting; every other file keeps the constant
// policy; verify accepts admin/ only when the setting is on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminContentSecurityPolicy } from '../../../src/cms/admin-csp';
import { CONTENT_SECURITY_POLICY } from '../../../src/lib/csp';
import { createRelease, ReleaseError } from '../../../src/release/create-release';
import { headersForPath, parseHeadersFile } from '../../../src/release/headers-file';
import { headerRules, renderHeadersFile, renderNginxConf } from '../../../src/release/headers';
import { renderNginxProxyConf } from '../../../src/release/nginx-s3-proxy';
import { scanSite } from '../../../src/release/scan';
import { verifySite } from '../../../src/release/verify';
import { copySite, NGINX, ORIGIN, startNginx, tempDir } from './helpers';

const ADMIN_CSP = adminContentSecurityPolicy({ serverUrl: 'https://git.example.gov.cn' });
const PAGES = ['/', '/index.html', '/wenjian/guofa-2019-5/', '/_astro/site.B7dX2k9q.css', '/pagefind/pagefind.js', '/tujie/guofa-2019-5-tujie.png'];
const ADMIN = ['/admin/', '/admin/index.html', '/admin/decap-cms.js', '/admin/yaml/index.js'];

/** A copy of the release fixture with the editor's files, as admin-site.ts writes them (their names). */
function siteWithAdmin(): string {
  const site = copySite();
  mkdirSync(join(site, 'admin/yaml'), { recursive: true });
  writeFileSync(join(site, 'admin/index.html'), '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>表单编辑</title><script src="decap-cms.js"></script></head><body></body></html>\n');
  writeFileSync(join(site, 'admin/decap-cms.js'), 'window.CMS = {};\n');
  writeFileSync(join(site, 'admin/config.json'), '{}\n');
  writeFileSync(join(site, 'admin/site.css'), 'body { background: url(/images/nowhere.png); }\n');
  writeFileSync(join(site, 'admin/yaml/index.js'), 'export {};\n');
  return site;
}

describe('the policy of /admin/', () => {
  it('connects to the configured Git host only, allows inline styles, and no inline script', () => {
    expect(ADMIN_CSP).toContain("connect-src 'self' https://git.example.gov.cn;");
    expect(ADMIN_CSP).toContain("style-src 'self' 'unsafe-inline';");
    expect(ADMIN_CSP).toMatch(/script-src 'self' 'unsafe-eval';/);
    expect(ADMIN_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(ADMIN_CSP).not.toMatch(/\*/);
    // The origin only: a path or a trailing slash in serverUrl does not widen or break it.
    expect(adminContentSecurityPolicy({ serverUrl: 'https://gitea.example.gov.cn:8443/git/' })).toContain("connect-src 'self' https://gitea.example.gov.cn:8443;");
  });
});

describe('_headers with the form editor switched on', () => {
  const site = siteWithAdmin();
  const files = scanSite(site).files;
  const rules = parseHeadersFile(renderHeadersFile(headerRules(files, CONTENT_SECURITY_POLICY, ADMIN_CSP)));

  it('/admin/ gets the admin policy alone; every other file the constant one alone', () => {
    for (const path of ADMIN) expect(headersForPath(rules, path)['Content-Security-Policy'], path).toBe(ADMIN_CSP);
    for (const path of PAGES) expect(headersForPath(rules, path)['Content-Security-Policy'], path).toBe(CONTENT_SECURITY_POLICY);
    // The other security headers still on every response.
    for (const path of [...ADMIN, ...PAGES]) expect(headersForPath(rules, path)['X-Content-Type-Options'], path).toBe('nosniff');
  });

  it('switched off, the file is what it was: the constant policy on /* for every path', () => {
    const plain = parseHeadersFile(renderHeadersFile(headerRules(scanSite(copySite()).files)));
    expect(plain[0]).toMatchObject({ path: '/*' });
    expect(headersForPath(plain, '/no/such/page/')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('nginx', () => {
  it('the include has an /admin/ block with the admin policy, and none when the editor is off', () => {
    const conf = renderNginxConf(CONTENT_SECURITY_POLICY, ADMIN_CSP);
    const block = /location \^~ \/admin\/ \{[\s\S]*?\n\}/.exec(conf)?.[0] ?? '';
    expect(block).toContain(`add_header Content-Security-Policy "${ADMIN_CSP}" always;`);
    expect(conf.replace(block, '')).not.toContain(ADMIN_CSP);
    expect(renderNginxConf()).not.toContain('/admin/');
  });

  it('the S3 proxy configuration serves /admin/ from the live release with the admin policy', () => {
    const input = { upstream: 'http://127.0.0.1:9000', bucketPath: '/site/', prefix: '', csp: CONTENT_SECURITY_POLICY };
    const conf = renderNginxProxyConf({ ...input, adminCsp: ADMIN_CSP });
    const block = /location \^~ \/admin\/ \{[\s\S]*?\n\}/.exec(conf)?.[0] ?? '';
    expect(block).toContain('proxy_pass http://127.0.0.1:9000/site/releases/$jiedu_release$jiedu_key;');
    expect(block).toContain(`add_header Content-Security-Policy "${ADMIN_CSP}" always;`);
    expect(conf.replace(block, '')).not.toContain(ADMIN_CSP);
    expect(renderNginxProxyConf(input)).not.toContain('/admin/');
  });

  describe.skipIf(!NGINX)('on a real nginx', () => {
    const stop: (() => void)[] = [];
    afterAll(() => stop.forEach((s) => s()));
    it('answers /admin/ with the admin policy and the pages with the constant one', async () => {
      const site = siteWithAdmin();
      const nginx = await startNginx({
        prepare: (prefix) => writeFileSync(join(prefix, 'headers.nginx.conf'), renderNginxConf(CONTENT_SECURITY_POLICY, ADMIN_CSP)),
        server: [`root ${site};`, 'include headers.nginx.conf;'],
      });
      stop.push(() => void nginx.stop());
      const get = nginx.get;
      for (const path of ADMIN) {
        const answer = await get(path);
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get('content-security-policy'), path).toBe(ADMIN_CSP);
      }
      for (const path of ['/', '/wenjian/guofa-2019-5/', '/_astro/site.B7dX2k9q.css']) expect((await get(path)).headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
    });
  });
});

describe('npm run release verify and /admin/', () => {
  it('refuses an admin/ folder when site.yaml does not switch the editor on, naming the fix', () => {
    const problems = verifySite(scanSite(siteWithAdmin()), { siteOrigin: ORIGIN });
    const admin = problems.filter((p) => p.field === 'cms');
    expect(admin.map((p) => p.file)).toEqual(['dist/admin/']);
    expect(admin[0]!.message).toContain('content/site.yaml 没有开启表单编辑器');
    expect(admin[0]!.fix).toContain('docs/cms.md 第七节');
  });

  it('accepts admin/ as the editor’s own files when it is switched on (its page is not a page of the site)', () => {
    expect(verifySite(scanSite(siteWithAdmin()), { siteOrigin: ORIGIN, cmsAdmin: true })).toEqual([]);
  });

  it('switched on without an admin/index.html is refused', () => {
    const problems = verifySite(scanSite(copySite()), { siteOrigin: ORIGIN, cmsAdmin: true });
    expect(problems.map((p) => [p.file, p.field])).toEqual([['dist/admin/index.html', 'cms']]);
  });

  it('a release carries the admin policy in its manifest, _headers and nginx include', async () => {
    const common = { releaseRoot: tempDir(), name: 'jiedu-studio', packageVersion: '0.1.0', git: { commit: null, dirty: false }, siteOrigin: ORIGIN, builtAt: new Date('2026-11-29T00:00:00Z') };
    await expect(createRelease({ ...common, siteDir: siteWithAdmin(), version: '1.0.0' })).rejects.toThrow(ReleaseError);
    const result = await createRelease({ ...common, siteDir: siteWithAdmin(), version: '1.0.1', adminCsp: ADMIN_CSP });
    expect(result.manifest.adminCsp).toBe(ADMIN_CSP);
    expect(headersForPath(parseHeadersFile(result.headersFile), '/admin/')['Content-Security-Policy']).toBe(ADMIN_CSP);
    expect(result.nginxConf).toContain('location ^~ /admin/ {');
  });
});
