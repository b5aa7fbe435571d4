/**
 * The Content-Security-Policy of /admin/ on the site, sent only there (src/release/headers.ts) when content/site.yaml
 * switches the form editor on (`cms:`); every other page keeps the site's constant policy (src/lib/csp.ts). Decap
 * CMS needs what the site's pages never do: inline styles (it styles with emotion, which writes <style> elements at
 * run time), connections to the office's Git host (the GitLab or Gitea API and the OAuth token at `serverUrl`, and
 * nothing else), blob: and data: images (media previews), and eval for ajv, which checks Decap's configuration. Derived from the setting, never from dist/.
 */
import { readSnapshot } from '../content/snapshot';
import { SiteSchema } from '../schemas/site';
import { enabledCms, type EnabledCms } from './admin-build';

/** The URL path the form editor is served under on the site. */
export const ADMIN_PATH = '/admin/';

/**
 * The /admin/ policy for `cms`: the site's own files, plus inline styles, blob:/data: images and the Git host at
 * `cms.serverUrl` (its origin only) for connections and images, and 'unsafe-eval' for Decap's configuration
 * check (ajv). No inline script: Decap's bundle and the admin modules are files (admin-site.ts), the
 * configuration a JSON file.
 */
export function adminContentSecurityPolicy(cms: Pick<EnabledCms, 'serverUrl'>): string {
  const host = new URL(cms.serverUrl).origin;
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    // Decap validates its configuration with ajv, which compiles each schema with new Function (no build-time
    // alternative in decap-cms 3.16.3): without 'unsafe-eval' it stops before the login screen. No inline script.
    ['script-src', "'self' 'unsafe-eval'"],
    // emotion (Decap's styling) inserts <style> elements and style attributes at run time.
    ['style-src', "'self' 'unsafe-inline'"],
    // Media previews are blob: URLs; avatars and media may come from the Git host.
    ['img-src', `'self' data: blob: ${host}`],
    ['font-src', "'self' data:"],
    ['connect-src', `'self' ${host}`],
    ['worker-src', "'self' blob:"],
    ['frame-src', "'self' blob:"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', `'self' ${host}`],
    ['frame-ancestors', "'self'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * The same policy for the admin page's `<meta http-equiv>` (hosts that send no headers): without frame-ancestors,
 * which browsers ignore there (src/lib/csp.ts). Its text has no quote or angle bracket to escape in an attribute.
 */
export function adminMetaContentSecurityPolicy(cms: Pick<EnabledCms, 'serverUrl'>): string {
  return adminContentSecurityPolicy(cms)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors '))
    .join('; ');
}

/**
 * The /admin/ policy of the project at `root` (its content/site.yaml), or undefined when the form editor is not
 * switched on (or the setting is incomplete, which the check refuses): then no /admin/ may be published.
 */
export function adminCspOfProject(root: string): string | undefined {
  const parsed = SiteSchema.safeParse(readSnapshot(root).site?.data);
  const cms = enabledCms(parsed.success ? parsed.data : undefined);
  return cms ? adminContentSecurityPolicy(cms) : undefined;
}
