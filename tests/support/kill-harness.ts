/**
 * Shared harness of the kill tests (kill-import.test.ts, kill-fix.test.ts). Kill tests: `npm run import` and `npm run check -- --fix` are killed with SIGKILL at random moments, in real
 * time (no hooks that slow writes down), and every file is then compared byte for byte with its version before
 * the run and with its version after a complete run in a separate folder. Each must be one or the other; a
 * re-run must then give exactly the complete result. JIEDU_KILL_RUNS sets the runs per command (default 20, about 40 s each on two cores).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { MANIFEST_FILE } from '../../src/import/importer';

export const PROJECT = join(import.meta.dirname, '..', '..');
export const CORPUS = join(PROJECT, 'tests', 'fixtures', 'corpus');
export const COPY_FIXTURE = join(PROJECT, 'tests', 'fixtures', 'editor', 'copy');
export const TSX = createRequire(import.meta.url).resolve('tsx/esm');
export const RUNS = Number(process.env.JIEDU_KILL_RUNS ?? 20);


/** Every file under root/content (hidden ones included), bytes by path relative to root. */
export function tree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const dir = join(root, 'content');
  if (!existsSync(dir)) return files;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(relative(root, join(e.parentPath, e.name)).split('\\').join('/'), readFileSync(join(e.parentPath, e.name)));
  }
  return files;
}

/** A temporary file left by write-file-atomic (<name>.<number>) when the process died between create and rename: not content. */
export const isTempFile = (path: string) => /\.(md|mdx|ya?ml|json)\.\d+$/.test(path);

/** Figures of one kill campaign. */
export interface Figures {
  runs: number;
  killed: number;
  /** Kills after which some files were new and some still old (the kill hit the write phase). */
  midWrite: number;
  filesCompared: number;
  tempFilesLeft: number;
  failures: string[];
}

/**
 * Runs `args` in `cwd` with tsx and kills it with SIGKILL `delay` ms after `trigger` (spawn, or the first change
 * in `watchDir`; with `armOn`, the first change to a path, relative to `watchDir`, that it accepts). Resolves when
 * the process is gone; `killed` is false when it finished first.
 */
export function runAndKill(args: string[], cwd: string, watchDir: string, delay: number, afterFirstWrite: boolean, armOn?: (path: string) => boolean): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, ...args], { cwd, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    const arm = () => {
      if (timer) return;
      timer = setTimeout(() => child.kill('SIGKILL'), delay);
    };
    if (afterFirstWrite) watcher = watch(watchDir, { recursive: true }, (_event, path) => (!armOn || (path !== null && armOn(String(path))) ? arm() : undefined));
    else arm();
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

/**
 * Compares the tree after a kill with the trees before and after a complete run: each path must hold its old
 * bytes or its new bytes (or be absent where it was absent before). Returns how many files were compared.
 */
export function compareAfterKill(run: string, before: Map<string, Buffer>, after: Map<string, Buffer>, figures: Figures, label: string, ignore: (path: string) => boolean): void {
  const now = tree(run);
  // The import manifest has a third complete version while files are written (with the pending hashes).
  const manifest = now.get(MANIFEST_FILE);
  if (manifest && !before.get(MANIFEST_FILE)?.equals(manifest) && !after.get(MANIFEST_FILE)?.equals(manifest)) {
    figures.filesCompared++;
    try {
      const data = JSON.parse(manifest.toString('utf8')) as { files?: unknown; pending?: unknown };
      if (typeof data.files !== 'object' || typeof data.pending !== 'object') throw new Error('not a pending manifest');
    } catch (error) {
      figures.failures.push(`${label}: ${MANIFEST_FILE} is cut or not a manifest (${(error as Error).message})`);
    }
    now.delete(MANIFEST_FILE);
    before = new Map([...before].filter(([p]) => p !== MANIFEST_FILE));
    after = new Map([...after].filter(([p]) => p !== MANIFEST_FILE));
  }
  let oldCount = 0;
  let newCount = 0;
  const changing = new Set([...before.keys(), ...after.keys()].filter((p) => !ignore(p) && !before.get(p)?.equals(after.get(p) ?? Buffer.alloc(0))));
  for (const path of new Set([...before.keys(), ...after.keys(), ...now.keys()])) {
    if (ignore(path)) continue;
    const bytes = now.get(path);
    if (bytes === undefined) {
      if (before.has(path)) figures.failures.push(`${label}: ${path} disappeared`);
      continue;
    }
    if (!before.has(path) && !after.has(path)) {
      if (isTempFile(path)) figures.tempFilesLeft++;
      else figures.failures.push(`${label}: unexpected file ${path}`);
      continue;
    }
    figures.filesCompared++;
    const isOld = before.get(path)?.equals(bytes) ?? false;
    const isNew = after.get(path)?.equals(bytes) ?? false;
    if (!isOld && !isNew) figures.failures.push(`${label}: ${path} is neither its old nor its new version (${bytes.length} bytes)`);
    if (changing.has(path)) {
      if (isNew) newCount++;
      else if (isOld || !before.has(path)) oldCount++;
    }
  }
  // Absent-before files not yet created count as old.
  for (const path of changing) if (!before.has(path) && !now.has(path)) oldCount++;
  if (oldCount > 0 && newCount > 0) figures.midWrite++;
}

export function report(name: string, f: Figures): void {
  console.log(
    `${name}: ${f.runs} runs, ${f.killed} killed (${f.midWrite} in the middle of writing: some files new, some old), ` +
      `${f.filesCompared} files compared, ${f.tempFilesLeft} temporary files left, ${f.failures.length} failures`,
  );
}

/** Uniform random integer in [min, max]. */
export const randomIn = (min: number, max: number) => Math.floor(min + Math.random() * (max - min + 1));

