/**
 * The task of a render pool thread (pool.ts, tinypool loads this file's default export in each thread): renders
 * one job at a time with the same code as the main thread, and its own fonts (read once per worker).
 */
import { ContentError } from '../lib/problems';
import { loadFonts, defaultFontPaths } from './fonts';
import type { InfographicContext, InfographicModel } from './model';
import { renderCached } from './cache';
import { renderSocialCardCached, type SocialCardInput } from './social-card';
import type { ThemeName } from './themes';

/** A job sent to a worker. */
export type WorkerJob =
  | { kind: 'infographic'; model: InfographicModel; context: InfographicContext; theme: ThemeName; cacheDir: string; root: string; maxHeight?: number }
  | { kind: 'card'; input: SocialCardInput; theme: ThemeName; cacheDir: string; root: string };

/** What a worker answers: the job's result, or the error with any problems it carries. */
export type WorkerReply = { ok: true; result: unknown } | { ok: false; message: string; problems?: ContentError['problems'] };

/** Runs one job; used by the worker and, without a worker, by the pool of size 0. */
export async function runJob(job: WorkerJob): Promise<unknown> {
  const fonts = loadFonts(defaultFontPaths(job.root));
  if (job.kind === 'card') return renderSocialCardCached(job.input, job.theme, { cacheDir: job.cacheDir, root: job.root, fonts });
  return renderCached({ model: job.model, context: job.context, theme: job.theme, fonts }, { cacheDir: job.cacheDir, root: job.root, maxHeight: job.maxHeight });
}

/**
 * Runs one job in a pool thread. Errors come back as a reply, not a throw: a thrown error crosses the thread as a
 * plain Error, which would lose a ContentError's problems (file, line, fix) that the build reports to editors.
 */
export default async function runJobInWorker(job: WorkerJob): Promise<WorkerReply> {
  try {
    return { ok: true, result: await runJob(job) };
  } catch (e) {
    return { ok: false, message: (e as Error).message, problems: e instanceof ContentError ? e.problems : undefined };
  }
}
