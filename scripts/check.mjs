// @ts-check
/**
 * `npm run check` starts here, in plain Node without a TypeScript loader: it runs scripts/check.ts from the bundle
 * src/check/bundle.mjs keeps in node_modules/.cache/jiedu-check/ (built again first whenever a source changed), with
 * Node's compile cache on, so V8 also keeps the bundle's compiled code between runs (os.tmpdir()/node-compile-cache,
 * keyed by the bundle's contents; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Arguments, output and exit code are
 * scripts/check.ts's own; `node --import tsx scripts/check.ts` runs the same check from source.
 */
import { enableCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ensureBundle, PROJECT_ROOT } from '../src/check/bundle.mjs';

enableCompileCache();
const { file } = await ensureBundle({ root: PROJECT_ROOT, entry: 'scripts/check.ts' });
await import(pathToFileURL(file).href);
