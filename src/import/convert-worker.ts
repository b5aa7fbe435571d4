/**
 * The task of a conversion pool thread (convert-pool.ts; tinypool loads this file's default export in each thread):
 * converts a batch of bodies with the same code as the main thread (convertBody), so the bytes do not depend on
 * where a body was converted.
 */
import type { Problem } from '../lib/problems';
import { convertBody, type ConvertInput, type RecordRemovals } from './convert-body';
import { conversionInput } from './reuse';

/** One body to convert: the record's fields convertBody reads, and whether the file is MDX (an interpretation). */
export interface ConvertJob {
  record: ConvertInput;
  mdx: boolean;
}

/** What convertBody gave for one record: the Markdown (undefined when unfaithful), its problems, its removals. */
export interface ConvertedBody {
  markdown: string | undefined;
  problems: Problem[];
  removals: RecordRemovals[];
  /** The hash of what the conversion read (reuse.ts), for the manifest; computed here, where the body already is. */
  input?: string;
}

/** Converts one body as the main thread would (also used there when no pool runs). */
export function convertJob(job: ConvertJob): ConvertedBody {
  const problems: Problem[] = [];
  const removals: RecordRemovals[] = [];
  const markdown = convertBody(job.record, job.mdx, problems, removals);
  return { markdown, problems, removals, input: conversionInput(job.record.body, job.mdx) };
}

/** Converts a batch of bodies in order; an exception is the importer's defect and crosses the thread as is. */
export default function convertBatch(jobs: ConvertJob[]): ConvertedBody[] {
  return jobs.map(convertJob);
}
