// @ts-check
/**
 * The cached bundle `npm run check` runs (scripts/check.mjs): scripts/check.ts and everything it imports, built by
 * esbuild into one ES module under node_modules/.cache/jiedu-check/, so a check loads one file instead of compiling
 * ~580 TypeScript and package modules through tsx on every run (≈0.6 s of a one-file check).
 *
 * The bundle is used only while it is the build of the current sources: its key is a hash of the text of every
 * project file esbuild read (listed in the manifest next to it), of the installed packages' lock file
 * (node_modules/.package-lock.json, else package-lock.json), of this file and of the Node version. Each run hashes
 * those files again (≈50 files, a few ms); when any differs, or a listed file is gone, the bundle is built again
 * before the check runs (≈1–3 s, once). A source saved while a build runs leaves no manifest, so the next run
 * builds again.
 *
 * This file is plain JavaScript because it runs before any TypeScript loader exists.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Packages left to Node at run time: sharp loads a native addon, fontkit is required lazily
 * (src/infographics/fonts.ts), write-file-atomic names its temporary files after its own __filename (a CommonJS
 * variable a bundle does not have). A bundled package that uses __filename or __dirname fails the build (below).
 */
const EXTERNAL = ['sharp', 'fontkit', 'write-file-atomic'];

/** Stale bundles younger than this are kept: a check started just before a rebuild may still be about to load one. */
const KEEP_STALE_MS = 10 * 60 * 1000;

/**
 * @typedef {object} BundleOptions
 * @property {string} root Project root (absolute): where node_modules/ and the lock file are; manifest paths are relative to it.
 * @property {string} entry The entry module, relative to `root` (e.g. scripts/check.ts).
 * @property {string} [cacheDir] Where bundles and the manifest go; default <root>/node_modules/.cache/jiedu-check.
 */

/**
 * @typedef {object} BundleResult
 * @property {string} file Absolute path of the bundle to import.
 * @property {boolean} built true when it was built in this call (the sources changed, or there was none).
 * @property {number} inputs How many project files it was built from.
 */

/**
 * Returns the bundle of `entry` for the sources as they are now, building it first when they changed.
 * Throws esbuild's error (English, for programmers) when the sources do not compile; a check cannot run then.
 * @param {BundleOptions} options
 * @returns {Promise<BundleResult>}
 */
export async function ensureBundle({ root, entry, cacheDir = join(root, 'node_modules', '.cache', 'jiedu-check') }) {
  const name = entry.replace(/[^A-Za-z0-9]+/g, '-');
  const manifestPath = join(cacheDir, `${name}.json`);
  const manifest = readManifest(manifestPath);
  if (manifest && manifest.entry === entry) {
    const key = keyOf(root, manifest.inputs);
    const file = join(cacheDir, manifest.bundle);
    if (key === manifest.key && exists(file)) return { file, built: false, inputs: manifest.inputs.length };
  }
  return build(root, entry, cacheDir, name, manifestPath);
}

/**
 * @param {string} root
 * @param {string} entry
 * @param {string} cacheDir
 * @param {string} name
 * @param {string} manifestPath
 * @returns {Promise<BundleResult>}
 */
async function build(root, entry, cacheDir, name, manifestPath) {
  const esbuild = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  linkPackages(root, cacheDir);
  const started = Date.now();
  const temp = join(cacheDir, `${name}.${process.pid}.tmp.mjs`);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    outfile: temp,
    metafile: true,
    logLevel: 'error',
    // Packages written as CommonJS call require() for Node's own modules; an ES module has none of its own.
    banner: { js: "import { createRequire as __jieduCreateRequire } from 'node:module'; const require = __jieduCreateRequire(import.meta.url);" },
  });
  // CommonJS's __filename and __dirname do not exist in an ES module: a package using them would fail mid-check
  // (as write-file-atomic did in --fix), so it is named here, before any check runs from this bundle.
  const code = readFileSync(temp, 'utf8');
  const use = /\b__(?:file|dir)name\b/.exec(code);
  if (use) {
    rmSync(temp, { force: true });
    const from = code.slice(0, use.index).match(/^\/\/ (\S+)$/gm)?.at(-1)?.slice(3) ?? 'a bundled module';
    throw new Error(`${from} uses ${use[0]}, which a bundle does not have: add its package to EXTERNAL in src/check/bundle.mjs.`);
  }
  // The project's own files, as paths relative to the root; packages are covered by the lock file in the key.
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => relative(root, resolve(root, p)).split(sep).join('/'))
    .filter((p) => !p.startsWith('node_modules/') && !p.startsWith('../') && !p.includes(':'))
    .sort();
  const key = keyOf(root, inputs);
  const bundle = `${name}-${key.slice(0, 16)}.mjs`;
  const file = join(cacheDir, bundle);
  renameSync(temp, file);
  // A file saved during the build may be in the key but not in the bundle: then no manifest, and the next run builds again.
  const savedDuring = inputs.some((p) => statSync(join(root, p)).mtimeMs > started);
  if (!savedDuring) {
    const tempManifest = `${manifestPath}.${process.pid}.tmp`;
    writeFileSync(tempManifest, JSON.stringify({ entry, key, bundle, inputs }, null, 1));
    renameSync(tempManifest, manifestPath);
  }
  removeStale(cacheDir, name, bundle);
  return { file, built: true, inputs: inputs.length };
}

/**
 * The key of a build from `inputs` (paths relative to root): their text, the installed packages, this file and Node's
 * version. A missing input makes a key no build has.
 * @param {string} root
 * @param {readonly string[]} inputs
 * @returns {string}
 */
function keyOf(root, inputs) {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\0`);
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  const lock = [join(root, 'node_modules', '.package-lock.json'), join(root, 'package-lock.json')].find(exists);
  hash.update(`\0lock\0${lock ? readFileSync(lock).toString('utf8') : 'none'}`);
  for (const p of inputs) {
    let text;
    try {
      text = readFileSync(join(root, p));
    } catch {
      text = `missing ${Math.random()}`;
    }
    hash.update(`\0${p}\0${text.length}\0`).update(text);
  }
  return hash.digest('hex');
}

/**
 * @param {string} path
 * @returns {{ entry: string; key: string; bundle: string; inputs: string[] } | undefined}
 */
function readManifest(path) {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8'));
    return typeof m?.key === 'string' && typeof m.bundle === 'string' && Array.isArray(m.inputs) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes this entry's older bundles and temporary files left by killed builds, once they are KEEP_STALE_MS old.
 * @param {string} cacheDir
 * @param {string} name
 * @param {string} current
 */
function removeStale(cacheDir, name, current) {
  for (const f of readdirSync(cacheDir)) {
    if (f === current || (!f.startsWith(`${name}-`) && !f.startsWith(`${name}.`))) continue;
    if (f === `${name}.json`) continue;
    const full = join(cacheDir, f);
    try {
      if (Date.now() - statSync(full).mtimeMs > KEEP_STALE_MS) rmSync(full, { force: true });
    } catch {
      // Another check removed it first.
    }
  }
}

/**
 * Node looks for the EXTERNAL packages in the node_modules/ folders above the bundle. A cache folder outside the
 * project (the temporary folder scripts/check.mjs uses when node_modules/ is read-only) has none, so it gets a
 * `node_modules` link to the project's own; a cache inside <root>/node_modules/ needs none.
 * @param {string} root
 * @param {string} cacheDir
 */
function linkPackages(root, cacheDir) {
  const packages = join(root, 'node_modules');
  const rel = relative(packages, resolve(cacheDir));
  if (!rel.startsWith('..') && !isAbsolute(rel)) return;
  if (!exists(packages)) return;
  const link = join(cacheDir, 'node_modules');
  try {
    if (readlinkSync(link) === packages) return;
    rmSync(link, { force: true });
  } catch {
    // No link yet (or a plain folder, which symlinkSync then reports).
  }
  try {
    symlinkSync(packages, link, 'junction');
  } catch (error) {
    // Another check made the same link at the same moment.
    if (/** @type {{ code?: string }} */ (error).code !== 'EEXIST') throw error;
  }
}

/** @param {string} path */
function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The project root of this checkout: two folders above this file. */
export const PROJECT_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
