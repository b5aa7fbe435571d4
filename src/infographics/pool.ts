/**
 * A pool of worker threads that render jobs in parallel (satori runs on the JavaScript thread, so one
 * thread renders one part at a time; sharp's encoders already use libuv's threads).
 * Size 0 runs every job on the calling thread. Measured on 2 cores: see README (bench).
 */
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
 * Starts a pool of `size` workers (tinypool) running src/infographics/worker.ts (loaded with tsx).
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
  // The worker is TypeScript; tsx (a project dependency) loads it, as it loads the scripts.
  const tsx = pathToFileURL(createRequire(script).resolve('tsx')).href;
  // All threads start at once and stay until close(), as a build renders everything in one go. The parent's
  // --cpu-prof flags are passed on, so `node --cpu-prof` profiles the workers too (their own execArgv replaces it).
  const pool = new Tinypool({ filename: pathToFileURL(script).href, minThreads: size, maxThreads: size, execArgv: [...process.execArgv.filter((a) => a.startsWith('--cpu-prof')), '--import', tsx] });
  return {
    async run<T>(job: WorkerJob) {
      const reply = (await pool.run(job)) as WorkerReply;
      if (reply.ok) return reply.result as T;
      throw reply.problems ? new ContentError(reply.problems) : new Error(reply.message);
    },
    close: () => pool.destroy(),
  };
}
