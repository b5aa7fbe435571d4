/**
 * In the preview (`npm run dev`) only: shows the content check's problems in the browser, in Chinese, with
 * file:line and the fix, above every page; re-runs the check whenever a file under content/ changes. When a
 * page fails to render and the check has errors, the editor sees the list of problems instead of a stack trace.
 * Builds are untouched: the hook below exists only on the dev server.
 */
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { join, sep } from 'node:path';
import { checkContent, type CheckResult } from '../check/validate';
import { invalidateSnapshot } from '../content/snapshot';
import type { Problem } from '../lib/problems';
import { publicationState, todayInChina, type PublicationFields } from '../check/publication';
import { contentDir, entryOfUrl, type CollectionName } from '../content/registry';

/** Errors listed in the banner before the rest are only counted. */
const MAX_ERRORS = 20;


function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function problemItem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? ` ${p.field}${p.label ? `（${p.label}）` : ''}` : '';
  const kind = p.severity === 'error' ? '错误' : '警告';
  const color = p.severity === 'error' ? '#a8071a' : '#7a3e00';
  return (
    `<li style="margin:.5em 0"><strong style="color:${color}">[${kind}]</strong> <code>${escapeHtml(where)}</code>${escapeHtml(field)}<br>` +
    `${escapeHtml(p.message)}${p.fix ? `<br><span style="color:#1a1a1a">改法：${escapeHtml(p.fix)}</span>` : ''}</li>`
  );
}

/** The entry a page path shows, if it is an entry page (list pages are not), with the folder of its file. */
export function entryOfPath(pathname: string): { collection: CollectionName; id: string; dir: string } | undefined {
  const entry = entryOfUrl(pathname.endsWith('/') || pathname.endsWith('/index.html') ? pathname : `${pathname}/`);
  return entry && { ...entry, dir: contentDir(entry.collection) };
}

/** The banner for one page, or '' when there is nothing to say. */
export function renderBanner(result: CheckResult, pathname: string, today = todayInChina()): string {
  const errors = result.problems.filter((p) => p.severity === 'error');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  const entry = entryOfPath(pathname);
  const own = entry ? result.problems.filter((p) => p.file.startsWith(`${entry.dir}${entry.id}.`)) : [];
  const notices: string[] = [];
  if (entry) {
    const data = result.entries[entry.collection].get(entry.id)?.data as PublicationFields | undefined;
    const state = data ? publicationState(data, today) : undefined;
    if (state?.state === 'draft') notices.push('这是草稿（draft: true）：预览中可以看到，不会发布。');
    if (state?.state === 'scheduled') notices.push(`定时发布：${state.publishAt} 当天或之后的构建才会上线，现在只在预览中可以看到。`);
  }
  if (errors.length === 0 && own.length === 0 && notices.length === 0) return '';

  const parts: string[] = [];
  parts.push(
    `<p style="margin:0 0 .5em;font-weight:700">内容检查：${errors.length} 个错误，${warnings.length} 个警告（这个提示只在预览中显示，不会发布）</p>`,
  );
  for (const n of notices) parts.push(`<p style="margin:.25em 0">${escapeHtml(n)}</p>`);
  if (own.length) {
    parts.push(`<p style="margin:.75em 0 0;font-weight:700">本页文件的问题：</p><ol style="margin:0;padding-left:1.5em">${own.map(problemItem).join('')}</ol>`);
  }
  const otherErrors = errors.filter((p) => !own.includes(p));
  if (otherErrors.length) {
    parts.push(
      `<p style="margin:.75em 0 0;font-weight:700">${own.length ? '其他文件的' : ''}错误（有错误时不能发布）：</p>` +
        `<ol style="margin:0;padding-left:1.5em">${otherErrors.slice(0, MAX_ERRORS).map(problemItem).join('')}</ol>` +
        (otherErrors.length > MAX_ERRORS ? `<p style="margin:.25em 0">还有 ${otherErrors.length - MAX_ERRORS} 个错误，运行 npm run check 查看全部。</p>` : ''),
    );
  }
  const otherWarnings = warnings.length - own.filter((p) => p.severity === 'warning').length;
  if (otherWarnings > 0) parts.push(`<p style="margin:.5em 0 0">其他文件还有 ${otherWarnings} 个警告，运行 npm run check 查看。</p>`);
  const border = errors.length ? '#a8071a' : '#7a3e00';
  return (
    `<section id="jiedu-dev-problems" role="region" aria-label="内容检查（预览）" ` +
    `style="border:3px solid ${border};background:#fff4e5;color:#1a1a1a;padding:1em;margin:0;font:16px/1.6 system-ui,sans-serif;overflow-wrap:anywhere">` +
    `${parts.join('')}</section>`
  );
}

/** A whole page listing the problems, shown instead of a stack trace when a page fails and the check has errors. */
export function renderProblemPage(result: CheckResult, pathname: string): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>内容有错误 - 预览</title></head><body style="margin:0;padding:1rem;max-width:48em">' +
    '<h1 style="font:700 1.5rem/1.4 system-ui,sans-serif">这个页面因为内容有错误无法显示</h1>' +
    '<p style="font:16px/1.6 system-ui,sans-serif">改正下面的错误并保存文件，页面会自动刷新。</p>' +
    `${renderBanner(result, pathname)}` +
    // Reload once the page renders again (this page has no Vite client, so no stack-trace overlay either).
    `<script>setInterval(async()=>{try{const r=await fetch(location.href,{headers:{accept:'text/html'}});if(r.status<500)location.reload()}catch(e){}},2000)</script>` +
    '</body></html>'
  );
}

/** Puts the banner right after <body …>. */
export function injectBanner(html: string, banner: string): string {
  if (!banner) return html;
  const m = /<body[^>]*>/i.exec(html);
  return m ? html.slice(0, m.index + m[0].length) + banner + html.slice(m.index + m[0].length) : banner + html;
}

function headersOf(args: unknown[]): OutgoingHttpHeaders | undefined {
  const h = typeof args[0] === 'string' ? args[1] : args[0];
  if (!h || typeof h !== 'object') return undefined;
  if (Array.isArray(h)) {
    const out: OutgoingHttpHeaders = {};
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = h[i + 1] as string;
    return out;
  }
  return Object.fromEntries(Object.entries(h as OutgoingHttpHeaders).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * Holds back a page response until it ends, then lets `transform` rewrite it. Responses that say they are
 * something else pass through untouched; Astro's dev server sends pages without a content type, so a body
 * that does not start like an HTML document is passed on unchanged too.
 */
function rewriteHtml(res: ServerResponse, transform: (html: string, status: number) => Promise<string>): void {
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  let hold: boolean | undefined;
  let status: number | undefined;
  let headers: OutgoingHttpHeaders | undefined;
  const chunks: Buffer[] = [];
  const decide = (explicit?: OutgoingHttpHeaders) => {
    if (hold !== undefined) return hold;
    const type = explicit?.['content-type'] ?? res.getHeader('content-type');
    hold = type === undefined || String(type).includes('text/html');
    return hold;
  };
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
  };
  res.writeHead = ((...args: unknown[]) => {
    const h = headersOf(args);
    if (!decide(h)) return writeHead(...args);
    status = args[0] as number;
    headers = h;
    return res;
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    if (!decide()) return write(chunk, encoding, cb);
    collect(chunk, encoding);
    if (typeof encoding === 'function') (encoding as () => void)();
    else if (typeof cb === 'function') (cb as () => void)();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (!decide()) return end(chunk, encoding, cb);
    collect(chunk, encoding);
    const code = status ?? res.statusCode;
    const body = Buffer.concat(chunks);
    const original = body.toString('utf8');
    // Astro's error response is a bare <title>; pages start like a document.
    const isPage = code >= 500 || /^\s*(?:<!doctype html|<html)/i.test(original.slice(0, 200));
    (isPage ? transform(original, code) : Promise.resolve(original))
      .catch(() => original)
      .then((out) => {
        const finalHeaders: OutgoingHttpHeaders = { ...headers };
        delete finalHeaders['content-length'];
        res.removeHeader('content-length');
        finalHeaders['content-length'] = out === original ? body.length : Buffer.byteLength(out);
        writeHead(code, finalHeaders);
        end(out === original ? body : out);
        const done = typeof chunk === 'function' ? chunk : typeof encoding === 'function' ? encoding : cb;
        if (typeof done === 'function') (done as () => void)();
      });
    return res;
  }) as typeof res.end;
}

/**
 * true for Vite's error payload ({ type: 'error', err }) of an error that content problems explain: a ContentError
 * (an infographic that cannot be rendered), or any error naming a file the check has an error in.
 */
export function isContentErrorPayload(payload: unknown, result: CheckResult): boolean {
  const p = payload as { type?: unknown; err?: { name?: unknown; message?: unknown } } | undefined;
  if (!p || p.type !== 'error' || !p.err) return false;
  if (p.err.name === 'ContentError') return true;
  const message = String(p.err.message ?? '');
  return result.problems.some((x) => x.severity === 'error' && message.includes(x.file));
}

/** The dev-only integration; register it in astro.config.mjs next to contentCheck(). */
export default function devProblems(): AstroIntegration {
  return {
    name: 'jiedu-dev-problems',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        const root = server.config.root;
        const contentRoot = join(root, 'content') + sep;
        const run = (): CheckResult => checkContent(root);
        let latest = run();
        let current: Promise<CheckResult> = Promise.resolve(latest);
        let pending: ((result: CheckResult) => void) | undefined;
        let timer: NodeJS.Timeout | undefined;
        const summarize = (r: CheckResult) => r.problems.map((p) => `${p.file}:${p.line}:${p.message}`).join('\n');
        let summary = summarize(latest);
        const onChange = (path: string) => {
          if (!path.startsWith(contentRoot)) return;
          // The snapshot reads this file again on the next run of the check; the other files are not read again.
          invalidateSnapshot(root, path);
          // Requests that arrive while the check re-runs wait for it, so a reload never shows stale problems.
          if (!pending) current = new Promise((resolve) => (pending = resolve));
          clearTimeout(timer);
          timer = setTimeout(() => {
            try {
              latest = run();
              const next = summarize(latest);
              if (next !== summary) {
                summary = next;
                const errors = latest.problems.filter((p) => p.severity === 'error').length;
                logger.info(`内容检查已重新运行：${errors} 个错误，${latest.problems.length - errors} 个警告。`);
                server.ws.send({ type: 'full-reload' });
              }
            } catch (error) {
              logger.error(`内容检查运行失败：${String(error)}`);
            }
            const resolve = pending;
            pending = undefined;
            resolve?.(latest);
          }, 150);
        };
        // Astro sends a page's render error to every open page as Vite's English overlay (cut off at phone width).
        // An error that comes from content with problems is already in the Chinese list on the page (and the page
        // that failed shows the list instead), so that overlay is not sent; errors in the code still are.
        const hot = server.environments?.client?.hot;
        if (hot) {
          const send = hot.send.bind(hot) as (...args: unknown[]) => void;
          hot.send = ((...args: unknown[]) => {
            if (isContentErrorPayload(args[0], latest)) return;
            send(...args);
          }) as typeof hot.send;
        }
        server.watcher.add(contentRoot);
        server.watcher.on('add', onChange);
        server.watcher.on('change', onChange);
        server.watcher.on('unlink', onChange);

        server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
          const accept = String(req.headers.accept ?? '');
          if (req.method !== 'GET' || !(accept.includes('text/html') || accept === '' || accept.includes('*/*'))) return next();
          const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
          // Vite's own modules and assets are never pages.
          if (pathname.startsWith('/@') || pathname.startsWith('/node_modules/') || /\.[a-z0-9]+$/i.test(pathname.replace(/\/index\.html$/, '/'))) return next();
          rewriteHtml(res, async (html, status) => {
            const result = await current;
            const hasErrors = result.problems.some((p) => p.severity === 'error');
            if (status >= 500 && hasErrors) return renderProblemPage(result, pathname);
            return injectBanner(html, renderBanner(result, pathname));
          });
          next();
        });
      },
    },
  };
}
