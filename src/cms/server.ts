/**
 * The local form editor server behind `npm run cms`: on 127.0.0.1 only, it serves the admin page (src/cms/admin/),
 * the pinned Decap CMS bundle from node_modules/decap-cms/dist (never a CDN), the configuration generated from the
 * schemas, POST /api/check (the project's check of one entry, check-entry.ts) and POST /api/infographic-preview
 * (the rendered long image, infographic-preview.ts); it starts Decap's own local
 * proxy (decap-server) as a child process that reads and writes the files under `root`, and passes the page's
 * proxy requests to it through /api/v1, one at a time. With `workflow` the proxy runs in its local Git mode (an
 * editorial workflow on branches cms/<collection>/<slug>) and a move to “就绪” first records the sign-off on the
 * entry's branch (sign-off.ts); without it the proxy (MODE=fs) reads the files and this server saves straight
 * into them, atomically (fs-save.ts). Static files go
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
import { ATOMIC_SAVE_ACTIONS, saveAtomically } from './fs-save';
import { READY_STATUS, SignOffError, gitUserName, hasSignOffField, recordSignOff, signOffOf, signOffOnBranch, withdrawSignOff } from './sign-off';
import { execFileSync } from 'node:child_process';

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
  /**
   * Local folder only: the editorial workflow (草稿 → 审核中 → 就绪) on Git branches of `root`, which must be a
   * Git repository with nothing uncommitted (decap-server commits with `git add .`).
   */
  workflow?: boolean;
  /** Who signs off an entry moved to 就绪 (审签人); default: git config user.name in `root`. */
  signer?: string;
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

/** An answer of the local proxy, passed back to the page as it came. */
interface ProxyAnswer {
  status: number;
  body: string;
}

/**
 * Passes the page's proxy requests (Decap's proxy backend: a JSON body { action, params }) to decap-server at
 * `proxyUrl`, one at a time, so a sign-off written on a branch never runs beside a Git operation of the proxy. A
 * move to 就绪 (`updateUnpublishedEntryStatus` to pending_publish) of an entry whose schema has signOff first
 * records the sign-off by `signer` (else git config user.name); when that is not possible the move is refused
 * with the reason (HTTP 422, `error` in Chinese, which Decap shows in its “更新状态失败” notice). With
 * `atomicSaves` (the local folder mode, MODE=fs) the writing actions persistEntry and persistMedia never reach
 * decap-server, which writes in place: fs-save.ts writes the same bytes atomically and answers as it would.
 */
export function proxyForwarder(root: string, proxyUrl: string, signer?: string, options: { atomicSaves?: boolean } = {}): (body: string) => Promise<ProxyAnswer> {
  let queue: Promise<unknown> = Promise.resolve();
  // collection/slug → the sign-off (as JSON) removed when the entry left 就绪, until it is moved there again.
  const withdrawn = new Map<string, string>();
  const pass = async (body: string): Promise<ProxyAnswer> => {
    const answer = await fetch(proxyUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    return { status: answer.status, body: await answer.text() };
  };
  const handle = async (body: string): Promise<ProxyAnswer> => {
    let request: { action?: unknown; params?: { collection?: unknown; slug?: unknown; newStatus?: unknown } } = {};
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      // Not ours to judge: decap-server answers a malformed request itself.
    }
    const params = request.params ?? {};
    const action = request.action;
    if (options.atomicSaves && ATOMIC_SAVE_ACTIONS.some((a) => a === action)) {
      return saveAtomically(root, action as (typeof ATOMIC_SAVE_ACTIONS)[number], request.params);
    }
    if (
      request.action === 'updateUnpublishedEntryStatus' &&
      params.newStatus === READY_STATUS &&
      isCollectionName(params.collection) &&
      typeof params.slug === 'string' &&
      hasSignOffField(params.collection)
    ) {
      const by = signer ?? gitUserName(root);
      const refuse = (error: string): ProxyAnswer => ({ status: 422, body: JSON.stringify({ error }) });
      if (!by) return refuse('不知道审签人是谁，没有移到“就绪”：请关掉表单编辑器，运行 git config user.name "你的姓名" 后重新启动，或启动时写明：npm run cms -- --workflow --signer 张三。');
      try {
        const done = recordSignOff({ root, collection: params.collection, slug: params.slug, by });
        console.log(done.kind === 'kept' ? `审签：${done.file} 已有审签，保留原样。` : `审签：${done.file} 记下 ${done.signOff.by}（${done.signOff.at}）。`);
      } catch (e) {
        if (e instanceof SignOffError) return refuse(e.message);
        throw e;
      }
    }
    if (
      request.action === 'updateUnpublishedEntryStatus' &&
      params.newStatus !== READY_STATUS &&
      isCollectionName(params.collection) &&
      typeof params.slug === 'string' &&
      hasSignOffField(params.collection)
    ) {
      // Leaving 就绪: the sign-off this server wrote goes, so later edits are not published as signed.
      try {
        const done = withdrawSignOff({ root, collection: params.collection, slug: params.slug, by: signer ?? gitUserName(root) ?? '表单编辑器' });
        if (done.kind === 'removed') {
          withdrawn.set(`${params.collection}/${params.slug}`, JSON.stringify(done.signOff));
          console.log(`审签：${done.file} 移出“就绪”，去掉了表单编辑器写入的审签。`);
        }
      } catch (e) {
        if (e instanceof SignOffError) return { status: 422, body: JSON.stringify({ error: e.message }) };
        throw e;
      }
    }
    if (request.action === 'updateUnpublishedEntryStatus' && params.newStatus === READY_STATUS) withdrawn.delete(`${String(params.collection)}/${String(params.slug)}`);
    if (request.action === 'persistEntry') {
      const refused = staleSignOff(root, request.params as PersistParams | undefined, withdrawn);
      if (refused) return { status: 409, body: JSON.stringify({ error: refused }) };
    }
    return pass(body);
  };
  return (body) => {
    const next = queue.then(() => handle(body));
    queue = next.catch(() => undefined);
    return next;
  };
}

/** The parts of Decap's persistEntry request staleSignOff reads. */
interface PersistParams {
  options?: { useWorkflow?: boolean; collectionName?: unknown };
  entry?: { slug?: unknown; raw?: unknown };
  dataFiles?: { slug?: unknown; raw?: unknown }[];
}

/**
 * Why a workflow save must not go through, or undefined: the entry was signed off on its branch (a move to 就绪)
 * after the form was opened, and the form's file has no signOff, so saving it would drop the sign-off unasked; or
 * the form still holds the sign-off `withdrawn` (collection/slug → JSON) removed when the entry left 就绪, so saving
 * would bring it back on changed text.
 */
function staleSignOff(root: string, params: PersistParams | undefined, withdrawn: ReadonlyMap<string, string> = new Map()): string | undefined {
  const collection = params?.options?.collectionName;
  if (!params?.options?.useWorkflow || !isCollectionName(collection) || !hasSignOffField(collection)) return undefined;
  for (const file of params.dataFiles ?? (params.entry ? [params.entry] : [])) {
    if (typeof file.slug !== 'string' || typeof file.raw !== 'string') continue;
    const signed = signOffOnBranch(root, collection, file.slug) as { by?: unknown; at?: unknown } | undefined;
    const inForm = signOffOf(file.raw);
    const removed = withdrawn.get(`${collection}/${file.slug}`);
    if (removed !== undefined && inForm !== undefined && JSON.stringify(inForm) === removed) {
      return `这篇移出“就绪”时已去掉审签，表单里还是原来的审签，保存会把它带回来，所以没有保存。请刷新页面后再改、再保存；再次移到“就绪”时会重新审签。`;
    }
    if (signed && inForm === undefined) {
      return `这篇已经审签（${String(signed.by)}，${String(signed.at)}），表单里是审签之前的内容，保存会去掉审签，所以没有保存。请刷新页面（审签会出现在“审签”一组里）后再改、再保存。`;
    }
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/**
 * Throws, in Chinese with the fix, when `port` on 127.0.0.1 is already taken (`option` names the command-line
 * option that changes it, e.g. proxy-port); port 0 is always free. Most often a decap-server left over from a
 * `npm run cms` that was killed: its answers would otherwise be taken for the new proxy's.
 */
export async function ensurePortFree(port: number, option: string, what: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  const taken = await new Promise<boolean>((done, fail) => {
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? done(true) : fail(e)));
    probe.listen(port, '127.0.0.1', () => done(false));
  });
  if (!taken) {
    await new Promise<void>((done) => probe.close(() => done()));
    return;
  }
  throw new Error(
    `端口 ${port}（${what}）已被别的程序占用，表单编辑器没有启动。多半是上次的 npm run cms 没有正常关闭，留下的本地代理还在运行：` +
      `请先关掉它（Linux、macOS：lsof -i :${port} 查到进程号，再 kill 进程号；Windows：netstat -ano | findstr :${port} 查到进程号，再 taskkill /PID 进程号 /F），` +
      `或换一个端口启动：npm run cms -- --${option} ${port === 65535 ? port - 1 : port + 1}。`,
  );
}

/**
 * Node code that runs decap-server (`entry`) and exits as soon as its stdin closes: the parent holds the other end
 * of that pipe, so the proxy ends with the form editor even when it is killed (SIGKILL) and could not stop it.
 */
export function proxyWithWatchdog(entry: string): string {
  return `process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume(); require(${JSON.stringify(entry)});`;
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
 * Why `root` cannot hold the editorial workflow, in Chinese with the fix, or undefined when it can: it must be a Git
 * repository with a main branch checked out and nothing uncommitted, because decap-server's Git mode switches
 * branches in the working tree and commits with `git add .` (it would take any unfinished change along).
 */
export function workflowProblem(root: string): string | undefined {
  const run = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  try {
    if (run(['rev-parse', '--show-toplevel']) !== resolve(root)) return `${root} 不是 Git 仓库的根文件夹：请在网站文件夹（git clone 得到的那个）里运行 npm run cms -- --workflow。`;
  } catch {
    return `${root} 不是 Git 仓库：审核流程要用 Git 分支。请在 git clone 得到的网站文件夹里运行，或不加 --workflow（保存直接写进文件）。`;
  }
  let branch = '';
  try {
    branch = run(['symbolic-ref', '--short', 'HEAD']);
  } catch {
    // A detached HEAD has no branch name.
  }
  if (branch !== 'main') return `审核流程在 main 分支上进行，现在打开的是“${branch || '（没有分支）'}”：请先 git checkout main。`;
  // Not trimmed: each porcelain line starts with its two status columns (“ M” begins with a space).
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n+$/, '');
  if (dirty) {
    const files = dirty.split('\n').slice(0, 5).map((l) => `  ${l.slice(3)}`).join('\n');
    return `网站文件夹里有没有提交的改动，审核流程会把它们一起提交进审核分支：\n${files}\n请先提交（git add、git commit）或放弃这些改动，再运行 npm run cms -- --workflow。`;
  }
  return undefined;
}

/**
 * Why decap-server's Git mode could not commit in `root`, in Chinese with the two commands to run, or undefined:
 * `git config user.name` and `git config user.email` must both be set (Git refuses a commit without them, and
 * decap-server would then leave a half-made branch and an English “Please tell me who you are”).
 */
export function gitIdentityProblem(root: string): string | undefined {
  const get = (key: string): string => {
    try {
      return execFileSync('git', ['config', key], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const missing = ['user.name', 'user.email'].filter((key) => !get(key));
  if (missing.length === 0) return undefined;
  return `这台电脑的 Git 还没有设置${missing.map((k) => (k === 'user.name' ? '姓名（user.name）' : '邮箱（user.email）')).join('和')}，审核流程的保存要用它们记下是谁改的，所以没有启动，什么也没有写。请先运行：\n  git config --global user.name "你的姓名"\n  git config --global user.email "你的邮箱"\n再运行 npm run cms -- --workflow。`;
}

/**
 * Starts the form editor for the project at `options.root`: the proxy (local folder only), then the admin server.
 * Throws when a port is taken, the proxy does not start, or (workflow) `root` cannot hold the workflow
 * (workflowProblem) or Git has no user.name / user.email (gitIdentityProblem); nothing is left running then.
 */
export async function startCmsServer(options: CmsServerOptions): Promise<CmsServer> {
  const root = resolve(options.root);
  let proxy: ChildProcess | undefined;
  let proxyUrl: string | undefined;
  const workflow = !options.backend && options.workflow === true;
  if (workflow) {
    const problem = workflowProblem(root) ?? gitIdentityProblem(root);
    if (problem) throw new Error(problem);
  }
  if (!options.backend) {
    await ensurePortFree(options.port, 'port', '编辑页面');
    await ensurePortFree(options.proxyPort, 'proxy-port', '本地代理');
    const proxyPort = options.proxyPort || (await findFreePort());
    proxyUrl = `http://127.0.0.1:${proxyPort}/api/v1`;
    proxy = spawn(process.execPath, ['-e', proxyWithWatchdog(require.resolve('decap-server'))], {
      env: { ...process.env, MODE: workflow ? 'git' : 'fs', PORT: String(proxyPort), BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: root, LOG_LEVEL: 'error' },
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    try {
      await waitForProxy(proxyUrl, proxy);
    } catch (e) {
      proxy.kill();
      throw e;
    }
  }
  // The page talks to the proxy through this server (/api/v1, relative: the same origin), so requests can be seen.
  const config = buildCmsConfig({ root: PROJECT_ROOT, backend: options.backend ?? { name: 'local', proxyUrl: '/api/v1', workflow } });
  const forward = proxyUrl ? proxyForwarder(root, proxyUrl, options.signer, { atomicSaves: !workflow }) : undefined;
  const decapFiles = sirv(dirname(require.resolve('decap-cms')), { dev: true });
  // The yaml package's own ES module build for browsers, so the form writes files with the project's YAML writer.
  const yamlFiles = sirv(join(dirname(require.resolve('yaml/package.json')), 'browser/dist'), { dev: true });
  const admin = readFileSync(join(ADMIN_DIR, 'index.html'), 'utf8');

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path === '/api/v1' && forward) {
      readBody(req, 50_000_000)
        .then(forward)
        .then(({ status, body }) => send(res, status, 'application/json; charset=utf-8', body))
        .catch((e: Error) => send(res, 502, 'application/json; charset=utf-8', JSON.stringify({ error: `本地代理没有回答：${e.message}。请关掉 npm run cms 的窗口，重新运行。` })));
      return;
    }
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
