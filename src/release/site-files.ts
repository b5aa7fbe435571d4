/**
 * The files of a built site and the URLs they answer: listing, hashing and the path ↔ URL mapping that
 * verification, the manifest, headers and deploys share.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileToUrlPath } from '../content/registry';

/** Every file under dir, as paths relative to it with forward slashes, sorted by code point so runs agree. */
export function listSiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort(compareCodePoints);
}

/** Orders strings by code point, independent of locale and ICU version. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hex sha256 of bytes. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The URL path a built file answers (defined with the other URL rules in the collection registry). */
export { fileToUrlPath };

/**
 * Files that may answer a URL path, most specific first: /a/ is a/index.html; /a.css is a.css;
 * /a (no slash) is a or, through the server's redirect, a/index.html.
 */
export function urlPathToFiles(urlPath: string): string[] {
  const clean = urlPath.replace(/^\/+/, '');
  if (clean === '' || clean.endsWith('/')) return [`${clean}index.html`];
  // A name with an extension (.png, .css) is a file; anything else may be a page without its slash.
  if (/\.[A-Za-z0-9]+$/.test(clean)) return [clean];
  return [clean, `${clean}/index.html`];
}

/** True for paths of HTML pages. */
export function isHtml(file: string): boolean {
  return file.endsWith('.html');
}
