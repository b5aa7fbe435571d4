/**
 * A pool of worker threads that render jobs in parallel (satori runs on the JavaScript thread, so one
 * thread renders one part at a time; sharp's encoders already use libuv's threads).
 * Size 0 runs every job on the calling thread. Measured on 2 cores: see README (bench).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import Tinypool from 'tinypool';
import { ContentError } from '../lib/problems';
import { sourceDir } from './cache';
import { runJob, type WorkerJob, type WorkerReply } from './worker';

/** A queue of jobs over `size` worker threads. */
export interface RenderPool {
  run<T>(job: WorkerJob): Promise<T>;
  close(): Promise<void>;
}

/** Default pool size: one worker per core, at most 2 (more only multiplies the fonts held in memory). */
export function defaultPoolSize(): number {
  return Math.min(2, os.availableParallelism());
}

/**
 * Starts a pool of `size` workers (tinypool) running src/infographics/worker.ts, bundled as plain JavaScript
 * (workerBundle; loaded with tsx when it cannot be bundled).
 * Size 0 starts no thread: jobs run on this thread, `inProcess` of them at a time (default 1), so one
 * job's satori work can overlap another's sharp work.
 */
export function createPool(size: number, inProcess = 1): RenderPool {
  if (size <= 0) {
    const limit = pLimit(Math.max(1, inProcess));
    return {
      run: <T>(job: WorkerJob) => limit(async () => (await runJob(job)) as T),
      close: async () => {},
    };
  }
  const script = path.join(sourceDir(), 'worker.ts');
  const worker = workerBundle(script);
  // All threads start at once and stay until close(), as a build renders everything in one go. The parent's
  // --cpu-prof flags are passed on, so `node --cpu-prof` profiles the workers too (their own execArgv replaces it).
  const profiling = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
  const pool = new Tinypool({
    filename: worker ?? pathToFileURL(script).href,
    minThreads: size,
    maxThreads: size,
    // Without a bundle the worker is TypeScript, loaded by tsx (a project dependency) as it loads the scripts.
    execArgv: worker ? profiling : [...profiling, '--import', pathToFileURL(createRequire(script).resolve('tsx')).href],
  });
  return {
    async run<T>(job: WorkerJob) {
      const reply = (await pool.run(job)) as WorkerReply;
      if (reply.ok) return reply.result as T;
      throw reply.problems ? new ContentError(reply.problems) : new Error(reply.message);
    },
    close: () => pool.destroy(),
  };
}

/**
 * The worker and the project code it imports as one plain-JavaScript module, bundled with esbuild (packages stay
 * imports): loading it costs a thread about 0.4 s of CPU instead of 1.1–1.2 s through tsx, which transforms and
 * resolves each TypeScript file in every thread (docs/benchmarks.md, "Infographics"). The bundle is written once per
 * content, as node_modules/.cache/jiedu-infographics/worker-<hash>.mjs, so its package imports resolve from the
 * project's node_modules; `import.meta.url` in it is the worker's source file, so fonts, models and the code hash
 * (cache.ts) are found where the TypeScript finds them. Returns its file URL, or undefined when esbuild is missing or
 * fails (the pool then loads the TypeScript through tsx, as before).
 */
export function workerBundle(script: string): string | undefined {
  try {
    const require = createRequire(script);
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [script],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(script).href) },
    });
    const code = out.outputFiles[0]!.contents;
    const tinypool = require.resolve('tinypool');
    const modules = tinypool.slice(0, tinypool.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
    const file = path.join(modules, '.cache', 'jiedu-infographics', `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
    return pathToFileURL(file).href;
  } catch {
    return undefined;
  }
}
