/**
 * A re-run does not convert a body again when nothing it depends on changed. The manifest keeps, per record it
 * wrote (`bodies`, by record: kind, source and id), the file, a hash of the record's body as the export gave it
 * together with the converter's fingerprint, and a hash of the Markdown written for it. When the record's input
 * hash is the same, the file on disk still has the hash the manifest recorded for it (no editor touched it) and the
 * body read back from that file has the recorded hash, that body is used as it is: byte for byte what converting
 * it again would give. Anything else (an edited file, a changed body, a changed converter) converts it again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BodySource, ImportRecord } from './records';

/** What the manifest keeps per converted record (see the top of this file). */
export interface BodyEntry {
  /** The content file, relative to the project root. */
  path: string;
  /** {@link conversionInput} of the record when its file was written. */
  input: string;
  /** SHA-256 of the Markdown body written in the file. */
  body: string;
}

/** What a planned file records about its body, for the manifest's `bodies`. */
export interface ConversionNote {
  /** {@link recordKey} of the record. */
  key: string;
  input: string;
  body: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Everything a body's Markdown depends on besides the body: the converter's sources (src/import and the content
 * sanitiser they use), the dependency versions (package-lock.json) and the patches applied to dependencies
 * (patches/, by patch-package; see {@link PATCHES}). A change to any of them converts every body again on the next
 * run; a missing file only counts as empty.
 */
const CONVERTER_FILES = [
  'body.ts',
  'convert-body.ts',
  'html-steps.ts',
  'markdown-steps.ts',
  'mdx-escape.ts',
  'to-mdast.ts',
  'fidelity.ts',
  '../markdown/sanitize.ts',
  '../markdown/sanitize-schema.ts',
  '../markdown/footnotes.ts',
  '../../package-lock.json',
];

/** The folder of patch-package's patches, relative to this file: every file in it is part of the fingerprint. */
const PATCHES = '../../patches';

let fingerprint: string | undefined;

/** The converter's fingerprint (SHA-256 of {@link CONVERTER_FILES}), computed once per process. */
export function converterFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    const patches = join(import.meta.dirname, PATCHES);
    const patchFiles = existsSync(patches) ? readdirSync(patches).sort().map((name) => `${PATCHES}/${name}`) : [];
    for (const file of [...CONVERTER_FILES, ...patchFiles]) {
      const full = join(import.meta.dirname, file);
      hash.update(`${file}\0${existsSync(full) ? readFileSync(full) : ''}\0`);
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

/** The manifest key of a record: its kind, its source system and its id in the export. */
export function recordKey(record: Pick<ImportRecord, 'type' | 'source' | 'recordId'>): string {
  return `${record.type}:${record.source}:${record.recordId}`;
}

/** The hash of what a body's conversion reads: the converter, whether the file is MDX, and the body as exported. */
export function conversionInput(body: BodySource, mdx: boolean): string {
  // Each part with its length, hashed as it is (a JSON array of the bodies was one more copy of every body to hash).
  const hash = createHash('sha256').update(`${converterFingerprint()}\0${mdx}`);
  for (const part of [body.text, body.html, body.markdown]) hash.update(part === undefined ? '\0-' : `\0${part.length}:`).update(part ?? '', 'utf8');
  return hash.digest('hex');
}

/** The Markdown body of a content file as render.ts writes it (`---\n<yaml>---\n\n<body>`); '' for none. */
function bodyOfFile(content: string): string | undefined {
  if (!content.startsWith('---\n')) return undefined;
  const end = content.indexOf('\n---\n', 3);
  if (end === -1) return undefined;
  const rest = content.slice(end + 5);
  return rest.startsWith('\n') ? rest.slice(1) : rest === '' ? '' : undefined;
}

/**
 * The body of the record's file when it can be used without converting again (see the top of this file), else
 * undefined. `files` are the manifest's file hashes; reads the file once.
 */
export function reusableBody(root: string, entry: BodyEntry | undefined, input: string, files: Readonly<Record<string, string>>): string | undefined {
  if (!entry || entry.input !== input || files[entry.path] === undefined) return undefined;
  const full = join(root, entry.path);
  if (!existsSync(full)) return undefined;
  const content = readFileSync(full, 'utf8');
  if (sha256(content) !== files[entry.path]) return undefined;
  const body = bodyOfFile(content);
  return body !== undefined && sha256(body) === entry.body ? body : undefined;
}

/** The note a planned file carries for the manifest: the record's key, its input hash and the body's hash. */
export function conversionNote(record: ImportRecord, input: string, body: string): ConversionNote {
  return { key: recordKey(record), input, body: sha256(body) };
}
