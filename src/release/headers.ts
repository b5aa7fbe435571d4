/**
 * Response headers of a release, from one set of rules: Cache-Control by whether a file's name is
 * content-hashed, a constant Content-Security-Policy that allows only the site's own files (no inline code,
 * no hashes), and the other security headers. Rendered as a Netlify/Cloudflare `_headers` file and as an nginx
 * include, both the same in every release, so a new release never needs an nginx reload for its headers; the
 * S3 deploy sets the same Cache-Control and Content-Type on every object.
 */
import { extname } from 'node:path';
import { contentType } from 'mime-types';
import { CONTENT_SECURITY_POLICY } from '../lib/csp';
import type { HeaderRule } from './headers-file';
import { compareCodePoints } from './site-files';

/** For files whose names change when their bytes do: cache for a year, never revalidate. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** For everything else (HTML, feeds, search entry files, images named by id): ask the server every time. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

/** Directories whose files are all content-hashed: Astro's bundled assets and Pagefind's index chunks. */
export const HASHED_DIRECTORIES = ['_astro/', 'pagefind/fragment/', 'pagefind/index/', 'pagefind/filter/'];

/** Pagefind's per-language metadata file, pagefind.<lang>_<hash>.pf_meta, is hashed too. */
const PAGEFIND_META = /^pagefind\/pagefind\.[^/]+_[0-9a-f]{6,}\.pf_meta$/;

/** Files of the release that are instructions to the server, not part of the site. */
export const HEADERS_FILE = '_headers';

/** True when a file's name changes whenever its content does, so it may be cached forever. */
export function isHashedAsset(file: string): boolean {
  return HASHED_DIRECTORIES.some((d) => file.startsWith(d)) || PAGEFIND_META.test(file);
}

/** Cache-Control for a file of the site (path relative to the site root). */
export function cacheControlFor(file: string): string {
  return isHashedAsset(file) ? IMMUTABLE : REVALIDATE;
}

/**
 * Where the site's Content-Type differs from mime-db (or mime-db has none): the site's XML (sitemap, feed) is
 * UTF-8, OFD (GB/T 33190, China's fixed-layout format for official documents) is not registered, and favicons
 * keep the type every browser and CDN has always sent.
 */
const CONTENT_TYPE_OVERRIDES: Record<string, string> = {
  '.xml': 'application/xml; charset=utf-8',
  '.ofd': 'application/ofd',
  '.ico': 'image/x-icon',
};

/**
 * Content-Type for a file of the site (deploys, and the test server): mime-types' table, which adds
 * `charset=utf-8` to text types and JSON; unknown extensions (Pagefind's .pf_* chunks) are binary.
 */
export function contentTypeFor(file: string): string {
  const extension = extname(file).toLowerCase();
  return CONTENT_TYPE_OVERRIDES[extension] ?? ((extension && contentType(extension)) || 'application/octet-stream');
}

/**
 * The Content-Security-Policy of every response: a constant from src/lib/csp.ts, the same in every release.
 * The site has no inline code, so the policy names no hashes and nothing in dist/ can widen it.
 */
export const CSP = CONTENT_SECURITY_POLICY;

/** Browser features the site never uses, all denied. interest-cohort and browsing-topics opt out of ad tracking. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'interest-cohort=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/** Headers every response carries. */
export function securityHeaders(csp: string = CSP): [string, string][] {
  return [
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', PERMISSIONS_POLICY],
    // For browsers without CSP frame-ancestors (old IE-mode browsers still common on government desktops).
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    // Browsers ignore it over plain HTTP, so it is safe on an origin that also serves HTTP.
    ['Strict-Transport-Security', 'max-age=31536000'],
  ];
}

/** Where the form editor is served when content/site.yaml switches it on (src/cms/admin-csp.ts). */
export const ADMIN_DIRECTORY = 'admin/';

/**
 * The rules with the form editor's own policy on /admin/ (src/cms/admin-csp.ts) and the constant one everywhere
 * else. Netlify and Cloudflare join a header that two matching rules set (two policies: both enforced), so the
 * policy leaves /* and goes on each Cache-Control rule instead, which cover every file exactly once; a URL with no
 * file (a 404) then has no policy header, and 404.html carries the constant policy in its meta tag.
 */
function withAdminCsp(rules: HeaderRule[], csp: string, adminCsp: string): HeaderRule[] {
  const isCsp = ([name]: [string, string]) => name === 'Content-Security-Policy';
  return rules.map((rule) =>
    rule.path === '/*'
      ? { path: rule.path, headers: rule.headers.filter((h) => !isCsp(h)) }
      : { path: rule.path, headers: [['Content-Security-Policy', rule.path.startsWith(`/${ADMIN_DIRECTORY}`) ? adminCsp : csp], ...rule.headers] },
  );
}

/**
 * The rules for a release's files. Cache-Control rules never overlap (each file matches exactly one), because
 * Netlify and Cloudflare apply every matching rule and join repeated headers; the security headers sit on /*.
 * Files that revalidate are grouped by the widest directory that holds no hashed file, so the file stays short
 * (Cloudflare Pages reads at most 100 rules). With `adminCsp` (the form editor switched on in site.yaml), /admin/
 * gets that policy and every other file `csp` (withAdminCsp).
 */
export function headerRules(files: string[], csp: string = CSP, adminCsp?: string): HeaderRule[] {
  if (adminCsp !== undefined) return withAdminCsp(headerRules(files, csp), csp, adminCsp);
  const rules: HeaderRule[] = [{ path: '/*', headers: securityHeaders(csp) }];
  const site = files.filter((f) => f !== HEADERS_FILE);
  const hashed = site.filter(isHashedAsset);
  for (const dir of HASHED_DIRECTORIES) {
    if (hashed.some((f) => f.startsWith(dir))) rules.push({ path: `/${dir}*`, headers: [['Cache-Control', IMMUTABLE]] });
  }
  for (const f of hashed.filter((f) => !HASHED_DIRECTORIES.some((d) => f.startsWith(d)))) {
    rules.push({ path: `/${encodeURI(f)}`, headers: [['Cache-Control', IMMUTABLE]] });
  }
  // A directory may take one /dir/* rule when nothing under it is hashed or could be (a hashed directory).
  const clean = (dir: string) => !hashed.some((h) => h.startsWith(dir)) && !HASHED_DIRECTORIES.some((d) => d.startsWith(dir) || dir.startsWith(d));
  const revalidate = new Set<string>();
  for (const f of site.filter((f) => !isHashedAsset(f))) {
    const segments = f.split('/');
    let pattern: string | undefined;
    for (let depth = 1; depth < segments.length && !pattern; depth++) {
      const dir = `${segments.slice(0, depth).join('/')}/`;
      if (clean(dir)) pattern = `/${encodeURI(dir)}*`;
    }
    if (pattern) revalidate.add(pattern);
    else if (f === 'index.html') revalidate.add('/').add('/index.html');
    else revalidate.add(`/${encodeURI(f)}`);
  }
  for (const path of [...revalidate].sort(compareCodePoints)) rules.push({ path, headers: [['Cache-Control', REVALIDATE]] });
  return rules;
}

/** The `_headers` file (Netlify, Cloudflare Pages and other CDNs that read it). */
export function renderHeadersFile(rules: HeaderRule[]): string {
  // No version in the text: the file changes only when the rules do, so deploys upload it only then.
  const lines = [
    '# 解读 Studio 的响应头：由 npm run release 生成，请勿手改。',
    '# 适用于读取 _headers 的平台（Netlify、Cloudflare Pages 等）；nginx 请用同一发布的 headers.nginx.conf。',
  ];
  for (const rule of rules) {
    lines.push(rule.path);
    for (const [name, value] of rule.headers) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

function nginxHeaders(cacheControl: string, security: [string, string][]): string[] {
  return [['Cache-Control', cacheControl] as [string, string], ...security].map(
    ([name, value]) => `    add_header ${name} "${value.replace(/["\\]/g, '\\$&')}" always;`,
  );
}

/**
 * The nginx include: location blocks for hashed and other files, each with every header, because an
 * add_header inside a location discards those inherited from the server block. The same text in every release
 * with the same site.yaml `cms` setting: with `adminCsp`, /admin/ has a block of its own with that policy.
 */
export function renderNginxConf(csp: string = CSP, adminCsp?: string): string {
  const security = securityHeaders(csp);
  const block = (location: string, cacheControl: string, body: string[], headers = security) => [
    `location ${location} {`,
    ...nginxHeaders(cacheControl, headers),
    ...body,
    '}',
    '',
  ];
  return [
    // No version in the text: the include is the same for every release, so switching releases needs no reload.
    '# 解读 Studio 的 nginx 配置片段：由 npm run release 生成，请勿手改；各版本内容相同，切换版本无需重新加载 nginx。',
    '# 用法：在 server {} 中 include 本文件，root 指向当前发布的 site 目录。目录部署（npm run deploy -- --target dir）把它写到',
    '# 发布根目录下一个固定的位置（只在指令变化时改写，并提示 reload nginx），例如',
    '#   root /srv/jiedu/current/site;',
    '#   include /srv/jiedu/headers.nginx.conf;',
    '# server {} 中不要再写 location /，也不要依赖外层的 add_header（写在 location 里的 add_header 会让外层的失效）。',
    '',
    'index index.html;',
    'error_page 404 /404.html;',
    '',
    '# 文件名带内容哈希：内容一变名字就变，可以永久缓存。',
    ...block('^~ /_astro/', IMMUTABLE, ['    try_files $uri =404;']),
    ...block('~ ^/pagefind/(fragment|index|filter)/', IMMUTABLE, ['    try_files $uri =404;']),
    ...block('~ ^/pagefind/pagefind\\.[^/]+_[0-9a-f]+\\.pf_meta$', IMMUTABLE, ['    try_files $uri =404;']),
    '# 发布说明性文件不对外提供。',
    'location = /_headers {',
    '    return 404;',
    '}',
    '',
    ...(adminCsp === undefined
      ? []
      : [
          '# 表单编辑器（content/site.yaml 的 cms）：它自己的安全策略，允许内嵌样式和连接 Git 服务器；其他网页不受影响。',
          ...block(`^~ /${ADMIN_DIRECTORY}`, REVALIDATE, ['    try_files $uri $uri/ =404;'], securityHeaders(adminCsp)),
        ]),
    '# 其余文件（网页、订阅、搜索入口、图片）每次向服务器确认是否有更新。',
    ...block('/', REVALIDATE, ['    try_files $uri $uri/ =404;']),
  ].join('\n');
}
