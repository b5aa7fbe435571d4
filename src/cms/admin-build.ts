/**
 * The form editor in a production build, only when content/site.yaml asks for it (`cms: { enabled: true, … }`,
 * src/schemas/site.ts): after `astro build` this Astro integration has admin-site.ts write dist/admin/, whose only
 * backend is the office's GitLab or Gitea login. Without the setting nothing is written, and no public page ever
 * loads any of it (tests/e2e/cms.test.ts, tests/unit/cms/admin-build.test.ts).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SiteSchema, type Site } from '../schemas/site';
// A static import: Astro loads this file through Vite's module runner and closes it before any hook runs, so a
// dynamic import in a hook fails ("Vite module runner has been closed", seen in a real build with cms on).
import { writeAdminSite } from './admin-site';

/** The site's form editor setting, switched on and complete (the check refuses it half filled). */
export type EnabledCms = Required<Pick<NonNullable<Site['cms']>, 'backend' | 'repo' | 'serverUrl' | 'appId'>> & { branch?: string };

/** The cms setting of a site config when it is switched on and complete, else undefined (no /admin/). */
export function enabledCms(site: Site | undefined): EnabledCms | undefined {
  const cms = site?.cms;
  if (!cms?.enabled || !cms.backend || !cms.repo || !cms.serverUrl || !cms.appId) return undefined;
  return { backend: cms.backend, repo: cms.repo, serverUrl: cms.serverUrl.replace(/\/+$/, ''), appId: cms.appId, branch: cms.branch };
}

/** The Astro integration: /admin/ after the build when site.yaml switches the form editor on, else nothing. */
export default function cmsAdmin(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'jiedu-cms-admin',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const file = join(root, 'content/site.yaml');
        const parsed = SiteSchema.safeParse(existsSync(file) ? parseYaml(readFileSync(file, 'utf8')) : undefined);
        const site = parsed.success ? parsed.data : undefined;
        const cms = enabledCms(site);
        if (!cms) return;
        const files = writeAdminSite(fileURLToPath(dir), cms, site?.baseUrl);
        logger.info(`表单编辑器：生成 /admin/（${files.length} 个文件），登录 ${cms.serverUrl} 上的仓库 ${cms.repo}。`);
      },
    },
  };
}
