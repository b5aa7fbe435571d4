/**
 * A small static file server for a built site: directory index, 404.html, content types.
 * Tests and benchmarks serve dist/ with it on loopback; it is not a production server.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

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

/** Serves `root` on 127.0.0.1 at a free port; resolves with the server and its base URL. */
export function serveDirectory(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
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
    res.writeHead(file ? 200 : 404, { 'Content-Type': CONTENT_TYPES[extname(found)] ?? 'application/octet-stream' });
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
