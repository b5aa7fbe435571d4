/**
 * Body conversion (HTML → Markdown through unified and the sanitiser) on worker threads: the CPU of a large import.
 * Records are sent in planning order, a few batches ahead of the threads (so only those bodies are in memory), and
 * each thread runs the same convertBody as the main thread: the Markdown, problems and removals of a record are
 * the same whatever the number of threads (tests/unit/import/convert-pool.test.ts).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import Tinypool from 'tinypool';
import type { ConvertedBody, ConvertJob } from './convert-worker';
import type { ImportRecord } from './records';

export type { ConvertedBody } from './convert-worker';

/** Threads by default: one per core, at most 2 (the machine this is sized for; more only adds module copies). */
export function defaultConvertWorkers(): number {
  return Math.min(2, os.availableParallelism());
}

/** Below this many records, starting threads (≈1 s each to load unified) costs more than it saves. */
export const MIN_RECORDS_FOR_POOL = 300;

/** Records per task sent to a thread. */
const BATCH = 20;

/**
 * Converts the bodies of `records` on `workers` threads (tinypool, src/import/convert-worker.ts loaded with tsx).
 * A body read back from the input for the job (loadBody) is dropped again afterwards, so the planning reads it
 * only if it needs it. `onConverted` gets the number of records done so far. Rejects when a thread fails (a defect).
 */
export async function convertInPool(
  records: { record: ImportRecord; mdx: boolean }[],
  workers: number,
  onConverted?: (done: number) => void,
): Promise<Map<ImportRecord, ConvertedBody>> {
  const script = path.join(import.meta.dirname, 'convert-worker.ts');
  // The worker is TypeScript; tsx (a project dependency) loads it, as it loads the scripts.
  const tsx = pathToFileURL(createRequire(script).resolve('tsx')).href;
  const pool = new Tinypool({ filename: pathToFileURL(script).href, minThreads: workers, maxThreads: workers, execArgv: ['--import', tsx] });
  const converted = new Map<ImportRecord, ConvertedBody>();
  // A few batches per thread in flight: the threads never wait, and only those bodies are held.
  const limit = pLimit(workers * 3);
  let done = 0;
  try {
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      tasks.push(
        limit(async () => {
          const jobs = batch.map(({ record, mdx }) => ({ record: jobRecord(record), mdx }) satisfies ConvertJob);
          const results = (await pool.run(jobs)) as ConvertedBody[];
          batch.forEach(({ record }, k) => converted.set(record, results[k]!));
          done += batch.length;
          onConverted?.(done);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  return converted;
}

/** The fields a thread needs, the body read back from the input if it had been dropped (and dropped again). */
function jobRecord(record: ImportRecord): ConvertJob['record'] {
  const body = record.loadBody ? record.loadBody() : record.body;
  return { at: record.at, recordId: record.recordId, type: record.type, title: record.title, sourceUrl: record.sourceUrl, body };
}
