/**
 * A pool of worker threads that render jobs in parallel (satori runs on the JavaScript thread, so one
 * thread renders one part at a time; sharp's encoders already use libuv's threads).
 * Size 0 runs every job on the calling thread. Measured on 2 cores: see README (bench).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ContentError } from '../lib/problems';
import { sourceDir } from './render';
import { runJob, WORKER_ROLE, type WorkerJob, type WorkerReply } from './worker';

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
 * Starts a pool of `size` workers running src/infographics/worker.ts (loaded with tsx).
 * Size 0 starts no thread: jobs run on this thread, `inProcess` of them at a time (default 1), so one
 * job's satori work can overlap another's sharp work.
 */
export function createPool(size: number, inProcess = 1): RenderPool {
  if (size <= 0) {
    let active = 0;
    const waiting: (() => void)[] = [];
    return {
      async run<T>(job: WorkerJob) {
        if (active >= inProcess) await new Promise<void>((r) => waiting.push(r));
        active++;
        try {
          return (await runJob(job)) as T;
        } finally {
          active--;
          waiting.shift()?.();
        }
      },
      close: async () => {},
    };
  }
  const script = path.join(sourceDir(), 'worker.ts');
  // The worker is TypeScript; tsx (a project dependency) loads it, as it loads the scripts.
  const tsx = pathToFileURL(createRequire(script).resolve('tsx')).href;
  const workers = Array.from({ length: size }, () => new Worker(script, { execArgv: ['--import', tsx], workerData: { role: WORKER_ROLE } }));
  const idle = [...workers];
  const queue: { id: number; job: WorkerJob }[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const pump = () => {
    while (idle.length && queue.length) idle.pop()!.postMessage(queue.shift());
  };
  for (const w of workers) {
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id)!;
      pending.delete(reply.id);
      idle.push(w);
      pump();
      if (reply.ok) p.resolve(reply.result);
      else p.reject(reply.problems ? new ContentError(reply.problems) : new Error(reply.message));
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  return {
    run<T>(job: WorkerJob) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        queue.push({ id, job });
        pump();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
