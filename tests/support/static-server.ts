/**
 * A static server for a built site, for tests and benchmarks on loopback (not a production server): sirv serves
 * the files; around it, what a CDN adds: a 301 to the trailing slash for directories, 404.html with status 404,
 * the Content-Types of a release (contentTypeFor), and optionally the release's `_headers` rules applied as
 * Netlify and Cloudflare Pages apply them, with ETag revalidation.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { headersForPath, parseHeadersFile } from '../../src/release/headers-file';
import { contentTypeFor } from '../../src/release/headers';

/** Options of {@link serveDirectory}. */
export interface ServeOptions {
  /**
   * Apply root/_headers (read on every request, so a release switched under root shows at once) and answer
   * If-None-Match with 304; files no rule gives a Cache-Control get the platforms' default, revalidate.
   */
  headers?: boolean;
}

/** Cache-Control that Netlify and Cloudflare Pages send when `_headers` sets none. */
const DEFAULT_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

function releaseHeaders(root: string, urlPath: string): Record<string, string> {
  let text = '';
  try {
    text = readFileSync(join(root, '_headers'), 'utf8');
  } catch {
    // No _headers: only the default below.
  }
  const headers = headersForPath(parseHeadersFile(text), urlPath);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'cache-control')) headers['Cache-Control'] = DEFAULT_CACHE_CONTROL;
  return headers;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The URL path without its query, decoded; undefined when it is not valid percent-encoding. */
function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined;
  }
}

/** Serves `root` on 127.0.0.1 at a free port; resolves with the server and its base URL. */
export function serveDirectory(root: string, options: ServeOptions = {}): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  // dev: look each request up on disk instead of listing root once at start, so a release switched under root
  // (deploy tests swap the `current` symlink) is served at once. etag: sirv answers If-None-Match with 304.
  const files = sirv(base, {
    dev: true,
    etag: true,
    dotfiles: false,
    // sirv's mrmime types differ from a release's (text/html;charset=utf-8 without the space, no charset on CSS):
    // the test server sends what the deploys send. The pathname is a directory URL when sirv served its index.html.
    setHeaders: (res, pathname) => res.setHeader('Content-Type', contentTypeFor(isFile(join(base, pathname)) ? pathname : 'index.html')),
    onNoMatch: (_req, res) => {
      const notFound = join(base, '404.html');
      if (!isFile(notFound)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(404, { 'Content-Type': contentTypeFor(notFound) });
      createReadStream(notFound).pipe(res);
    },
  });
  const server = createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    const path = decodedPath(req.url ?? '/');
    // The headers file is an instruction to the server, never content.
    if (path === undefined || (options.headers && urlPath === '/_headers')) {
      res.writeHead(path === undefined ? 400 : 404).end();
      return;
    }
    // Directory URLs without the trailing slash redirect, like a CDN does (sirv would serve index.html as is).
    const full = join(base, path);
    if (!urlPath.endsWith('/') && full.startsWith(base) && isDirectory(full) && isFile(join(full, 'index.html'))) {
      res.writeHead(301, { Location: `${urlPath}/` }).end();
      return;
    }
    // Set before sirv runs, so its 200, 304 and the 404 page all carry them (sirv keeps headers already set).
    if (options.headers) for (const [name, value] of Object.entries(releaseHeaders(base, urlPath))) res.setHeader(name, value);
    files(req, res);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}
