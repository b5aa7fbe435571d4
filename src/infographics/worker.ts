/**
 * A worker thread of the render pool (pool.ts): renders one job at a time with the same code as the main
 * thread, and its own fonts (read once per worker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ContentError } from '../lib/problems';
import { loadFonts, defaultFontPaths } from './fonts';
import type { InfographicContext, InfographicModel } from './model';
import { renderCached } from './render';
import { renderSocialCardCached, type SocialCardInput } from './social-card';
import type { ThemeName } from './themes';

/** A job sent to a worker. */
export type WorkerJob =
  | { kind: 'infographic'; model: InfographicModel; context: InfographicContext; theme: ThemeName; cacheDir: string; root: string; maxHeight?: number }
  | { kind: 'card'; input: SocialCardInput; theme: ThemeName; cacheDir: string; root: string };

/** What a worker answers: the job's result, or the error with any problems it carries. */
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string; problems?: ContentError['problems'] };

/** Runs one job; used by the worker and, without a worker, by the pool of size 0. */
export async function runJob(job: WorkerJob): Promise<unknown> {
  const fonts = loadFonts(defaultFontPaths(job.root));
  if (job.kind === 'card') return renderSocialCardCached(job.input, job.theme, { cacheDir: job.cacheDir, root: job.root, fonts });
  return renderCached({ model: job.model, context: job.context, theme: job.theme, fonts }, { cacheDir: job.cacheDir, root: job.root, maxHeight: job.maxHeight });
}

/** Marks threads started by pool.ts, so importing this file elsewhere (a test runner's thread) starts nothing. */
export const WORKER_ROLE = 'jiedu-infographics-render';

if (parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort;
  port.on('message', async ({ id, job }: { id: number; job: WorkerJob }) => {
    try {
      port.postMessage({ id, ok: true, result: await runJob(job) } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({
        id,
        ok: false,
        message: (e as Error).message,
        problems: e instanceof ContentError ? e.problems : undefined,
      } satisfies WorkerReply);
    }
  });
}
