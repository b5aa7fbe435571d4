// @ts-check
/**
 * `npm run check` starts here, in plain Node without a TypeScript loader: it runs scripts/check.ts from the bundle
 * src/check/bundle.mjs keeps in node_modules/.cache/jiedu-check/ (built again first whenever a source changed), with
 * Node's compile cache on, so V8 also keeps the bundle's compiled code between runs (os.tmpdir()/node-compile-cache,
 * keyed by the bundle's contents; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Arguments, output and exit code are
 * scripts/check.ts's own; `node --import tsx scripts/check.ts` runs the same check from source.
 */
import { createHash } from 'node:crypto';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBundle, PROJECT_ROOT } from '../src/check/bundle.mjs';

// Run directly with the machine's older Node (`node scripts/check.mjs`), the bundle would fail in English on the
// first Node 22 API; npm puts the project's pinned Node 22 (node_modules/.bin/node) first on the PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 || typeof nodeModule.enableCompileCache !== 'function') {
  console.error(`检查需要 Node 22 或更新的版本，现在运行的是 Node ${process.versions.node}。\n  请在项目文件夹里用 npm run check 运行（npm 会使用项目自带的 Node 22），不要直接用 node 运行 scripts/check.mjs。`);
  process.exit(2);
}
nodeModule.enableCompileCache();
const entry = 'scripts/check.ts';
/** @type {string} */
let file;
try {
  ({ file } = await ensureBundle({ root: PROJECT_ROOT, entry }));
} catch (error) {
  // node_modules/ installed read-only (by another user, or a read-only volume): keep the bundle in the temporary folder.
  const code = /** @type {{ code?: string }} */ (error).code;
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
  const cacheDir = join(tmpdir(), `jiedu-check-${createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 12)}`);
  ({ file } = await ensureBundle({ root: PROJECT_ROOT, entry, cacheDir }));
}
await import(pathToFileURL(file).href);
