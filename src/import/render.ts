/**
 * Writing imported entries as content files: YAML frontmatter in the schema's key order, then the body.
 * The same data always gives the same bytes, so a re-import can tell "unchanged" from "edited".
 */
import { stringify } from 'yaml';
import type { FORMS } from '../schemas/interpretation';

/** Frontmatter of an imported document, keys in the order of src/schemas/document.ts. */
export interface DocumentFrontmatter {
  title: string;
  docNumber?: string;
  indexNumber?: string;
  kind?: string;
  /** Absent only in a draft to finish (the export gave no issuer). */
  issuer?: string;
  coIssuers?: string[];
  writtenAt?: string;
  publishedAt: string;
  topic?: string;
  validity: '有效';
  requiresInterpretation: boolean;
  sourceUrl?: string;
  importedFrom: { source: string; id: string };
  draft?: true;
  /** What a draft to finish lacks, in Chinese. */
  toFinish?: string[];
}

/** An original document that is not on this site, as an interpretation names it. */
export interface ExternalDocument {
  title: string;
  docNumber?: string;
  issuer?: string;
  url: string;
}

/** Frontmatter of an imported interpretation, keys in the order of src/schemas/interpretation.ts. */
export interface InterpretationFrontmatter {
  title: string;
  documents: string[];
  externalDocuments?: ExternalDocument[];
  form: (typeof FORMS)[number];
  office?: string;
  publishedAt?: string;
  sourceUrl?: string;
  importedFrom: { source: string; id: string };
  draft?: true;
  /** What a draft to finish lacks, in Chinese. */
  toFinish?: string[];
}

/** An organisation file's fields, keys in the order of src/schemas/organization.ts. */
export interface OrganizationData {
  name: string;
  code?: string;
}

const DOCUMENT_KEYS: (keyof DocumentFrontmatter)[] = [
  'title',
  'docNumber',
  'indexNumber',
  'kind',
  'issuer',
  'coIssuers',
  'writtenAt',
  'publishedAt',
  'topic',
  'validity',
  'requiresInterpretation',
  'sourceUrl',
  'importedFrom',
  'draft',
  'toFinish',
];

const INTERPRETATION_KEYS: (keyof InterpretationFrontmatter)[] = [
  'title',
  'documents',
  'externalDocuments',
  'form',
  'office',
  'publishedAt',
  'sourceUrl',
  'importedFrom',
  'draft',
  'toFinish',
];

/** The comment written above `draft: true` when the source gives no date. */
export const NO_DATE_COMMENT =
  '# 来源未给出发布日期，导入时未填写（不臆造日期）。请编辑查明后补写 publishedAt（YYYY-MM-DD），并删去 draft: true。';

/** Writes YAML with keys in the given order, absent values left out, long lines never folded. */
function toYaml<T extends object>(data: T, keys: (keyof T)[]): string {
  const ordered: Record<string, unknown> = {};
  for (const key of keys) {
    const value = data[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    ordered[key as string] = value;
  }
  return stringify(ordered, { lineWidth: 0, minContentWidth: 0 });
}

/** The comment written above `draft: true` of a draft to finish. */
export const TO_FINISH_COMMENT = '# 导入时缺少发布所需的内容（见 toFinish）。补齐后删去 toFinish 和 draft: true 即可发布；npm run check 列出全部待补条目。';

/** A whole document file (.md); a draft to finish gets TO_FINISH_COMMENT above its draft line. */
export function renderDocumentFile(data: DocumentFrontmatter, body: string): string {
  let yaml = toYaml(data, DOCUMENT_KEYS);
  if (data.toFinish?.length) yaml = yaml.replace(/^draft:/m, `${TO_FINISH_COMMENT}\ndraft:`);
  return withBody(yaml, body);
}

/**
 * A whole interpretation file (.mdx). `comments` maps a top-level key to a comment line written above it
 * (editors' notes such as "date unknown").
 */
export function renderInterpretationFile(
  data: InterpretationFrontmatter,
  body: string,
  comments: Partial<Record<keyof InterpretationFrontmatter, string>> = {},
): string {
  let yaml = toYaml(data, INTERPRETATION_KEYS);
  for (const [key, comment] of Object.entries(comments)) {
    const line = new RegExp(`^${key}:`, 'm');
    const match = line.exec(yaml);
    if (match) yaml = `${yaml.slice(0, match.index)}${comment}\n${yaml.slice(match.index)}`;
  }
  return withBody(yaml, body);
}

/** An organisation file (.yaml). */
export function renderOrganizationFile(data: OrganizationData): string {
  return toYaml(data, ['name', 'code']);
}

function withBody(yaml: string, body: string): string {
  return body ? `---\n${yaml}---\n\n${body}` : `---\n${yaml}---\n`;
}
