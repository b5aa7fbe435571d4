/** The editors' site config (content/site.yaml), parsed with its schema once per build. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SiteSchema, type Site } from '../schemas/site';

let site: Site | undefined;

export function getSiteConfig(): Site {
  site ??= SiteSchema.parse(parse(readFileSync(join(process.cwd(), 'content', 'site.yaml'), 'utf8')));
  return site;
}

/** The host name of the site, for the SiteDomain meta tag. */
export function siteDomain(): string {
  return new URL(getSiteConfig().baseUrl).host;
}
