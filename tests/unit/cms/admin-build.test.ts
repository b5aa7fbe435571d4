// The form editor in a production build is opt-in (content/site.yaml `cms`): off, the build writes no /admin/; on,
// /admin/ logs in to the office's Git host only, with no inline code; a half-filled setting is refused by the check.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cmsAdmin, { enabledCms } from '../../../src/cms/admin-build';
import { adminMetaContentSecurityPolicy } from '../../../src/cms/admin-csp';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';

const SITE = readFileSync('content/site.yaml', 'utf8');
const ON = ['cms:', '  enabled: true', '  backend: gitlab', '  repo: zwgk/jiedu-studio', '  serverUrl: https://git.example.gov.cn', '  appId: abc123', ''].join('\n');

let root: string;
let dist: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'jiedu-cms-build-'));
  mkdirSync(join(root, 'content'));
  dist = join(root, 'dist');
  mkdirSync(dist);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the integration's hooks as `astro build` does, on a project whose site.yaml is `site`. */
async function build(site: string): Promise<void> {
  writeFileSync(join(root, 'content/site.yaml'), site);
  const integration = cmsAdmin();
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m) } as unknown as AstroIntegrationLogger;
  const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
  await hooks['astro:config:setup']!({ config: { root: pathToFileURL(`${root}/`) } });
  await hooks['astro:build:done']!({ dir: pathToFileURL(`${dist}/`), logger });
}

describe('/admin/ in a production build', () => {
  it('is not built when site.yaml does not ask for it, or switches it off', async () => {
    await build(SITE);
    expect(readdirSync(dist)).toEqual([]);
    await build(SITE + ON.replace('enabled: true', 'enabled: false'));
    expect(readdirSync(dist)).toEqual([]);
  });

  it('is built with the Git host login only, the pinned Decap bundle and no inline code', async () => {
    await build(SITE + ON);
    const admin = join(dist, 'admin');
    const html = readFileSync(join(admin, 'index.html'), 'utf8');
    // Every script is a file: the site's Content-Security-Policy allows no inline code (an import map is inline too).
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => [/src="[^"]+"/.test(m[1]!), m[2]!.trim()])).toEqual([
      [true, ''],
      [true, ''],
      [true, ''],
    ]);
    // Its own policy first in the head, for hosts that send no headers (no frame-ancestors: ignored in a meta tag).
    expect(/<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(html)?.[1]).toBe(adminMetaContentSecurityPolicy({ serverUrl: 'https://git.example.gov.cn' }));
    expect(adminMetaContentSecurityPolicy({ serverUrl: 'https://git.example.gov.cn' })).toMatch(/^default-src 'self'; .*connect-src 'self' https:\/\/git\.example\.gov\.cn; .*form-action [^;]+$/);
    const config = JSON.parse(readFileSync(join(admin, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      backend: { name: 'gitlab', repo: 'zwgk/jiedu-studio', base_url: 'https://git.example.gov.cn', api_root: 'https://git.example.gov.cn/api/v4', app_id: 'abc123', auth_type: 'pkce' },
      publish_mode: 'editorial_workflow',
      jieduLocalServer: false,
      site_url: 'https://zcjd.example.gov.cn',
    });
    expect(JSON.stringify(config)).not.toMatch(/proxy|127\.0\.0\.1/);
    for (const file of ['decap-cms.js', 'manual-init.js', 'setup.js', 'file-format.js', 'site.css', 'yaml/index.js']) expect(existsSync(join(admin, file)), file).toBe(true);
    expect(readFileSync(join(admin, 'file-format.js'), 'utf8')).toContain("from './yaml/index.js'");
    const modules = ['setup.js', 'component-codec.js', 'entry-data.js', 'file-format.js'].map((f) => readFileSync(join(admin, f), 'utf8')).join('\n');
    expect(modules).not.toMatch(/from ['"]yaml['"]/);
    expect(readdirSync(admin).filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('enabledCms needs the whole login: a setting the check refuses builds nothing', () => {
    expect(enabledCms(undefined)).toBeUndefined();
    expect(enabledCms({ cms: { enabled: true, backend: 'gitea', repo: 'a/b', serverUrl: 'https://git.example.gov.cn/' } } as never)).toBeUndefined();
    expect(enabledCms({ cms: { enabled: true, backend: 'gitea', repo: 'a/b', serverUrl: 'https://git.example.gov.cn/', appId: 'x' } } as never)).toEqual({
      backend: 'gitea',
      repo: 'a/b',
      serverUrl: 'https://git.example.gov.cn',
      appId: 'x',
      branch: undefined,
    });
  });
});

describe('the check of the cms setting in site.yaml', () => {
  it('a switched-on setting without its login, or with a wrong host or address, is refused in Chinese with line and fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-cms-site-'));
    try {
      cpSync('tests/fixtures/content-errors', dir, { recursive: true });
      const site = join(dir, 'content/site.yaml');
      const text = readFileSync(site, 'utf8');
      writeFileSync(site, `${text}cms:\n  enabled: true\n  backend: gitlap\n  serverUrl: http://git.example.gov.cn\n`);
      const cmsLine = text.split('\n').length;
      const problems = checkContent(dir).problems.filter((p) => p.file === 'content/site.yaml');
      expect(problems.map((p) => [p.field, p.line, p.severity])).toEqual([
        ['cms.appId', cmsLine, 'error'],
        ['cms.repo', cmsLine, 'error'],
        ['cms.backend', cmsLine + 2, 'error'],
        ['cms.serverUrl', cmsLine + 3, 'error'],
      ]);
      const printed = problems.map(formatProblem).join('\n');
      expect(printed).toContain('缺少必填字段 appId（应用编号）');
      expect(printed).toContain('"gitlap" 不是允许的值。允许的值：gitlab、gitea。');
      expect(printed).toContain('以 https:// 开头，例如 https://git.example.gov.cn');
      expect(printed).toContain('在 cms: 这一组下加一行 appId: …（行首比 cms: 多空两格）');
      // An application number written bare is read by YAML as a number; the repository's page pasted as the server.
      writeFileSync(site, `${text}cms:\n  enabled: true\n  backend: gitlab\n  repo: zwgk/jiedu-studio\n  serverUrl: https://git.example.gov.cn/zwgk/jiedu-studio/\n  appId: 12\n`);
      const typed = checkContent(dir).problems.filter((p) => p.file === 'content/site.yaml');
      expect(typed.map((p) => [p.field, p.line])).toEqual([
        ['cms.serverUrl', cmsLine + 4],
        ['cms.appId', cmsLine + 5],
      ]);
      expect(typed[0]!.fix).toBe('只写服务器的地址：serverUrl: https://git.example.gov.cn（仓库已写在 repo 里）。');
      expect(typed[1]!.message).toBe('这里应填文字，现在是 12：不加引号时，YAML 把它读成了数字。');
      expect(typed[1]!.fix).toMatch(/^加上英文双引号，写成 appId: "12"。/);
      // Each fix, applied, passes.
      writeFileSync(site, `${text}cms:\n  enabled: true\n  backend: gitlab\n  repo: zwgk/jiedu-studio\n  serverUrl: https://git.example.gov.cn\n  appId: "12"\n`);
      expect(checkContent(dir).problems.filter((p) => p.file === 'content/site.yaml')).toEqual([]);
      // Switched off, a half-filled group is kept for later without complaint.
      writeFileSync(site, `${text}cms:\n  enabled: false\n  backend: gitea\n`);
      expect(checkContent(dir).problems.filter((p) => p.file === 'content/site.yaml')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
