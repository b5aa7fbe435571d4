/**
 * Body conversion (HTML → Markdown through unified and the sanitiser) on worker threads: the CPU of a large import.
 * Records are sent as the input is read, a few batches ahead of the threads (so only those bodies are in memory), and
 * each thread runs the same convertBody as the main thread: the Markdown, problems and removals of a record are
 * the same whatever the number of threads (tests/unit/import/convert-pool.test.ts).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
 * Young generation of each thread, in MB (semi-spaces of 64 MB; V8's default here is 48, semi-spaces of 16): a
 * conversion allocates parse trees of a few MB per body, and with the default the collector was the largest single
 * cost of a thread (cpu-prof of a 5,000-record import: 11-17% of its time). Measured on the first 300 records of the
 * bench export, one thread (--max-semi-space-size, the same setting): 2.0 s of CPU with the default, 1.7 s with 96 MB,
 * 1.45 s with this. Each thread may hold up to 144 MB more than with the default.
 */
const YOUNG_GENERATION_MB = 192;

/**
 * Conversion threads fed while the input is still being read (importCatalogue): `add` takes a record whose body is
 * in memory (or can be read back, loadBody) and sends it in a batch of {@link BATCH}; `take` gives a record's
 * conversion when planning needs it. At most `workers * 3` batches are out at a time (`roomFor` waits for one to
 * come back), so the reader keeps only those bodies and the threads never wait. A thread's failure (a defect)
 * rejects `take`, `roomFor` and `close`.
 */
export class ConversionStream {
  private readonly pool: Tinypool;
  private readonly results = new Map<ImportRecord, Promise<ConvertedBody>>();
  private batch: { record: ImportRecord; job: ConvertJob; done: (body: ConvertedBody) => void; failed: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private readonly limit: number;
  private waiting: (() => void)[] = [];
  private failure: unknown;
  /** Records converted so far. */
  converted = 0;

  constructor(workers: number, private readonly onConverted?: (done: number) => void) {
    const script = path.join(import.meta.dirname, 'convert-worker.ts');
    const tsx = pathToFileURL(createRequire(script).resolve('tsx')).href;
    // --cpu-prof and its options reach the threads too (a thread given execArgv does not inherit the process's).
    const profile = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
    this.pool = new Tinypool({
      filename: pathToFileURL(script).href,
      minThreads: workers,
      maxThreads: workers,
      execArgv: ['--import', tsx, ...profile],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.limit = workers * 3;
  }

  /** Whether `record` was given to the threads. */
  has(record: ImportRecord): boolean {
    return this.results.has(record);
  }

  /** Sends the record's body to be converted (in the next batch). */
  add(record: ImportRecord, mdx: boolean): void {
    let done!: (body: ConvertedBody) => void;
    let failed!: (error: unknown) => void;
    const result = new Promise<ConvertedBody>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    // Planning takes every result it needs; one it never takes (a record rejected later) must not be unhandled.
    result.catch(() => {});
    this.results.set(record, result);
    this.batch.push({ record, job: { record: jobRecord(record), mdx }, done, failed });
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Sends the records added since the last batch, however few. */
  flush(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.inFlight++;
    this.pool.run(batch.map((b) => b.job)).then(
      (results: ConvertedBody[]) => {
        batch.forEach((b, k) => b.done(results[k]!));
        this.converted += batch.length;
        this.onConverted?.(this.converted);
        this.settled();
      },
      (error: unknown) => {
        this.failure ??= error;
        for (const b of batch) b.failed(error);
        this.settled();
      },
    );
  }

  private settled(): void {
    this.inFlight--;
    const waiting = this.waiting;
    this.waiting = [];
    for (const go of waiting) go();
  }

  /** Resolves when another batch may be sent (at once when one may); rejects after a thread failed. */
  async roomFor(): Promise<void> {
    while (this.inFlight >= this.limit && this.failure === undefined) await new Promise<void>((go) => this.waiting.push(go));
    if (this.failure !== undefined) throw this.failure;
  }

  /** The conversion of `record` (flushing what is waiting for a batch); undefined when it was never added. */
  take(record: ImportRecord): Promise<ConvertedBody> | undefined {
    const result = this.results.get(record);
    if (!result) return undefined;
    this.results.delete(record);
    this.flush();
    return result;
  }

  /** Stops the threads (what was not taken is dropped). */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The fields a thread needs, the body read back from the input if it had been dropped (and dropped again). */
function jobRecord(record: ImportRecord): ConvertJob['record'] {
  const body = record.loadBody ? record.loadBody() : record.body;
  return { at: record.at, recordId: record.recordId, type: record.type, title: record.title, sourceUrl: record.sourceUrl, body };
}
