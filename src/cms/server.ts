/**
 * The local form editor server behind `npm run cms`: on 127.0.0.1 only, it serves the admin page (src/cms/admin/),
 * the pinned Decap CMS bundle from node_modules/decap-cms/dist (never a CDN), the configuration generated from the
 * schemas, POST /api/check (the project's check of one entry, check-entry.ts) and POST /api/infographic-preview
 * (the rendered long image, infographic-preview.ts); it starts Decap's own local
 * proxy (decap-server, MODE=fs) as a child process that reads and writes the files under `root`. Static files go
 * through sirv; the TypeScript of the admin page is transpiled by TypeScript's transpileModule when asked for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import ts from 'typescript';
import { buildCmsConfig, type CmsBackend } from './decap-config';
import { checkFormEntry, isCollectionName } from './check-entry';
import { renderInfographicPreview } from './infographic-preview';

/** The project this code belongs to (schema sources, src/cms/admin/, node_modules). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_DIR = join(PROJECT_ROOT, 'src/cms/admin');
const require = createRequire(import.meta.url);

/** Options of startCmsServer. */
export interface CmsServerOptions {
  /** The project whose content/ the form edits (a clone of this repository). */
  root: string;
  /** Port of the admin page; 0 picks a free one. */
  port: number;
  /** Port of Decap's local proxy; 0 picks a free one. */
  proxyPort: number;
  /** Git host for an office (GitLab, Gitea); default: the local folder through the proxy. */
  backend?: Exclude<CmsBackend, { name: 'local' }>;
}

/** A running form editor server. */
export interface CmsServer {
  /** Address of the admin page, e.g. http://127.0.0.1:4322/admin/. */
  adminUrl: string;
  /** Address of Decap's local proxy API, e.g. http://127.0.0.1:8081/api/v1 (undefined with a Git host). */
  proxyUrl?: string;
  /** Stops the proxy and the server. */
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

const transpiled = new Map<string, string>();
/** The admin page's TypeScript module `name` (setup, component-codec, entry-data) as browser JavaScript. */
function adminModule(name: string): string {
  const cached = transpiled.get(name);
  if (cached) return cached;
  const source = readFileSync(join(ADMIN_DIR, `${name}.ts`), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: `${name}.ts`,
  });
  transpiled.set(name, outputText);
  return outputText;
}

function readBody(req: IncomingMessage, limit = 5_000_000): Promise<string> {
  return new Promise((done, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) fail(new Error('请求太大'));
      else chunks.push(c);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function waitForProxy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`Decap 本地代理（decap-server）启动失败，退出码 ${child.exitCode}。`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Decap 本地代理 ${url} 10 秒内没有回答。`);
}

/**
 * Starts the form editor for the project at `options.root`: the proxy (local folder only), then the admin server.
 * Throws when a port is taken or the proxy does not start; nothing is left running then.
 */
export async function startCmsServer(options: CmsServerOptions): Promise<CmsServer> {
  const root = resolve(options.root);
  let proxy: ChildProcess | undefined;
  let proxyUrl: string | undefined;
  if (!options.backend) {
    const proxyPort = options.proxyPort || (await findFreePort());
    proxyUrl = `http://127.0.0.1:${proxyPort}/api/v1`;
    proxy = spawn(process.execPath, [require.resolve('decap-server')], {
      env: { ...process.env, MODE: 'fs', PORT: String(proxyPort), BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: root, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    try {
      await waitForProxy(proxyUrl, proxy);
    } catch (e) {
      proxy.kill();
      throw e;
    }
  }
  const config = buildCmsConfig({ root: PROJECT_ROOT, backend: options.backend ?? { name: 'local', proxyUrl: proxyUrl! } });
  const decapFiles = sirv(dirname(require.resolve('decap-cms')), { dev: true });
  // The yaml package's own ES module build for browsers, so the form writes files with the project's YAML writer.
  const yamlFiles = sirv(join(dirname(require.resolve('yaml/package.json')), 'browser/dist'), { dev: true });
  const admin = readFileSync(join(ADMIN_DIR, 'index.html'), 'utf8');

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path === '/api/check') {
      readBody(req)
        .then((text) => {
          const { collection, slug, data } = JSON.parse(text) as { collection?: unknown; slug?: unknown; data?: unknown };
          if (!isCollectionName(collection) || typeof data !== 'object' || data === null) {
            return send(res, 400, 'application/json', JSON.stringify({ error: '需要 collection（集合名）和 data（表单内容）。' }));
          }
          const answer = checkFormEntry(root, collection, typeof slug === 'string' ? slug : undefined, data as Record<string, unknown>);
          send(res, 200, 'application/json; charset=utf-8', JSON.stringify(answer));
        })
        .catch((e: Error) => send(res, 500, 'application/json', JSON.stringify({ error: `检查失败：${e.message}` })));
      return;
    }
    if (req.method === 'POST' && path === '/api/infographic-preview') {
      readBody(req)
        .then(async (text) => {
          const { slug, data } = JSON.parse(text) as { slug?: unknown; data?: unknown };
          if (typeof data !== 'object' || data === null) return send(res, 400, 'application/json', JSON.stringify({ error: '需要 data（表单内容）。' }));
          const preview = await renderInfographicPreview(root, PROJECT_ROOT, typeof slug === 'string' ? slug : undefined, data as Record<string, unknown>);
          send(res, 200, 'application/json; charset=utf-8', JSON.stringify(preview));
        })
        .catch((e: Error) => send(res, 500, 'application/json', JSON.stringify({ error: `图解预览失败：${e.message}` })));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    if (path === '/' ) {
      res.writeHead(302, { location: '/admin/' });
      return res.end();
    }
    if (path === '/admin' || path === '/admin/') return send(res, 200, 'text/html; charset=utf-8', admin);
    if (path === '/admin/config.json') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(config));
    if (path === '/admin/site.css') return send(res, 200, 'text/css; charset=utf-8', readFileSync(join(PROJECT_ROOT, 'src/styles/site.css'), 'utf8'));
    const module = /^\/admin\/(setup|component-codec|entry-data|file-format)\.js$/.exec(path);
    if (module) return send(res, 200, 'text/javascript; charset=utf-8', adminModule(module[1]!));
    if (path.startsWith('/admin/yaml/')) {
      req.url = path.slice('/admin/yaml'.length);
      return yamlFiles(req, res, () => send(res, 404, 'text/plain; charset=utf-8', '没有这个文件'));
    }
    if (path.startsWith('/admin/')) {
      req.url = path.slice('/admin'.length);
      return decapFiles(req, res, () => send(res, 404, 'text/plain; charset=utf-8', '没有这个文件'));
    }
    send(res, 404, 'text/plain; charset=utf-8', '没有这个页面：表单编辑器在 /admin/');
  });
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port, '127.0.0.1', done);
    });
  } catch (e) {
    proxy?.kill();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    adminUrl: `http://127.0.0.1:${port}/admin/`,
    proxyUrl,
    close: async () => {
      proxy?.kill();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
