/**
 * The files of the form editor in a production build (dist/admin/), written by the integration in admin-build.ts
 * when content/site.yaml switches it on: the pinned Decap bundle (copied from node_modules/decap-cms/dist, no CDN),
 * the admin page's modules and a configuration whose only backend is the office's GitLab or Gitea (its login; there
 * is no local proxy and no /api/check on a static host).
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { EnabledCms } from './admin-build';
import { adminMetaContentSecurityPolicy } from './admin-csp';
import { buildCmsConfig } from './decap-config';

const require = createRequire(import.meta.url);
const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_SOURCES = join(PROJECT_ROOT, 'src/cms/admin');

/** The admin page's modules, transpiled to browser JavaScript (the same sources `npm run cms` serves). */
export const ADMIN_MODULES = ['setup', 'component-codec', 'entry-data', 'file-format'] as const;

/**
 * A module of the admin page as a file a static host can serve: TypeScript transpiled, and the bare `yaml` import
 * (an import map under `npm run cms`) pointed at the copied browser build, since the site's policy allows no
 * inline script, and an import map is one.
 */
export function adminModuleForSite(source: string, name: string): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: `${name}.ts`,
  });
  return outputText.replace(/from (['"])yaml\1/g, "from './yaml/index.js'");
}

/**
 * The admin page of the site: no inline code; Decap starts from setup.js with the configuration beside it. `csp` is
 * its policy as a meta tag (admin-csp.ts), for hosts that send no headers (S3 without the nginx in front).
 */
const indexHtml = (csp: string) => `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex, nofollow" />
    <title>表单编辑</title>
    <script src="manual-init.js"></script>
    <script src="decap-cms.js"></script>
    <script type="module" src="setup.js"></script>
  </head>
  <body></body>
</html>
`;

/**
 * Writes the form editor into `outDir`/admin/ for `cms` (GitLab or Gitea login, editorial workflow where Decap has
 * it) and returns the files written, relative to `outDir`. `siteUrl` is the site's address (site.yaml baseUrl).
 */
export function writeAdminSite(outDir: string, cms: EnabledCms, siteUrl?: string): string[] {
  const admin = join(outDir, 'admin');
  mkdirSync(admin, { recursive: true });
  const written: string[] = [];
  const put = (name: string, text: string) => {
    writeFileSync(join(admin, name), text);
    written.push(`admin/${name}`);
  };
  const config = buildCmsConfig({
    root: PROJECT_ROOT,
    backend: { name: cms.backend, repo: cms.repo, baseUrl: cms.serverUrl, appId: cms.appId, branch: cms.branch },
    siteUrl,
  });
  put('config.json', JSON.stringify({ ...config, jieduLocalServer: false }));
  put('index.html', indexHtml(adminMetaContentSecurityPolicy(cms)));
  put('manual-init.js', 'window.CMS_MANUAL_INIT = true;\n');
  for (const name of ADMIN_MODULES) put(`${name}.js`, adminModuleForSite(readFileSync(join(ADMIN_SOURCES, `${name}.ts`), 'utf8'), name));
  put('site.css', readFileSync(join(PROJECT_ROOT, 'src/styles/site.css'), 'utf8'));
  // Decap's bundle and the chunks and WebAssembly it loads beside itself; source maps stay out.
  const decap = dirname(require.resolve('decap-cms'));
  for (const file of readdirSync(decap).filter((f) => /^(?:\d+\.)?decap-cms\.js$|\.wasm$|^decap-cms\.js\.LICENSE\.txt$/.test(f))) {
    copyFileSync(join(decap, file), join(admin, file));
    written.push(`admin/${file}`);
  }
  const yaml = join(dirname(require.resolve('yaml/package.json')), 'browser/dist');
  cpSync(yaml, join(admin, 'yaml'), { recursive: true });
  written.push('admin/yaml/');
  return written;
}

