/**
 * Checks a built site before anything leaves the machine: every internal link, image and asset resolves
 * (#fragments included), no markup that could run code other than the project's own script files (checked
 * with a real HTML parser, see scan.ts), the CSP meta tag first in every head, every page carries its title,
 * canonical URL and the government meta tags, and the search index exists; an admin/ folder only when site.yaml
 * switches the form editor on (and then not checked as pages). Returns all problems in one pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../lib/problems';
import { META_CONTENT_SECURITY_POLICY } from '../lib/csp';
import type { PageScan, Reference, SiteScan, UnsafeMarkup } from './scan';
import { isHtml, urlPathToFiles } from './site-files';
import { listUrl } from '../content/registry';

/** Options of {@link verifySite}. */
export interface VerifyOptions {
  /** Public origin of the site (https://zcjd.example.gov.cn); absolute URLs on it are checked like internal ones. */
  siteOrigin?: string;
  /** How the site directory is named in messages (default "dist"). */
  label?: string;
  /** Whether the Pagefind search index must exist (default true). */
  requireSearchIndex?: boolean;
  /**
   * Whether content/site.yaml switches the form editor on: then admin/ holds the editor's own files (Decap's bundle,
   * its page without the site's layout), not pages of the site, and is not checked as such; without it any file
   * under admin/ is refused.
   */
  cmsAdmin?: boolean;
}

/** A government meta tag a page must carry, and on which pages. */
export interface MetaRule {
  /** The meta name, e.g. PubDate. */
  name: string;
  /** Chinese name for messages. */
  label: string;
  /** Whether a page of this ColumnType needs it. */
  requiredOn: (columnType: string | undefined) => boolean;
  /** How to fix a missing tag. */
  fix: string;
  /** Allowed form of the value, when there is one. */
  pattern?: { test: RegExp; description: string };
}

const everyPage = () => true;
const articles = (t: string | undefined) => t === '文章';
const LAYOUT = 'src/layouts/Base.astro';

/**
 * The government meta tags (政府网站网页设计规范): site tags on every page, the column tags on every page but the
 * home page (which is no column), and the article tags on article pages (ColumnType 文章).
 */
export const META_RULES: MetaRule[] = [
  { name: 'SiteName', label: '网站名称', requiredOn: everyPage, fix: `请在 content/site.yaml 中填写 name，并确认页面使用 ${LAYOUT}。` },
  { name: 'SiteDomain', label: '网站域名', requiredOn: everyPage, fix: `请在 content/site.yaml 中填写 baseUrl，并确认页面使用 ${LAYOUT}。` },
  { name: 'SiteIDCode', label: '网站标识码', requiredOn: everyPage, fix: `请在 content/site.yaml 中填写 siteIdCode，并确认页面使用 ${LAYOUT}。` },
  { name: 'ColumnName', label: '栏目名称', requiredOn: (t) => t !== '首页', fix: `请给页面的 ${LAYOUT} 传入 column（栏目名称）。` },
  { name: 'ColumnType', label: '栏目类型', requiredOn: everyPage, fix: `请给页面的 ${LAYOUT} 传入 columnType（首页、列表、文章或其他）。` },
  { name: 'ArticleTitle', label: '页面标题', requiredOn: everyPage, fix: `请给页面的 ${LAYOUT} 传入 title。` },
  {
    name: 'PubDate',
    label: '发布日期',
    requiredOn: articles,
    fix: '请在内容文件中填写发布日期（publishedAt），并确认页面把它传给布局的 pubDate。',
    pattern: { test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, description: 'YYYY-MM-DD HH:MM' },
  },
  { name: 'ContentSource', label: '内容来源', requiredOn: articles, fix: '请在内容文件中填写发文机关或解读机关（issuer / office），并确认页面把它传给布局的 contentSource。' },
  { name: 'Keywords', label: '关键词', requiredOn: articles, fix: '请在内容文件中填写关键词（keywords）或主题分类（topic），并确认页面把它传给布局的 keywords。' },
  { name: 'Description', label: '页面描述', requiredOn: everyPage, fix: `请给页面的 ${LAYOUT} 传入 description，或在内容文件中填写摘要（summary）。` },
  { name: 'Url', label: '页面地址', requiredOn: everyPage, fix: `请确认页面使用 ${LAYOUT}，它会写出本页地址。` },
];

/** Files of the Pagefind index that the search page loads first. */
export const SEARCH_INDEX_FILES = ['pagefind/pagefind.js', 'pagefind/pagefind-entry.json'];

/** Pages that need no title or meta tags: the 404 page (served for any missing path) and redirects. */
function isExemptPage(page: PageScan): boolean {
  return page.file === '404.html' || page.redirect;
}

type Resolved =
  | { kind: 'skip' }
  | { kind: 'external'; url: string }
  | { kind: 'internal'; path: string; fragment: string }
  | { kind: 'invalid'; reason: string };

const INTERNAL_BASE = 'http://site.invalid';

/** Where a reference on the page at baseUrlPath points. */
export function resolveReference(value: string, baseUrlPath: string, siteOrigin?: string): Resolved {
  const v = value.trim();
  if (v === '') return { kind: 'skip' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1]?.toLowerCase();
  if (scheme && !['http', 'https'].includes(scheme)) return scheme === 'javascript' ? { kind: 'invalid', reason: 'javascript' } : { kind: 'skip' };
  let url: URL;
  try {
    url = new URL(v, INTERNAL_BASE + baseUrlPath);
  } catch {
    return { kind: 'invalid', reason: 'url' };
  }
  const internal = url.origin === INTERNAL_BASE || (siteOrigin !== undefined && url.origin === new URL(siteOrigin).origin);
  if (!internal) return { kind: 'external', url: url.href };
  try {
    return { kind: 'internal', path: decodeURIComponent(url.pathname), fragment: decodeURIComponent(url.hash.replace(/^#/, '')) };
  } catch {
    return { kind: 'invalid', reason: 'encoding' };
  }
}

const ATTRIBUTE_LABELS: Record<string, string> = {
  href: '链接',
  src: '资源地址',
  srcset: '图片地址',
  action: '表单地址',
  poster: '封面图',
  data: '嵌入对象',
  'xlink:href': '链接',
  'url()': '样式中的地址',
};

function labelOf(attribute: string): string | undefined {
  return ATTRIBUTE_LABELS[attribute] ?? (attribute.startsWith('content') ? '元数据中的地址' : undefined);
}

function fixForTarget(ref: Reference, path: string): string {
  if (ref.attribute === 'content (og:image)') return '分享图在构建时生成到 /og/：请查看构建日志中的图片错误，或检查页面传给布局的 ogImage 地址。';
  if (ref.tag === 'css' || ref.attribute === 'url()') return '请改正样式中的地址，或把缺少的文件放进 public/。';
  if (['img', 'source'].includes(ref.tag) || ref.attribute === 'srcset') {
    return `请改正图片地址；如果图片由构建生成（如 ${path.startsWith('/og/') ? '/og/ 分享图' : `${listUrl('infographics')} 图解`}），请查看构建日志中的图片错误。`;
  }
  return '如果链接写在内容文件里，请改正内容中的地址；如果由模板生成，请检查 src/pages/ 中是否生成了该页面，或该内容是否被设为草稿（draft）。';
}

/** Checks one reference; pushes problems. */
function checkReference(
  ref: Reference,
  from: { file: string; url: string; ids?: Set<string> },
  ctx: { files: Set<string>; idsByFile: Map<string, Set<string>>; label: string; siteOrigin?: string; problems: Problem[] },
): void {
  const resolved = resolveReference(ref.value, from.url, ctx.siteOrigin);
  const where = { severity: 'error' as const, file: `${ctx.label}/${from.file}`, line: ref.line, field: ref.attribute, label: labelOf(ref.attribute) };
  if (resolved.kind === 'skip') return;
  if (resolved.kind === 'invalid') {
    ctx.problems.push({ ...where, message: `地址 "${ref.value}" 无法解析（不是有效的网址）。`, fix: '请改正地址中的错别字或未转义的字符（如空格、%）。' });
    return;
  }
  if (resolved.kind === 'external') {
    if (ref.subresource) {
      ctx.problems.push({
        ...where,
        message: `<${ref.tag}> 引用了外部资源 "${resolved.url}"。内容安全策略（CSP）只允许本站资源，浏览器会拦截它。`,
        fix: '请把该文件放进 public/ 或内容目录，由本站提供，再引用本站地址；外部网页请用普通链接 <a href>。',
      });
    }
    return;
  }
  // A bare #fragment (or the page's own URL with one) points into the same page.
  const samePage = resolved.path === from.url;
  let target: string | undefined;
  if (samePage) {
    target = from.file;
  } else {
    const candidates = urlPathToFiles(resolved.path);
    target = candidates.find((c) => ctx.files.has(c));
    if (!target) {
      ctx.problems.push({
        ...where,
        message: `"${ref.value}" 指向的 ${resolved.path} 不存在（${ctx.label}/ 中没有 ${candidates.join(' 或 ')}）。`,
        fix: fixForTarget(ref, resolved.path),
      });
      return;
    }
  }
  const fragment = resolved.fragment;
  // "#top" and text fragments (#:~:text=) need no element; non-HTML targets have no ids to check.
  if (fragment === '' || fragment === 'top' || fragment.startsWith(':~:') || !isHtml(target)) return;
  const ids = samePage && from.ids ? from.ids : ctx.idsByFile.get(target);
  if (ids && !ids.has(fragment)) {
    ctx.problems.push({
      ...where,
      message: samePage
        ? `锚点链接 "${ref.value}" 指向本页的 "#${fragment}"，但本页没有 id="${fragment}" 的元素。`
        : `锚点链接 "${ref.value}" 指向 ${target} 中的 "#${fragment}"，但那一页没有 id="${fragment}" 的元素。`,
      fix: '请改正锚点名称，使它与目标标题的 id 一致；标题改过名时，链接也要跟着改。',
    });
  }
}

function checkPageMeta(page: PageScan, label: string, siteOrigin: string | undefined, problems: Problem[]): void {
  const file = `${label}/${page.file}`;
  if (!page.title) {
    problems.push({ severity: 'error', file, field: 'title', label: '网页标题', message: '页面没有 <title>，或 <title> 为空。', fix: `请让页面使用 ${LAYOUT} 并传入 title。` });
  }
  if (!page.canonical) {
    problems.push({ severity: 'error', file, field: 'canonical', label: '规范地址', message: '页面没有 <link rel="canonical">。', fix: `请让页面使用 ${LAYOUT}，它会写出规范地址。` });
  } else if (!/^https?:\/\//.test(page.canonical)) {
    problems.push({ severity: 'error', file, field: 'canonical', label: '规范地址', message: `规范地址 "${page.canonical}" 不是完整网址（应以 https:// 开头）。`, fix: '请在 content/site.yaml 中把 baseUrl 填成完整网址，如 https://zcjd.example.gov.cn。' });
  } else if (siteOrigin && new URL(page.canonical).origin !== new URL(siteOrigin).origin) {
    problems.push({ severity: 'error', file, field: 'canonical', label: '规范地址', message: `规范地址 "${page.canonical}" 不在本站（${siteOrigin}）。`, fix: '请检查 content/site.yaml 中的 baseUrl。' });
  }
  const columnType = page.meta.ColumnType;
  for (const rule of META_RULES) {
    if (!rule.requiredOn(columnType)) continue;
    const value = page.meta[rule.name];
    const why = rule.requiredOn === everyPage ? '每个页面都必须有它' : columnType === '文章' ? '文章页（ColumnType 文章）必须有它' : '除首页外每个页面都必须有它';
    if (value === undefined || value.trim() === '') {
      problems.push({
        severity: 'error',
        file,
        field: rule.name,
        label: rule.label,
        message: `缺少政府网站元数据 <meta name="${rule.name}">（${rule.label}）${value === undefined ? '' : '或内容为空'}，${why}。`,
        fix: rule.fix,
      });
    } else if (rule.pattern && !rule.pattern.test.test(value)) {
      problems.push({ severity: 'error', file, field: rule.name, label: rule.label, message: `<meta name="${rule.name}"> 的值 "${value}" 格式不对，应为 ${rule.pattern.description}。`, fix: rule.fix });
    }
  }
  if (page.canonical && page.meta.Url && page.meta.Url !== page.canonical) {
    problems.push({ severity: 'error', file, field: 'Url', label: '页面地址', message: `<meta name="Url"> 的 "${page.meta.Url}" 与规范地址 "${page.canonical}" 不一致。`, fix: `请让两者都由 ${LAYOUT} 按本页地址生成。` });
  }
}

/** What each kind of unsafe markup is, in Chinese, and how to find where it came from. */
const UNSAFE_MESSAGES: Record<UnsafeMarkup['kind'], { label: string; what: (u: UnsafeMarkup) => string }> = {
  'inline-script': { label: '内联脚本', what: () => '有内联 <script>（本站的脚本都是 /_astro/ 下的文件，页面里不应有任何内联脚本）' },
  'foreign-script': { label: '外来脚本', what: (u) => `有不是本站构建生成的脚本 <script src="${u.value}">（本站脚本只能是 /_astro/*.js）` },
  'json-ld': { label: '结构化数据', what: () => 'JSON-LD 中出现了未转义的 < 或 >（布局会把它们写成 \\u003c、\\u003e），说明有内容闯出或闯入了 <script>' },
  'event-handler': { label: '事件脚本', what: (u) => `<${u.tag}> 有事件属性 ${u.attribute}="${u.value}"，会运行代码` },
  'script-url': { label: '脚本地址', what: (u) => `<${u.tag}> 的 ${u.attribute} 是会运行代码的地址 "${u.value}"（解码并去掉空白和控制字符后以 javascript:、vbscript: 或非图片的 data: 开头）` },
  'style-attribute': { label: '内联样式', what: (u) => `<${u.tag}> 有 style 属性（"${u.value}"）；本站样式都在 /_astro/ 下的样式表文件里` },
  'style-element': { label: '内联样式', what: () => '有内联 <style>；本站样式都在 /_astro/ 下的样式表文件里' },
  embed: { label: '嵌入内容', what: (u) => `有 <${u.tag}>，本站模板从不嵌入其他网页、插件或模板` },
  form: { label: '表单', what: (u) => `有提交到 "${u.value}" 的表单或 ${u.attribute} 属性；本站只有提交到 /search/ 的搜索框` },
  'svg-math': { label: 'SVG/MathML', what: (u) => `有内联 <${u.tag}>，其中可以带脚本；本站的图形都是图片文件` },
  base: { label: '基准地址', what: (u) => `有 <base href="${u.value}">，会让页面上所有相对链接指向别处` },
  'meta-refresh': { label: '跳转', what: (u) => `有跳转到脚本地址或其他网站的 <meta http-equiv="refresh" content="${u.value}">；本站的跳转页只跳到本站页面` },
  'scheme-relative': {
    label: '站外地址',
    what: (u) => `<${u.tag}> 的 ${u.attribute} 是以 // 开头的地址 "${u.value}"（开头两个 / 或 \\，浏览器会去掉其中的空白），看上去像本站地址，实际会打开或加载其他网站`,
  },
};

/**
 * Refuses every piece of markup that could run code or that the project's templates never write (see
 * UnsafeMarkup in scan.ts), and a page whose head does not open with the site's CSP meta tag. Such markup can
 * only have come from content that got past the check and the sanitiser, so the release stops whatever the
 * CSP would have done with it (S3 serves no headers; old browsers ignore CSP).
 */
function checkUnsafeMarkup(page: PageScan, label: string, problems: Problem[]): void {
  const file = `${label}/${page.file}`;
  for (const u of page.unsafe) {
    const { label: what, what: describe } = UNSAFE_MESSAGES[u.kind];
    const text = describe({ ...u, value: u.value.length > 60 ? `${u.value.slice(0, 60)}…` : u.value });
    problems.push({
      severity: 'error',
      file,
      line: u.line,
      field: u.attribute || `<${u.tag}>`,
      label: what,
      message: `页面${text}。这不是本站模板写出的内容，发布后可能在读者的浏览器里运行。`,
      fix: '请运行 npm run check，按提示改正对应的内容文件（正文里的 HTML、链接和元数据），再重新构建；如果内容检查没有报错，说明构建或模板有漏洞，请报告给开发人员，不要发布。',
    });
  }
  for (const block of page.jsonLd) {
    try {
      JSON.parse(block.text);
    } catch (e) {
      problems.push({ severity: 'error', file, line: block.line, field: 'application/ld+json', label: '结构化数据', message: `JSON-LD 不是有效的 JSON：${(e as Error).message}。`, fix: '请检查生成 JSON-LD 的代码（src/site/json-ld.ts）。' });
    }
  }
  if (!page.redirect && page.metaCsp !== META_CONTENT_SECURITY_POLICY) {
    problems.push({
      severity: 'error',
      file,
      field: 'Content-Security-Policy',
      label: '内容安全策略',
      message: page.metaCsp === undefined
        ? '页面 <head> 的第一个元素不是 <meta http-equiv="Content-Security-Policy">；在不发送响应头的主机（如 S3）上，页面将没有内容安全策略。'
        : `页面的 <meta http-equiv="Content-Security-Policy"> 与本站策略不同（"${page.metaCsp}"）。`,
      fix: `请让页面使用 ${LAYOUT}，它把 src/lib/csp.ts 中的策略写在 <head> 的最前面。`,
    });
  }
}

function checkSearchIndex(dir: string, files: Set<string>, label: string, problems: Problem[]): void {
  const fix = '搜索索引在构建结束时由 src/integrations/search-index.ts 生成：请确认 astro.config.mjs 启用了它，并查看构建日志中的搜索索引错误。';
  for (const f of SEARCH_INDEX_FILES) {
    if (!files.has(f)) problems.push({ severity: 'error', file: `${label}/${f}`, label: '搜索索引', message: `缺少搜索索引文件 ${f}，站内搜索将无法使用。`, fix });
  }
  if (!files.has('pagefind/pagefind-entry.json')) return;
  let entry: { languages?: Record<string, { hash?: string }> };
  try {
    entry = JSON.parse(readFileSync(join(dir, 'pagefind/pagefind-entry.json'), 'utf8'));
  } catch (e) {
    problems.push({ severity: 'error', file: `${label}/pagefind/pagefind-entry.json`, label: '搜索索引', message: `搜索索引入口文件不是有效的 JSON：${(e as Error).message}。`, fix });
    return;
  }
  const languages = Object.entries(entry.languages ?? {});
  if (languages.length === 0) {
    problems.push({ severity: 'error', file: `${label}/pagefind/pagefind-entry.json`, label: '搜索索引', message: '搜索索引是空的：没有任何语言的索引（languages 为空），说明没有页面被索引。', fix });
  }
  for (const [language, info] of languages) {
    const meta = `pagefind/pagefind.${info.hash}.pf_meta`;
    if (!info.hash || !existsSync(join(dir, meta))) {
      problems.push({ severity: 'error', file: `${label}/pagefind/pagefind-entry.json`, label: '搜索索引', message: `搜索索引入口列出的 ${language} 索引文件 ${meta} 不存在，索引不完整。`, fix });
    }
  }
}

/**
 * Merges problems that differ only by file (a broken link in the layout shows on every page) into one,
 * naming how many other files have it, so a report stays readable.
 */
export function groupProblems(problems: Problem[]): Problem[] {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = [p.severity, p.field, p.message, p.fix].join('\u0000');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(p);
  }
  return [...groups.values()].map((group) => {
    const [first, ...rest] = group;
    if (rest.length === 0) return first!;
    const examples = rest.slice(0, 3).map((p) => p.file).join('、');
    return { ...first!, message: `${first!.message}\n  另有 ${rest.length} 个文件有同样的问题：${examples}${rest.length > 3 ? ' 等' : ''}。` };
  });
}

/** The folder of the form editor on the site (src/cms/admin-site.ts writes it). */
const ADMIN_DIR = 'admin/';

/**
 * The form editor's folder: allowed only when site.yaml switches it on (issue 17: no /admin/ unless the site config
 * asks for it), and then its page must be there.
 */
function checkAdmin(files: string[], label: string, cmsAdmin: boolean, problems: Problem[]): void {
  const admin = files.filter((f) => f.startsWith(ADMIN_DIR));
  if (!cmsAdmin && admin.length > 0) {
    problems.push({
      severity: 'error',
      file: `${label}/${ADMIN_DIR}`,
      field: 'cms',
      label: '表单编辑器',
      message: `${label}/${ADMIN_DIR} 里有 ${admin.length} 个文件（如 ${admin.slice(0, 3).join('、')}），但 content/site.yaml 没有开启表单编辑器（cms.enabled 不是 true，或 cms 一组没有写全）。正式网站默认不带编辑界面。`,
      fix: `不需要 /admin/ 时：删掉 ${label}/${ADMIN_DIR} 后重新构建（npm run build 不会再生成它）；需要时：按 docs/cms.md 第七节在 content/site.yaml 写全 cms 一组（enabled: true、backend、repo、serverUrl、appId），再发布。`,
    });
  }
  if (cmsAdmin && !files.includes(`${ADMIN_DIR}index.html`)) {
    problems.push({
      severity: 'error',
      file: `${label}/${ADMIN_DIR}index.html`,
      field: 'cms',
      label: '表单编辑器',
      message: `content/site.yaml 开启了表单编辑器（cms.enabled: true），但 ${label}/${ADMIN_DIR}index.html 不存在。`,
      fix: '请重新运行 npm run build（构建结束时由 src/cms/admin-build.ts 生成 /admin/），并查看构建日志中“表单编辑器”一行。',
    });
  }
}

/** Checks a scanned site; every problem is an error that stops the release. */
export function verifySite(scan: SiteScan, options: VerifyOptions = {}): Problem[] {
  const label = options.label ?? 'dist';
  const files = new Set(scan.files);
  const idsByFile = new Map(scan.pages.map((p) => [p.file, p.ids]));
  const problems: Problem[] = [];
  const ctx = { files, idsByFile, label, siteOrigin: options.siteOrigin, problems };
  checkAdmin(scan.files, label, options.cmsAdmin ?? false, problems);
  const isAdmin = (file: string) => options.cmsAdmin === true && file.startsWith(ADMIN_DIR);
  for (const page of scan.pages.filter((p) => !isAdmin(p.file))) {
    for (const ref of page.references) {
      // The 404 page is served at any missing path, so its own canonical and og:url name no file.
      if (isExemptPage(page) && (ref.canonical || ref.attribute.startsWith('content'))) continue;
      checkReference(ref, page, ctx);
    }
    if (!isExemptPage(page)) checkPageMeta(page, label, options.siteOrigin, problems);
    checkUnsafeMarkup(page, label, problems);
  }
  for (const sheet of scan.stylesheets.filter((s) => !isAdmin(s.file))) {
    for (const ref of sheet.references) checkReference(ref, sheet, ctx);
  }
  if (options.requireSearchIndex ?? true) checkSearchIndex(scan.dir, files, label, problems);
  return groupProblems(problems);
}
