/** The editors' site config (content/site.yaml), parsed with its schema once per content snapshot. */
import { readSnapshot } from '../content/snapshot';
import { SiteSchema, type Site } from '../schemas/site';

/**
 * content/site.yaml of the project in the current folder, from the content snapshot (src/content/snapshot.ts: read
 * once per build; in the preview, again after it changed). Throws the schema's error when it is invalid; the
 * content check has reported it in Chinese before any page renders.
 */
export function getSiteConfig(): Site {
  const snapshot = readSnapshot(process.cwd());
  return snapshot.memo('site-config', () => SiteSchema.parse(snapshot.site?.data));
}

/** The host name of the site, for the SiteDomain meta tag. */
export function siteDomain(): string {
  return new URL(getSiteConfig().baseUrl).host;
}
