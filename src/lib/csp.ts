/**
 * The site's Content-Security-Policy: a constant. The site has no inline code at all (scripts and stylesheets
 * are files the build writes under /_astro/), so the policy names no hashes and is never derived from what is
 * in dist/: a script that content smuggled into a page is blocked, whatever its text. The same policy is sent
 * as a response header (src/release/headers.ts: `_headers`, nginx include) and written into every page as
 * `<meta http-equiv="Content-Security-Policy">` (src/layouts/Base.astro) for hosts that send no headers (S3).
 */

/**
 * Directives, in order. 'wasm-unsafe-eval' is global rather than on /search/ alone: Pagefind compiles its
 * WebAssembly inside a worker (/pagefind/pagefind-worker.js), and a worker runs under the policy sent with its
 * own script, not the search page's. It allows compiling WebAssembly only, not eval() of JavaScript.
 */
const DIRECTIVES: readonly [name: string, value: string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'self'"],
];

/**
 * Directives a `<meta http-equiv>` policy cannot carry: browsers ignore them there (CSP Level 3, §6.1 and the
 * HTML standard's "Content security policy state"), so they are left out rather than reported as errors.
 */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

/** The policy sent as the Content-Security-Policy response header. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** The same policy for `<meta http-equiv="Content-Security-Policy">`, without the header-only directives. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');
