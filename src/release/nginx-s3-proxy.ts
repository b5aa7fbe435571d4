/**
 * The nginx configuration that serves an S3 deploy's live release from the bucket: it reads the pointer's
 * metadata (x-amz-meta-release, s3-pointer.ts) and proxies each request to releases/<id>/ of that release, so a
 * deploy switches readers by one write and nginx never needs a reload. Written by
 * `npm run deploy -- --target s3 --nginx-conf <file>` (README: "Object storage is served through nginx").
 */
import { ADMIN_DIRECTORY, securityHeaders } from './headers';
import { RELEASES_PREFIX, s3Keys } from './s3-pointer';

/** Seconds nginx keeps the pointer it read (proxy_cache_valid of the micro-cache). */
export const POINTER_CACHE_SECONDS = 1;
/**
 * Seconds after the pointer is written within which every reader through nginx gets the new release: nginx
 * counts cache validity in whole seconds, so an entry lives up to one second longer than {@link POINTER_CACHE_SECONDS}.
 */
export const SWITCH_SEEN_WITHIN_SECONDS = POINTER_CACHE_SECONDS + 1;
/** Directory of the pointer's micro-cache on the nginx host, unless the operator chooses another. */
export const DEFAULT_NGINX_CACHE_DIR = '/var/cache/nginx/jiedu-live';

/** Where the nginx in front of the bucket finds it. */
export interface NginxProxyInput {
  /** Bucket origin nginx proxies to, e.g. http://127.0.0.1:9000 or https://bucket.oss-cn-hangzhou-internal.aliyuncs.com. */
  upstream: string;
  /** Path of the bucket root on that origin: "/bucket/" for path-style, "/" for virtual-host style. */
  bucketPath: string;
  /** JIEDU_S3_PREFIX ("" or ending in "/"). */
  prefix: string;
  /** Host header to send (virtual-host style services need the bucket's host name); default: the upstream's. */
  host?: string;
  /** The Content-Security-Policy of the site's pages. */
  csp: string;
  /** The policy of /admin/ when the release carries the form editor (manifest adminCsp, src/cms/admin-csp.ts). */
  adminCsp?: string;
}

/**
 * The http {} part of the nginx recipe: the cache zone `jiedu_live` that keeps the pointer for
 * {@link POINTER_CACHE_SECONDS} seconds (proxy_cache_path is only allowed in http {}). `cacheDir` must be
 * writable by nginx's worker processes.
 */
export function renderNginxProxyHttpConf(cacheDir: string = DEFAULT_NGINX_CACHE_DIR): string {
  return [
    '# 解读 Studio：线上指针的缓存区。由 npm run deploy -- --target s3 --nginx-conf 生成，写在 http {} 中（server {} 之外）。',
    `# nginx 每 ${POINTER_CACHE_SECONDS} 秒最多向对象存储读一次 _releases/live.json（部署切换后最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本）；目录须可被 nginx 的 worker 进程写入。`,
    `proxy_cache_path ${cacheDir} levels=1 keys_zone=jiedu_live:1m max_size=1m inactive=1m use_temp_path=off;`,
    '',
  ].join('\n');
}

/**
 * The nginx configuration (inside server {}) that serves the live release from the bucket: each request first
 * reads the pointer's metadata (x-amz-meta-release) with auth_request, kept for {@link POINTER_CACHE_SECONDS}
 * seconds in the `jiedu_live` cache zone ({@link renderNginxProxyHttpConf}), so a switch is seen by every reader
 * within {@link SWITCH_SEEN_WITHIN_SECONDS} seconds and the bucket gets one pointer read per interval, not one per request; then it proxies to
 * releases/<id>/ of that release. A directory URL gets its index.html; a URL without its trailing slash whose
 * folder has an index.html gets a 301 to the slash form, as nginx does for a directory; any other missing file
 * gets the release's 404.html with status 404 (S3 answers 403 for a missing key without list permission). Objects
 * keep their Content-Type and Cache-Control; nginx adds the security headers (with `adminCsp`, /admin/ gets its own
 * policy in a location of its own). Nothing in it changes with a
 * release, so nginx never needs a reload after a deploy.
 */
export function renderNginxProxyConf(input: NginxProxyInput): string {
  const base = `${input.upstream.replace(/\/+$/, '')}${input.bucketPath.replace(/\/*$/, '/')}${input.prefix}`;
  const host = input.host ? [`    proxy_set_header Host ${input.host};`] : [];
  const addHeaders = (csp: string) => securityHeaders(csp).map(([name, value]) => `    add_header ${name} "${value.replace(/["\\]/g, '\\$&')}" always;`);
  // A location that serves the live release's files with these headers.
  const release = (location: string, headers: string[]) => [
    `location ${location} {`,
    '    auth_request /_jiedu_live;',
    '    auth_request_set $jiedu_release $upstream_http_x_amz_meta_release;',
    '    set $jiedu_key $uri;',
    '    if ($jiedu_key ~ /$) {',
    '        set $jiedu_key ${jiedu_key}index.html;',
    '    }',
    `    proxy_pass ${base}${RELEASES_PREFIX}$jiedu_release$jiedu_key;`,
    ...host,
    '    proxy_hide_header x-amz-meta-sha256;',
    '    proxy_intercept_errors on;',
    '    recursive_error_pages on;',
    '    error_page 403 404 = @jiedu_missing;',
    ...headers,
    '}',
  ];
  // A HEAD request for one key: no body, none of the reader's headers (cookies, conditional requests).
  const head = [...host, '    proxy_method HEAD;', '    proxy_pass_request_body off;', '    proxy_pass_request_headers off;', '    proxy_set_header Content-Length "";'];
  return [
    '# 解读 Studio：从对象存储提供线上发布。由 npm run deploy -- --target s3 --nginx-conf 生成，写在 server {} 中；',
    '# 同时生成的 *.http.conf（线上指针的缓存区 jiedu_live）写在 http {} 中。',
    '# 每个请求先读 _releases/live.json 的元数据得知线上发布，再从 releases/<发布编号>/ 取文件；部署只改写这一个对象，nginx 不需要 reload。',
    `# 指针在 nginx 中缓存 ${POINTER_CACHE_SECONDS} 秒：部署切换后，最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本。`,
    'location = /_jiedu_live {',
    '    internal;',
    `    proxy_pass ${base}${s3Keys.pointer};`,
    ...head,
    '    proxy_cache jiedu_live;',
    `    proxy_cache_key "${base}${s3Keys.pointer}";`,
    `    proxy_cache_valid 200 ${POINTER_CACHE_SECONDS}s;`,
    // The pointer is stored with Cache-Control: no-store (for any other reader); here it is kept on purpose.
    '    proxy_ignore_headers Cache-Control Expires Set-Cookie;',
    '    proxy_cache_lock on;',
    '    proxy_cache_use_stale updating;',
    '}',
    ...(input.adminCsp === undefined
      ? []
      : ['# 表单编辑器（content/site.yaml 的 cms）：它自己的安全策略，允许内嵌样式和连接 Git 服务器；其他网页不受影响。', ...release(`^~ /${ADMIN_DIRECTORY}`, addHeaders(input.adminCsp))]),
    ...release('/', addHeaders(input.csp)),
    '# 对象不存在：不带末尾斜杠、而同名目录下有 index.html 的网址，像 nginx 对目录那样 301 到带斜杠的网址；其余给本发布的 404.html。',
    'location @jiedu_missing {',
    '    set $jiedu_folder $uri;',
    '    auth_request /_jiedu_folder;',
    '    recursive_error_pages on;',
    '    error_page 403 =404 /404.html;',
    '    try_files /.jiedu-no-such-file @jiedu_slash;',
    '}',
    'location = /_jiedu_folder {',
    '    internal;',
    `    proxy_pass ${base}${RELEASES_PREFIX}$jiedu_release$jiedu_folder/index.html;`,
    ...head,
    '    proxy_intercept_errors on;',
    '    error_page 403 404 = @jiedu_no_folder;',
    '}',
    'location @jiedu_no_folder {',
    '    return 403;',
    '}',
    'location @jiedu_slash {',
    '    return 301 $uri/$is_args$args;',
    '}',
    'location = /_headers {',
    '    return 404;',
    '}',
    '',
  ].join('\n');
}
