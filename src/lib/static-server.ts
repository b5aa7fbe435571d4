/**
 * A small static file server for a built site: directory index, 404.html, content types, and optionally the
 * release's `_headers` rules applied as Netlify and Cloudflare Pages apply them, with ETag revalidation.
 * Tests and benchmarks serve dist/ with it on loopback; it is not a production server.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { headersForPath, parseHeadersFile } from '../release/headers-file';

/** Content types by extension for what the site ships. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.ofd': 'application/ofd',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
  '.md': 'text/markdown; charset=utf-8',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
  '.gz': 'application/gzip',
};

function fileAt(root: string, urlPath: string): string | undefined {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0]!)).replace(/^([/\\])+/, '');
  const full = join(root, clean);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep) && full !== root) return undefined;
  for (const candidate of [full, join(full, 'index.html')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there: try the next candidate.
    }
  }
  return undefined;
}

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

/** Serves `root` on 127.0.0.1 at a free port; resolves with the server and its base URL. */
export function serveDirectory(root: string, options: ServeOptions = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const urlPath = path.split('?')[0]!;
    // The headers file is an instruction to the server, never content.
    if (options.headers && urlPath === '/_headers') {
      res.writeHead(404).end();
      return;
    }
    // Directory URLs without the trailing slash redirect, like a CDN does.
    const file = fileAt(root, path);
    if (file && !path.split('?')[0]!.endsWith('/') && file.endsWith(`${sep}index.html`) && !path.endsWith('index.html')) {
      res.writeHead(301, { Location: `${path.split('?')[0]}/` }).end();
      return;
    }
    const found = file ?? fileAt(root, '/404.html');
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPES[extname(found)] ?? 'application/octet-stream' };
    if (options.headers) {
      Object.assign(headers, releaseHeaders(root, urlPath));
      const stat = statSync(found);
      headers.ETag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      if (file && req.headers['if-none-match'] === headers.ETag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    res.writeHead(file ? 200 : 404, headers);
    createReadStream(found).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}
