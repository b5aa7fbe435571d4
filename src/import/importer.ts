/**
 * The importer: catalogue export → content/organizations, content/documents, content/interpretations.
 *
 * Each record ends as one of three things, never all or nothing:
 * - imported: written as a content entry;
 * - a draft to finish: written with `draft: true` and `toFinish` (what publication still needs: an issuer, an
 *   original document, a body), so it is checked but never on the site until an editor finishes it;
 * - rejected: it cannot be a content entry (no title, a date that does not exist, a repeated id, not JSON…);
 *   it goes to a rejects file in the input's format with its line, id and reason (rejects.ts).
 * With `strict`, any rejected record or draft is an error and nothing is written (for CI).
 *
 * It never overwrites a file an editor changed (unless forced), and running it twice changes nothing; files are
 * written atomically with a manifest of their hashes (write.ts).
 */
import { normalizeDocNumber, parseDocNumber } from '../lib/doc-number';
import { entryFile } from '../content/registry';
import type { Problem } from '../lib/problems';
import { bodyPlainText, convertBody, mdxParseError, type RecordRemovals } from './convert-body';
import { type ExistingEntry, importedEntryFinder, scanCollection } from './existing';
import { describeEntry, differenceFromEntry } from './identity';
import { interpretationForm } from './form';
import { claimId, documentIdBase, interpretationIdBase, unlinkedInterpretationIdBase } from './ids';
import { DraftOriginals, type FoundOriginal, OriginalIndex } from './link';
import { issuerPrefixMap, planOrganizations } from './organizations';
import { type InputFormat, type InputTable, type RawRecord, type ReadOptions, openInput } from './read-input';
import { type DocumentRecord, type ImportRecord, type InterpretationRecord, RepeatedIds, bodySource, checkRecord } from './records';
import { type RejectedRecord, type RejectsRenamed, writeRejects } from './rejects';
import {
  NO_DATE_COMMENT,
  TO_FINISH_COMMENT,
  type DocumentFrontmatter,
  type ExternalDocument,
  type InterpretationFrontmatter,
  renderDocumentFile,
  renderInterpretationFile,
} from './render';
import { type FileOutcome, type PlannedFile, writePlanned, writePlannedAsync } from './write';
import { type ConvertedBody, ConversionStream, MIN_RECORDS_FOR_POOL, defaultConvertWorkers } from './convert-pool';
import { conversionInput, conversionNote, recordKey, reusableBody } from './reuse';
import { readConversions } from './write';

export { MANIFEST_FILE, SKIP_EDITED, SKIP_FOREIGN, type FileOutcome } from './write';
export { mdxParseError, type RecordRemovals } from './convert-body';
export { mergeOrganization } from './organizations';

/** Document kinds and 文号 prefixes that need an interpretation by default (三同步); editors change it per document. */
const REQUIRES_INTERPRETATION_KINDS = new Set(['规范性文件']);
const REQUIRES_INTERPRETATION_PREFIXES = new Set(['国发', '国办发']);

/** What to import and how. */
export interface ImportOptions {
  /** Project root; files go to <root>/content/. */
  root: string;
  /** Input files (.jsonl, .csv or .xlsx), as the user named them. */
  inputs: string[];
  /** Overwrite files editors changed. */
  force?: boolean;
  /** Decide everything, write nothing (no rejects file either). */
  dryRun?: boolean;
  /** Refuse everything when any record would be rejected or a draft (today's CI behaviour). */
  strict?: boolean;
  /** Issuer name for documents that give none and whose 文号 prefix names no organisation (--issuer). */
  issuer?: string;
  /** Column header (CSV, .xlsx) or key (JSON Lines) → record field pairs (--columns). */
  columns?: Readonly<Record<string, string>>;
  /** Rows of .xlsx inputs read ahead with loadWorkbook (see read-input.ts), by input path. */
  workbooks?: ReadOptions['workbooks'];
  /** Folder for the rejects files; beside each input when absent (--rejects). */
  rejectsDir?: string;
  /** Called after each record is planned (done of total), for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads converting bodies (importCatalogue only): default one per core, at most 2, and none below
   * MIN_RECORDS_FOR_POOL records; 0 converts on the calling thread. The files are the same either way.
   */
  workers?: number;
}

/** How many records each input file gave, and how it was read. */
export interface InputSummary {
  file: string;
  format: InputFormat;
  /** The encoding a CSV file was read in. */
  encoding?: string;
  documents: number;
  interpretations: number;
  rejected: number;
}

/** A record written as a draft to finish: where it came from, the file, and what it lacks. */
export interface DraftToFinish {
  file: string;
  line: number;
  recordId: string;
  title: string;
  type: ImportRecord['type'];
  /** The content file, relative to the project root. */
  path: string;
  /** What publication needs, in Chinese (the toFinish list written in the file). */
  missing: string[];
}

/** An interpretation linked to a document it names (《title》 or 文号), with the evidence. */
export interface AutomaticLink {
  file: string;
  line: number;
  recordId: string;
  title: string;
  /** The interpretation's content file. */
  path: string;
  /** Document ids linked, with why. */
  found: FoundOriginal[];
}

/** Everything an import run did or found. */
export interface ImportResult {
  /** false when nothing was written because of errors (always so in strict mode with any problem record). */
  ok: boolean;
  /** Errors and warnings (normalisation, images not imported…), with file and line. */
  problems: Problem[];
  /** One outcome per content file, in the order organisations, documents, interpretations. */
  outcomes: FileOutcome[];
  /** Records read per input file. */
  inputs: InputSummary[];
  /** Per record whose body the sanitiser changed: what it removed (empty when nothing was). */
  removals: RecordRemovals[];
  /** Records imported ready to publish (documents and interpretations, drafts to finish not counted). */
  imported: number;
  /** Records written as drafts to finish. */
  drafts: DraftToFinish[];
  /** Records rejected, with their reasons. */
  rejected: RejectedRecord[];
  /** The rejects files written (one per input with rejected records), relative paths as the inputs were named. */
  rejectsFiles: string[];
  /** Rejects files left alone because an editor changed them, and where this run's rejects went instead. */
  rejectsRenamed?: RejectsRenamed[];
  /** Interpretations linked automatically, with the evidence. */
  links: AutomaticLink[];
  /** Interpretations whose 《title》 or 文号 fits several documents: not linked, listed for the editor. */
  ambiguous: AutomaticLink[];
  /** Interpretations whose original is outside this site (externalDocuments). */
  external: number;
  /** true when nothing was written because of dryRun. */
  dryRun: boolean;
  /**
   * Records whose body was not converted again: their file is as the last import wrote it and neither the body in
   * the export nor the converter changed since (reuse.ts). Their removals and image warnings were in that report.
   */
  reused: number;
}

/**
 * Runs one import on the calling thread: read and check all inputs, plan every file, then write what can be
 * written (one file after another). Throws only what the file system throws while writing.
 */
export function runImport(options: ImportOptions): ImportResult {
  const run = readAndScreen(options);
  reuseConversions(run, keptRecords(run));
  planFiles(run);
  const refused = refusal(run);
  if (refused) return refused;
  const rejects = writeRejectsOf(run);
  return result(run, rejects, writePlanned(options.root, run.state.planned, options.force ?? false, options.dryRun ?? false, rejects.hashes));
}

/**
 * runImport for a large export (`npm run import`): bodies are converted on worker threads (options.workers) while
 * the input is still being read, planning takes each conversion as it comes, and the files are written and fsynced
 * in parallel (writePlannedAsync). The same files, manifest and result as runImport.
 *
 * What cannot overlap, and why: nothing is written before every record is planned, because whether anything may be
 * written at all (strict mode) and the rejects file (written first, its hash in the manifest of the files' writes)
 * are known only then; so the files go once the last body is converted, as before.
 */
export async function importCatalogue(options: ImportOptions): Promise<ImportResult> {
  const stage = stageTimer();
  const { bodies: convertedBefore } = readConversions(options.root);
  let stream: ConversionStream | undefined;
  // Bodies are sent as their records are checked, before the rest of the input is read: a record later rejected
  // (a repeated id, a 文号 another file holds) was converted for nothing, and its conversion is dropped. A record the
  // last import converted goes after the reading, when reuseConversions has found whether its file can be kept.
  // Without --workers, threads start once MIN_RECORDS_FOR_POOL records are waiting for them.
  const waiting: { record: ImportRecord; mdx: boolean }[] = [];
  const workers = options.workers;
  let seen = 0;
  let reading = true;
  const startThreads = (count: number) => {
    stream = new ConversionStream(count, (done) => {
      // While the input is read, the progress line is the bodies converted of the records read so far; planning
      // then reports the records planned of all (tick).
      if (reading && options.onProgress && done % 100 < 20) options.onProgress(done, Math.max(done, seen));
    });
    for (const w of waiting) stream.add(w.record, w.mdx);
    waiting.length = 0;
  };
  if (workers !== undefined && workers > 0) startThreads(workers);
  const onChecked = (record: ImportRecord) => {
    seen++;
    if (workers === 0 || convertedBefore[recordKey(record)]) return;
    const mdx = record.type === 'interpretation';
    if (stream) stream.add(record, mdx);
    else {
      waiting.push({ record, mdx });
      if (waiting.length >= MIN_RECORDS_FOR_POOL) startThreads(defaultConvertWorkers());
    }
  };
  try {
    const steps = screenSteps(options, onChecked);
    let run: ImportRun;
    for (let n = 0; ; n++) {
      const step = steps.next();
      if (step.done) {
        run = step.value;
        break;
      }
      // Each batch back from a thread is taken up between records, and the reader waits while enough are out.
      if (stream && n % 20 === 0) {
        await new Promise((go) => setImmediate(go));
        await stream.roomFor();
      }
    }
    reading = false;
    stage('read and check (converting alongside)');
    // Bodies unchanged since the last import are not converted again.
    const records = reuseConversions(run, keptRecords(run));
    stage('reuse');
    // Fewer than MIN_RECORDS_FOR_POOL records to convert (and no --workers): they convert on this thread while planned.
    waiting.length = 0;
    if (!stream && records.length > 0 && (workers ?? (records.length >= MIN_RECORDS_FOR_POOL ? defaultConvertWorkers() : 0)) > 0) {
      startThreads(workers ?? defaultConvertWorkers());
    }
    // Those the last import converted, and any the threads did not get while reading.
    if (stream) for (const { record, mdx } of records) if (!stream.has(record)) stream.add(record, mdx);
    stream?.flush();
    const steps2 = planSteps(run);
    for (let step = steps2.next(); !step.done; step = steps2.next()) {
      const pending = stream?.take(step.value);
      if (!pending) continue;
      const body = await pending;
      run.state.converted!.set(step.value, body);
      if (body.input) run.state.conversionInputs!.set(step.value, body.input);
    }
    stage(`convert and plan (${stream ? `${workers ?? defaultConvertWorkers()} threads` : 'this thread'})`);
    await stream?.close();
    stream = undefined;
    const refused = refusal(run);
    if (refused) return refused;
    const rejects = writeRejectsOf(run);
    stage('rejects');
    const outcomes = await writePlannedAsync(options.root, run.state.planned, options.force ?? false, options.dryRun ?? false, rejects.hashes);
    stage('write');
    return result(run, rejects, outcomes);
  } finally {
    await stream?.close();
  }
}

/**
 * With JIEDU_IMPORT_TIMES=1, each call prints to stderr the stage just ended: its wall time and the CPU time of the
 * process (all threads) in seconds, so a slow import can be told apart by stage (scripts/bench-import.ts shows it).
 * Otherwise it does nothing.
 */
function stageTimer(): (name: string) => void {
  if (process.env.JIEDU_IMPORT_TIMES !== '1') return () => {};
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return (name) => {
    const used = process.cpuUsage(cpu);
    const now = performance.now();
    process.stderr.write(`import stage ${name}: ${((now - wall) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU\n`);
    wall = now;
    cpu = process.cpuUsage();
  };
}

/** The records kept after screening, each with whether its file is MDX (interpretations). */
function keptRecords(run: ImportRun): { record: ImportRecord; mdx: boolean }[] {
  return [...run.keptDocuments.map((record) => ({ record, mdx: false })), ...run.keptInterpretations.map((record) => ({ record, mdx: true }))];
}

/**
 * Takes the body of every record whose file the last import wrote from an unchanged body with this converter
 * (reuse.ts) into state.converted, and notes each record's input hash for the manifest. Returns the records whose
 * bodies still have to be converted.
 */
function reuseConversions(run: ImportRun, records: { record: ImportRecord; mdx: boolean }[]): { record: ImportRecord; mdx: boolean }[] {
  const { files, bodies } = readConversions(run.options.root);
  const { state } = run;
  const converted = (state.converted ??= new Map());
  const inputs = (state.conversionInputs ??= new Map());
  return records.filter(({ record, mdx }) => {
    const entry = bodies[recordKey(record)];
    // Never converted before: its input hash is taken where it is converted, which reads the body anyway.
    if (!entry) return true;
    // A large export's body is read back from the input for the hash, and dropped again.
    const input = conversionInput(record.loadBody ? record.loadBody() : record.body, mdx);
    inputs.set(record, input);
    const markdown = reusableBody(run.options.root, entry, input, files);
    if (markdown === undefined) return true;
    converted.set(record, { markdown, problems: [], removals: [] });
    state.reused++;
    return false;
  });
}

/** The manifest's note of a planned file's body (reuse.ts), when its input hash is known. */
function noteOf(state: PlanState, record: ImportRecord, body: string): PlannedFile['conversion'] {
  const input = state.conversionInputs?.get(record);
  return input === undefined ? undefined : conversionNote(record, input, body);
}

/** An import between its stages: what was read and screened, and what planning collects. */
interface ImportRun {
  options: ImportOptions;
  /** The inputs as read. */
  tables: InputTable[];
  problems: Problem[];
  records: ImportRecord[];
  inputs: InputSummary[];
  rejected: RejectedRecord[];
  state: PlanState;
  existing: { organizations: ExistingEntry[]; documents: ExistingEntry[]; interpretations: ExistingEntry[] };
  keptDocuments: DocumentRecord[];
  keptInterpretations: InterpretationRecord[];
}

/** Reads and checks every input, rejects repeated ids and records that would rewrite another document. */
function readAndScreen(options: ImportOptions): ImportRun {
  const steps = screenSteps(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * A record that passed its check, with its body still in memory: what importCatalogue hands to the conversion
 * threads while the rest of the input is read. The record may still be rejected later (repeated id, 文号 held).
 */
type OnChecked = (record: ImportRecord) => void;

/**
 * readAndScreen a record at a time: yields after each record read (so that a caller can let the conversion threads
 * take what `onChecked` gave them before more of the input is read), returns the run once everything is screened.
 * Problems and rejects are in the order readAndScreen always gave them: each input's own problems and unreadable
 * lines before its records'.
 */
function* screenSteps(options: ImportOptions, onChecked?: OnChecked): Generator<void, ImportRun> {
  const { root } = options;
  const problems: Problem[] = [];
  const records: ImportRecord[] = [];
  const inputs: InputSummary[] = [];
  const removals: RecordRemovals[] = [];
  const rejected: RejectedRecord[] = [];
  const tables: InputTable[] = [];
  const rawOf = new Map<ImportRecord, RawRecord>();
  const tableOf = new Map<string, InputTable>();

  const existing = {
    organizations: scanCollection(root, 'organizations'),
    documents: scanCollection(root, 'documents'),
    interpretations: scanCollection(root, 'interpretations'),
  };
  const checkOptions = { defaultIssuer: options.issuer, issuerByPrefix: issuerPrefixMap(existing.organizations) };
  // A content file whose frontmatter cannot be read may be an imported entry: importing beside it would duplicate it.
  for (const entry of [...existing.organizations, ...existing.documents, ...existing.interpretations].filter((x) => x.unreadable)) {
    problems.push({
      severity: 'error',
      file: entry.path,
      line: 1,
      message: '这个文件开头的元数据（两行 --- 之间）读不出来：缺少结尾的 ---，或其中的 YAML 写错了。导入程序无法判断它是哪条记录，为免重复建文件，这次没有导入任何记录。',
      fix: `运行 npm run check 查看这个文件的具体问题，改正后重新导入；如不再需要它，删除 ${entry.path}。`,
    });
  }

  const reject = (table: InputTable, raw: RawRecord | undefined, reasons: Problem[], text?: string, at = raw?.at) => {
    rejected.push({ table, at: at!, original: raw?.original ?? (raw?.reload ? raw.reload() : raw?.fields) ?? text ?? '', recordId: raw ? idOf(raw) : undefined, reasons });
  };

  const repeated = new RepeatedIds();
  for (const file of options.inputs) {
    const { table, records: read } = openInput(file, { columns: options.columns, workbooks: options.workbooks });
    tables.push(table);
    tableOf.set(file, table);
    // A JSON Lines file's problems and unreadable lines are known once it is read: they go here then.
    const problemsAt = problems.length;
    const rejectedAt = rejected.length;
    const summary: InputSummary = { file, format: table.format, encoding: table.encoding, documents: 0, interpretations: 0, rejected: 0 };
    for (const raw of read) {
      yield;
      repeated.note(raw);
      const local: Problem[] = [];
      const record = checkRecord(raw, local, checkOptions);
      const errors = local.filter((p) => p.severity === 'error');
      problems.push(...local.filter((p) => p.severity === 'warning'));
      if (!record || errors.length > 0) {
        reject(table, raw, errors);
        continue;
      }
      onChecked?.(record);
      if (raw.reload) {
        // A large export is not held in memory: the body is read again from the input when its file is written.
        const reload = raw.reload;
        record.loadBody = () => bodySource(reload());
        record.body = {};
        delete raw.fields.body;
        delete raw.fields.body_html;
      }
      records.push(record);
      rawOf.set(record, raw);
      if (record.type === 'document') summary.documents++;
      else summary.interpretations++;
    }
    // The raw records live on only in rawOf, and each goes once its record is written (see bodyOrReject).
    table.records = [];
    problems.splice(problemsAt, 0, ...table.problems);
    const unreadable: RejectedRecord[] = [];
    for (const line of table.unreadable) unreadable.push({ table, at: line.at, original: line.text, recordId: undefined, reasons: [line.problem] });
    rejected.splice(rejectedAt, 0, ...unreadable);
    inputs.push(summary);
  }
  // A repeated id: every record with it is rejected (records.ts RepeatedIds), also those rejected for another reason.
  for (const r of rejected) r.reasons.push(...repeated.reasonsAt(r.at, r.recordId));
  const repeatedDocumentIds = new Set<string>();
  const unique = records.filter((record) => {
    const reasons = repeated.reasonsAt(record.at, record.recordId);
    if (reasons.length === 0) return true;
    if (record.type === 'document') repeatedDocumentIds.add(record.recordId);
    reject(tableOf.get(record.at.file)!, rawOf.get(record), reasons);
    const summary = inputs.find((s) => s.file === record.at.file)!;
    if (record.type === 'document') summary.documents--;
    else summary.interpretations--;
    return false;
  });

  const documents = unique.filter((r): r is DocumentRecord => r.type === 'document');
  const interpretations = unique.filter((r): r is InterpretationRecord => r.type === 'interpretation');
  const planned: PlannedFile[] = [];
  const state: PlanState = {
    planned,
    problems,
    removals,
    drafts: [],
    links: [],
    ambiguous: [],
    external: 0,
    rejectRecord: (record, reasons) => reject(tableOf.get(record.at.file)!, rawOf.get(record), reasons),
    // An interpretation naming a repeated document id cannot tell which document it means: it links to none by that id.
    clashedDocumentIds: repeatedDocumentIds,
    release: (record) => {
      // A written record's source text is not needed again: a large export is not held twice in memory.
      rawOf.delete(record);
      record.body = {};
    },
    progress: { done: 0, total: unique.length, report: options.onProgress },
    reused: 0,
  };

  // Records that would rewrite another document, or repeat a 文号, go before anything is planned for them.
  const keptDocuments = screenDocuments(documents, existing.documents, state);
  const keptInterpretations = screenInterpretations(interpretations, existing.interpretations, state);
  return { options, tables, problems, records, inputs, rejected, state, existing, keptDocuments, keptInterpretations };
}

/** Plans the organisation, document and interpretation files of the records kept (state.planned). */
function planFiles(run: ImportRun): void {
  const steps = planSteps(run);
  while (!steps.next().done);
}

/**
 * planFiles a record at a time: yields each record just before its body is needed, so that importCatalogue can wait
 * for that record's conversion (and put it in state.converted) while the threads convert the next ones.
 */
function* planSteps(run: ImportRun): Generator<ImportRecord, void> {
  const { existing, keptDocuments, keptInterpretations, state } = run;
  const orgIds = planOrganizations(run.options.root, keptDocuments, keptInterpretations, existing.organizations, state.planned);
  const docIds = yield* planDocuments(keptDocuments, existing.documents, orgIds, state);
  yield* planInterpretations(keptInterpretations, existing.interpretations, existing.documents, keptDocuments, docIds, orgIds, state);
  for (const r of run.rejected) run.inputs.find((s) => s.file === r.table.file)!.rejected++;
  useInputNames(run);
}

/**
 * Problems of an input whose headers (or keys) are not the field names name the field as the input does: 文号,
 * not doc_number (the label keeps the Chinese name of the field). `interprets[1]` becomes `所解读文件[1]`.
 */
function useInputNames(run: ImportRun): void {
  const names = new Map(run.tables.map((t) => [t.file, t.names ?? {}]));
  const rename = (p: Problem) => {
    const m = p.field === undefined ? null : /^([a-z_]+)(.*)$/.exec(p.field);
    const name = m ? names.get(p.file)?.[m[1]!] : undefined;
    if (!name) return;
    p.field = `${name}${m![2]}`;
    // 文号 (文号) says nothing twice.
    if (p.label === p.field) delete p.label;
  };
  for (const p of run.problems) rename(p);
  for (const r of run.rejected) r.reasons.forEach(rename);
  run.state.strictMissing?.forEach(rename);
}

/** The parts of the result known once everything is planned. */
function resultBase(run: ImportRun) {
  const { state } = run;
  const imported = state.planned.filter((f) => f.collection !== 'organizations').length - state.drafts.length;
  return { inputs: run.inputs, removals: state.removals, imported, drafts: state.drafts, rejected: run.rejected, links: state.links, ambiguous: state.ambiguous, external: state.external, dryRun: run.options.dryRun ?? false, reused: state.reused };
}

/** The result when nothing may be written: strict mode with any record not importable as it is, or nothing readable. */
function refusal(run: ImportRun): ImportResult | undefined {
  const { problems, rejected, state } = run;
  const base = resultBase(run);
  const fatal = problems.some((p) => p.severity === 'error');
  if (run.options.strict && (fatal || rejected.length > 0 || state.drafts.length > 0)) {
    // Today's CI behaviour: every reason a record could not be imported as it is, and nothing written.
    const strictProblems = [
      ...problems,
      ...rejected.flatMap((r) => r.reasons),
      ...(state.strictMissing ?? []),
    ];
    return { ...base, ok: false, problems: strictProblems, outcomes: [], rejectsFiles: [] };
  }
  if (fatal && run.records.length === 0 && rejected.length === 0) {
    return { ...base, ok: false, problems, outcomes: [], rejectsFiles: [] };
  }
  // An unreadable content file could be one of the records (scanCollection): nothing is written until it is mended.
  if (Object.values(run.existing).some((entries) => entries.some((x) => x.unreadable))) {
    return { ...base, ok: false, problems, outcomes: [], rejectsFiles: [] };
  }
  return undefined;
}

/** Rejects first, so that the manifest writes of writePlanned record their hashes (a kill leaves no other version). */
function writeRejectsOf(run: ImportRun): { paths: string[]; hashes: Record<string, string>; renamed: RejectsRenamed[] } {
  const renamed: RejectsRenamed[] = [];
  if (run.options.dryRun) return { paths: [], hashes: {}, renamed };
  return { ...writeRejects(run.rejected, run.options.rejectsDir, run.options.root, renamed), renamed };
}

function result(run: ImportRun, rejects: { paths: string[]; renamed: RejectsRenamed[] }, outcomes: FileOutcome[]): ImportResult {
  // A draft whose file an editor changed (finished it, most likely) was not written: it is no draft of this run.
  const skipped = new Set(outcomes.filter((o) => o.status === 'skipped').map((o) => o.path));
  const drafts = run.state.drafts.filter((d) => !skipped.has(d.path));
  return { ...resultBase(run), drafts, ok: true, problems: run.problems, outcomes, rejectsFiles: rejects.paths, rejectsRenamed: rejects.renamed };
}

/** The record id of a raw record, as written, for the rejects file. */
function idOf(raw: RawRecord): string | undefined {
  const id = raw.fields.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** What planning collects besides the files. */
interface PlanState {
  planned: PlannedFile[];
  problems: Problem[];
  removals: RecordRemovals[];
  drafts: DraftToFinish[];
  links: AutomaticLink[];
  ambiguous: AutomaticLink[];
  external: number;
  /** What drafts lack, as errors, for strict mode. */
  strictMissing?: Problem[];
  rejectRecord: (record: ImportRecord, reasons: Problem[]) => void;
  /** Document record ids rejected because their id belongs to another document on the site, or is repeated in the export: never linked by id. */
  clashedDocumentIds?: Set<string>;
  /** Documents that are drafts (on the site, or written as drafts by this import): their interpretations wait as drafts. */
  draftOriginals?: DraftOriginals;
  /** Drops what is only needed until a record's file is planned. */
  release: (record: ImportRecord) => void;
  /** quiet: the conversion threads have reported progress; planning reports only the end. */
  progress: { done: number; total: number; report?: (done: number, total: number) => void; quiet?: boolean };
  /**
   * Bodies converted on worker threads (importCatalogue) or taken unchanged from the last import (reuse.ts), by
   * record; each is taken when its record is planned.
   */
  converted?: Map<ImportRecord, ConvertedBody>;
  /** The input hash of each record's body (reuse.ts), for the manifest. */
  conversionInputs?: Map<ImportRecord, string>;
  /** Records whose body was taken from the last import instead of converted again. */
  reused: number;
}

function tick(state: PlanState): void {
  const p = state.progress;
  p.done++;
  if (p.report && ((p.done % 100 === 0 && !p.quiet) || p.done === p.total)) p.report(p.done, p.total);
}

/** Records what a draft lacks: the toFinish lines, the list in the report, and the errors strict mode gives. */
function noteDraft(state: PlanState, record: ImportRecord, path: string, missing: Problem[]): string[] {
  const lines = missing.map((m) => `${m.label ?? m.field}：${m.message}${m.fix}`);
  state.drafts.push({ file: record.at.file, line: record.at.line, recordId: record.recordId, title: record.title, type: record.type, path, missing: lines });
  (state.strictMissing ??= []).push(...missing);
  return lines;
}

/** Reads a record's body back from the input when it was dropped after the check (once). */
function loadBody(record: ImportRecord): void {
  if (!record.loadBody) return;
  record.body = record.loadBody();
  record.loadBody = undefined;
}

/** Converts a body; a body that cannot be written faithfully rejects its record (the reason says why). */
function bodyOrReject(record: ImportRecord, mdx: boolean, state: PlanState): string | undefined {
  const converted = state.converted?.get(record);
  state.converted?.delete(record);
  const local: Problem[] = [];
  let body: string | undefined;
  if (converted) {
    // Converted on a thread by the same convertBody: its problems and removals go where this thread's would.
    body = converted.markdown;
    local.push(...converted.problems);
    state.removals.push(...converted.removals);
  } else {
    loadBody(record);
    if (state.conversionInputs && !state.conversionInputs.has(record)) state.conversionInputs.set(record, conversionInput(record.body, mdx));
    body = convertBody(record, mdx, local, state.removals);
  }
  const errors = local.filter((p) => p.severity === 'error');
  state.problems.push(...local.filter((p) => p.severity === 'warning'));
  if (body === undefined || errors.length > 0) {
    state.rejectRecord(record, errors);
    return undefined;
  }
  return body;
}

function* planDocuments(
  documents: DocumentRecord[],
  existing: ExistingEntry[],
  orgIds: Map<string, string>,
  state: PlanState,
): Generator<ImportRecord, Map<string, string>> {
  const findImported = importedEntryFinder(existing);
  const taken = new Set(existing.map((e) => e.id));
  const ids = new Map<string, string>();
  for (const doc of documents) {
    tick(state);
    const found = findImported(doc.source, doc.recordId);
    const id = found ? found.id : claimId(documentIdBase(doc), taken);
    const prefix = doc.docNumber ? parseDocNumber(doc.docNumber)?.prefix : undefined;
    const path = found?.path ?? entryFile('documents', id);
    const toFinish = doc.missing.length > 0 ? noteDraft(state, doc, path, doc.missing) : undefined;
    const data: DocumentFrontmatter = {
      title: doc.title,
      docNumber: doc.docNumber,
      indexNumber: doc.indexNumber,
      kind: doc.kind,
      issuer: doc.issuers[0] !== undefined ? orgIds.get(doc.issuers[0]) : undefined,
      coIssuers: doc.issuers.slice(1).map((name) => orgIds.get(name)!),
      writtenAt: doc.writtenAt,
      publishedAt: doc.publishedAt,
      topic: doc.topic,
      validity: '有效',
      requiresInterpretation:
        (doc.kind !== undefined && REQUIRES_INTERPRETATION_KINDS.has(doc.kind)) ||
        (prefix !== undefined && REQUIRES_INTERPRETATION_PREFIXES.has(prefix)),
      sourceUrl: doc.sourceUrl,
      importedFrom: { source: doc.source, id: doc.recordId },
      draft: toFinish ? true : undefined,
      toFinish,
    };
    if (doc.writtenAt && doc.writtenAt > doc.publishedAt) {
      state.problems.push({
        severity: 'warning',
        file: doc.at.file,
        line: doc.at.line,
        field: 'written_date',
        label: '成文日期',
        message: `成文日期 ${doc.writtenAt} 晚于发布日期 ${doc.publishedAt}，已照录。`,
        fix: '请核对原文件后改正 writtenAt 或 publishedAt。',
      });
    }
    yield doc;
    const body = bodyOrReject(doc, false, state);
    if (body === undefined) {
      if (toFinish) state.drafts.pop();
      continue;
    }
    ids.set(doc.recordId, id);
    (state.draftOriginals ??= new DraftOriginals(existing)).noteWritten(id, path, doc.title, toFinish !== undefined);
    state.planned.push({ path, collection: 'documents', content: renderDocumentFile(data, body), imported: found !== undefined, conversion: noteOf(state, doc, body) });
    state.release(doc);
  }
  return ids;
}

function* planInterpretations(
  interpretations: InterpretationRecord[],
  existing: ExistingEntry[],
  existingDocuments: ExistingEntry[],
  documentRecords: DocumentRecord[],
  docIds: Map<string, string>,
  orgIds: Map<string, string>,
  state: PlanState,
): Generator<ImportRecord, void> {
  const findImported = importedEntryFinder(existing);
  const findDocument = importedEntryFinder(existingDocuments);
  const taken = new Set(existing.map((e) => e.id));
  // Documents an interpretation can be linked to by name: this import's (under their new ids) and those on the site.
  const index = new OriginalIndex(
    existingDocuments.filter((e) => e.title !== undefined).map((e) => ({ id: e.id, title: e.title!, docNumber: e.docNumber })),
  );
  for (const doc of documentRecords) {
    const id = docIds.get(doc.recordId);
    if (id) index.add({ id, title: doc.title, docNumber: doc.docNumber });
  }

  for (const interp of interpretations) {
    tick(state);
    const documents: string[] = [];
    const externalDocuments: ExternalDocument[] = [];
    const missing = [...interp.missing];
    const evidence: FoundOriginal[] = [];
    let ambiguous: FoundOriginal[] | undefined;
    const where = { file: interp.at.file, line: interp.at.line };

    // A named original: the local document of that title if there is exactly one, else a link out when the address is known.
    const useNamed = (named: InterpretationRecord['namedOriginals'][number]): boolean => {
      const local = named.title ? index.findByTitle(named.title) : [];
      if (local.length === 1) {
        documents.push(local[0]!);
        evidence.push({ id: local[0]!, evidence: `记录写明的原文件《${named.title}》与原文件 ${local[0]} 的标题一致` });
        return true;
      }
      if (named.url && named.title && /^https?:\/\/\S+$/.test(named.url)) {
        externalDocuments.push({ title: named.title, docNumber: named.docNumber ? parseDocNumber(named.docNumber)?.normalized ?? named.docNumber : undefined, issuer: named.issuer, url: named.url });
        return true;
      }
      return false;
    };

    interp.documentRecordIds.forEach((recordId, i) => {
      // A document record rejected for taking another document's id must not link to that other document.
      const id = docIds.get(recordId) ?? (state.clashedDocumentIds?.has(recordId) ? undefined : findDocument(interp.source, recordId)?.id);
      if (id) {
        documents.push(id);
        return;
      }
      const named = interp.namedOriginals.find((n) => n.recordId === recordId);
      if (named && useNamed(named)) return;
      missing.push({
        severity: 'error',
        ...where,
        field: `interprets[${i}]`,
        label: '所解读的原文件',
        ...(state.clashedDocumentIds?.has(recordId)
          ? {
              message: `记录 id 为 "${recordId}" 的原文件记录已被拒收（编号重复，或与本站另一份文件冲突，原因见拒收文件），无法确定所解读的是哪一份。`,
              fix: '改正拒收文件中的原文件记录并重新导入后，在 documents 中写上原文件的文件名（content/documents/ 下，不含扩展名），或改正 interprets 中的 doc_id。',
            }
          : {
              message: `找不到记录 id 为 "${recordId}" 的原文件：本次导入的文件里没有，content/documents/ 里也没有 importedFrom.id 为它的文件。`,
              fix: '把原文件的导出文件一起导入（例如 npm run import -- documents.jsonl interpretations.jsonl），或改正 interprets 中的 doc_id；原文件不在本站的，在 externalDocuments 中写明标题、发文机关和网址。',
            }),
      });
    });
    for (const named of interp.namedOriginals.filter((n) => n.recordId === undefined)) useNamed(named);

    if (interp.documentRecordIds.length === 0 && documents.length === 0 && externalDocuments.length === 0) {
      // No structured link: find the document the interpretation names (its body read back only for this; a body
      // converted on a thread is not read again otherwise).
      loadBody(interp);
      const outcome = index.findOriginals(interp.title, bodyPlainText(interp.body));
      if (outcome.kind === 'linked') {
        documents.push(...outcome.found.map((f) => f.id));
        evidence.push(...outcome.found);
      } else {
        if (outcome.kind === 'ambiguous') ambiguous = outcome.found;
        missing.push({
          severity: 'error',
          ...where,
          field: 'interprets',
          label: '所解读的原文件',
          message:
            outcome.kind === 'ambiguous'
              ? `解读没有写明所解读的原文件；标题或正文提到的文件对应多个原文件（${outcome.found.map((f) => f.id).join('、')}），未自动关联。`
              : '解读没有写明所解读的原文件，标题和正文第一段也没有能对上本站原文件的《文件名》或文号。',
          fix: '在 documents 中写上原文件的文件名（content/documents/ 下，不含扩展名）；原文件不在本站的，在 externalDocuments 中写明标题、发文机关和网址。',
        });
      }
    }
    const uniqueDocuments = [...new Set(documents)];
    // Published together (三同步): an interpretation of a draft document is a draft until the document is finished.
    missing.push(...(state.draftOriginals ??= new DraftOriginals(existingDocuments)).problemsFor(uniqueDocuments, where));

    const found = findImported(interp.source, interp.recordId);
    const id = found
      ? found.id
      : claimId(
          uniqueDocuments[0]
            ? interpretationIdBase(uniqueDocuments[0], { publishedAt: interp.publishedAt, recordId: interp.recordId })
            : unlinkedInterpretationIdBase(interp),
          taken,
        );
    const path = found?.path ?? entryFile('interpretations', id);
    const toFinish = missing.length > 0 ? noteDraft(state, interp, path, missing) : undefined;
    const office = interp.offices[0];
    const data: InterpretationFrontmatter = {
      title: interp.title,
      documents: uniqueDocuments,
      externalDocuments: externalDocuments.length > 0 ? externalDocuments : undefined,
      form: interp.statedForm ?? interpretationForm(interp.title, interp.interpKind),
      office: office ? orgIds.get(office) : undefined,
      publishedAt: interp.publishedAt,
      sourceUrl: interp.sourceUrl,
      importedFrom: { source: interp.source, id: interp.recordId },
      draft: interp.publishedAt && !toFinish ? undefined : true,
      toFinish,
    };
    const comments: Partial<Record<keyof InterpretationFrontmatter, string>> = {};
    if (!interp.publishedAt) comments.draft = NO_DATE_COMMENT;
    else if (toFinish) comments.draft = TO_FINISH_COMMENT;
    if (interp.offices.length > 1) {
      // The schema has one office; the others are kept where editors see them.
      comments.office = `# 联合解读机关：${interp.offices.join('、')}（office 只写牵头机关）`;
    }
    yield interp;
    const body = bodyOrReject(interp, true, state);
    if (body === undefined) {
      if (toFinish) state.drafts.pop();
      continue;
    }
    const content = renderInterpretationFile(data, body, comments);
    const mdxError = mdxParseError(content);
    if (mdxError) {
      if (toFinish) state.drafts.pop();
      state.rejectRecord(interp, [
        {
          severity: 'error',
          ...where,
          field: 'body',
          label: '正文',
          message: `生成的 ${path} 不能作为 MDX 正文使用（${mdxError}），未写入。`,
          fix: '这是导入程序的缺陷，请把这条记录报告给开发人员。',
        },
      ]);
      continue;
    }
    const link = { ...where, recordId: interp.recordId, title: interp.title, path };
    if (evidence.length > 0) state.links.push({ ...link, found: evidence });
    if (ambiguous) state.ambiguous.push({ ...link, found: ambiguous });
    if (externalDocuments.length > 0) state.external++;
    state.planned.push({ path, collection: 'interpretations', content, imported: found !== undefined, conversion: noteOf(state, interp, body) });
    state.release(interp);
  }
}

/**
 * The reason for a record whose id is that of another document or interpretation on the site (two exports numbering
 * from 1, or a repeated id in a rejects file): the existing file is named with its 文号 and title, and the fix is to
 * give the record its own id.
 */
function idClash(where: { file: string; line: number }, record: ImportRecord, found: ExistingEntry, difference: string): Problem {
  const own = [record.type === 'document' ? record.docNumber : undefined, `《${record.title}》`].filter(Boolean).join(' ');
  return {
    severity: 'error',
    ...where,
    field: 'id',
    label: '记录编号',
    message: `记录 id "${record.recordId}" 已属于 ${describeEntry(found.path, found)}${found.importSource ? `（导入自 ${found.importSource}）` : ''}，而这条记录 ${own} 显然是另一份文件：${difference}。这条记录未导入，${found.path} 未改动。`,
    fix: `如果这是另一份文件，在 id 列给它一个自己的、本站未用过的 id（例如在前面加上来源系统的简称："B-${record.recordId}"），再导入这个拒收文件；如果它就是 ${found.path} 那份文件（文号或标题后来改过），改正 ${found.path} 的 title 或 docNumber 后重新导入。`,
  };
}

/**
 * Rejects the document records that would rewrite another document or repeat a 文号: one whose id is that of an
 * entry on the site which is evidently another document (differenceFromEntry), and one whose 文号 a file on the site
 * or an earlier record of this import already has. Returns the records kept, in order.
 */
function screenDocuments(documents: DocumentRecord[], existing: ExistingEntry[], state: PlanState): DocumentRecord[] {
  const findImported = importedEntryFinder(existing);
  // Who holds each 文号 (standard form): files on the site, then the records this import keeps.
  const holders = new Map<string, { path: string; title?: string; docNumber?: string; recordId?: string; inRun?: boolean }>();
  for (const e of existing) if (e.docNumber) holders.set(normalizeDocNumber(e.docNumber), { path: e.path, title: e.title, docNumber: e.docNumber, recordId: e.importId });
  return documents.filter((doc) => {
    const where = { file: doc.at.file, line: doc.at.line };
    const found = findImported(doc.source, doc.recordId);
    const difference = found ? differenceFromEntry(found, doc) : undefined;
    if (found && difference) {
      (state.clashedDocumentIds ??= new Set()).add(doc.recordId);
      state.rejectRecord(doc, [idClash(where, doc, found, difference)]);
      tick(state);
      return false;
    }
    const docNumberKey = doc.docNumber ? normalizeDocNumber(doc.docNumber) : undefined;
    const holder = docNumberKey ? holders.get(docNumberKey) : undefined;
    if (holder && holder.path !== found?.path) {
      state.rejectRecord(doc, [
        {
          severity: 'error',
          ...where,
          field: 'doc_number',
          label: '文号',
          message: `文号 ${doc.docNumber} 已是 ${holder.inRun ? `本次导入 ${holder.path} 的记录（${[holder.docNumber, `《${holder.title}》`].join(' ')}）` : describeEntry(holder.path, holder)} 的文号，一个文号只对应一个原文件；这条记录（id "${doc.recordId}"《${doc.title}》）未导入，已有文件未改动。`,
          fix: `如果是同一份文件，不必再导入${holder.recordId ? `（要更新它，用它的记录 id "${holder.recordId}"）` : ''}；如果这条的文号写错了，改正 doc_number 后再导入这个拒收文件。`,
        },
      ]);
      tick(state);
      return false;
    }
    if (docNumberKey && !holder) holders.set(docNumberKey, { path: `${doc.at.file}:${doc.at.line}`, title: doc.title, docNumber: doc.docNumber, recordId: doc.recordId, inRun: true });
    return true;
  });
}

/** Rejects the interpretation records whose id is that of an interpretation on the site with an entirely different title. */
function screenInterpretations(interpretations: InterpretationRecord[], existing: ExistingEntry[], state: PlanState): InterpretationRecord[] {
  const findImported = importedEntryFinder(existing);
  return interpretations.filter((interp) => {
    const found = findImported(interp.source, interp.recordId);
    const difference = found ? differenceFromEntry({ title: found.title }, { title: interp.title }) : undefined;
    if (!found || !difference) return true;
    state.rejectRecord(interp, [idClash({ file: interp.at.file, line: interp.at.line }, interp, found, difference)]);
    tick(state);
    return false;
  });
}
