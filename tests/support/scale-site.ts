/**
 * A large site made from the real texts of the shared corpus, for the scale benchmark (scripts/bench-scale.ts) and
 * for tests that need many pages: a copy of the project's site code with a generated content/ folder.
 *
 * Every generated entry is valid for the check: unique ids, 文号 and 索引号; metadata taken from the project's own
 * sample documents (issuer, kind, topic), so every reference resolves; bodies mixed from real paragraphs of
 * ../shared/corpus/documents.jsonl (about 6,000 characters for a document by default). The same options and seed
 * give the same files, so runs of the benchmark compare like with like.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** What to generate. */
export interface ScaleOptions {
  /** Original documents (原文件). */
  documents: number;
  /** Interpretations (解读), each of one generated document; at most one per document. */
  interpretations: number;
  /** Infographics (图解), each of one generated document; at most one per document. */
  infographics: number;
  /** Characters of a document body (default 6,000); interpretations have half. */
  bodyChars?: number;
  /** Seed of the paragraph mix (default 1). */
  seed?: number;
  /** The corpus folder holding documents.jsonl (default ../shared/corpus beside the project, or /work/shared/corpus). */
  corpusDir?: string;
}

/** What was written. */
export interface ScaleSummary {
  documents: number;
  interpretations: number;
  infographics: number;
  /** Characters of all generated bodies. */
  bodyChars: number;
}

/** Files and folders of the project a build needs besides content/ (node_modules is linked, not copied). */
const SITE_CODE = ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The corpus folder: the option, ../shared/corpus beside the project, or /work/shared/corpus. */
export function corpusDirectory(projectRoot: string, option?: string): string {
  const candidates = [option, join(projectRoot, '..', 'shared', 'corpus'), '/work/shared/corpus'].filter((c): c is string => !!c);
  const found = candidates.find((c) => existsSync(join(c, 'documents.jsonl')));
  if (!found) throw new Error(`No corpus: none of ${candidates.join(', ')} holds documents.jsonl.`);
  return found;
}

/**
 * Paragraphs of the corpus documents' bodies usable as Markdown and MDX text: lines of at least 40 characters that
 * are mostly Chinese, with the characters Markdown or MDX would read as syntax escaped.
 */
export function corpusParagraphs(corpusDir: string): string[] {
  const out = new Set<string>();
  for (const line of readFileSync(join(corpusDir, 'documents.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const body = (JSON.parse(line) as { body?: string }).body ?? '';
    for (const raw of body.split('\n')) {
      const text = raw.trim();
      const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
      if (text.length < 40 || han < text.length * 0.6) continue;
      out.add(escapeText(text));
    }
  }
  return [...out];
}

/** Text with Markdown and MDX syntax characters escaped, so it renders as written. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]{}<>#|~]/g, (c) => `\\${c}`).replace(/^(\d+)([.)])/u, '$1\\$2').replace(/^([-+])/u, '\\$1');
}

const HEADING_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];

/** A body of about `chars` characters of corpus paragraphs, with a numbered heading every few paragraphs. */
function mixedBody(paragraphs: string[], chars: number, next: () => number): string {
  const parts: string[] = [];
  let length = 0;
  let section = 0;
  for (let n = 0; length < chars; n++) {
    if (n % 4 === 0 && section < HEADING_NUMERALS.length) {
      const p = paragraphs[Math.floor(next() * paragraphs.length)]!;
      parts.push(`## ${HEADING_NUMERALS[section++]}、${p.replace(/\\./g, '').slice(0, 10)}`);
    }
    const p = paragraphs[Math.floor(next() * paragraphs.length)]!;
    parts.push(p);
    length += p.length;
  }
  return `${parts.join('\n\n')}\n`;
}

interface Template {
  title: string;
  docNumber?: string;
  kind?: string;
  issuer: string;
  topic?: string;
  publishedAt: string;
}

/** The sample documents' metadata: real titles, issuers, kinds and topics whose references resolve. */
function documentTemplates(projectRoot: string): Template[] {
  const dir = join(projectRoot, 'content', 'documents');
  const out: Template[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const front = /^---\n([\s\S]*?)\n---/u.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    if (!front) continue;
    const d = parse(front) as Partial<Template> & { draft?: boolean; coIssuers?: string[] };
    if (d.draft || !d.title || !d.issuer || !d.publishedAt) continue;
    out.push({ title: d.title, docNumber: d.docNumber, kind: d.kind, issuer: d.issuer, topic: d.topic, publishedAt: String(d.publishedAt) });
  }
  if (out.length === 0) throw new Error(`No usable sample documents in ${dir}.`);
  return out;
}

/** The prefix of a 文号 (国发, 国办发, 穗府办规), or 样发 for a document without one. */
function docNumberPrefix(docNumber: string | undefined): string {
  return /^([\p{Script=Han}]+)[〔［[（(【﹝]/u.exec(docNumber ?? '')?.[1] ?? '样发';
}

function frontmatter(data: Record<string, unknown>): string {
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n`;
}

/** Id of the n-th generated document (from 0). */
export function scaleDocumentId(n: number): string {
  return `scale-${String(n + 1).padStart(5, '0')}`;
}

/**
 * Writes the generated documents, interpretations and infographics into contentDir, and the project's site.yaml
 * and organizations beside them. The collection folders are emptied first. Throws when the corpus or the sample
 * content is missing.
 */
export function writeScaleContent(projectRoot: string, contentDir: string, options: ScaleOptions): ScaleSummary {
  const next = random(options.seed ?? 1);
  const paragraphs = corpusParagraphs(corpusDirectory(projectRoot, options.corpusDir));
  const templates = documentTemplates(projectRoot);
  const infographicSources = readdirSync(join(projectRoot, 'content', 'infographics'))
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => readFileSync(join(projectRoot, 'content', 'infographics', f), 'utf8').replace(/^---\n[\s\S]*?\n---\n*/u, ''));
  const bodyChars = options.bodyChars ?? 6000;
  for (const sub of ['documents', 'interpretations', 'infographics']) {
    rmSync(join(contentDir, sub), { recursive: true, force: true });
    mkdirSync(join(contentDir, sub), { recursive: true });
  }
  cpSync(join(projectRoot, 'content', 'site.yaml'), join(contentDir, 'site.yaml'));
  cpSync(join(projectRoot, 'content', 'organizations'), join(contentDir, 'organizations'), { recursive: true });

  const serials = new Map<string, number>();
  const yearSerials = new Map<number, number>();
  let written = 0;
  const docs: { id: string; title: string; docNumber: string; issuer: string; topic?: string; date: string }[] = [];
  for (let n = 0; n < options.documents; n++) {
    const t = templates[n % templates.length]!;
    // Dates spread over 2006–2025, so the year filter and the date sort have something to do.
    const year = 2006 + (n % 20);
    const date = `${year}-${String(1 + (Math.floor(n / 20) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(n / 240) % 28)).padStart(2, '0')}`;
    const prefix = docNumberPrefix(t.docNumber);
    const key = `${prefix}${year}`;
    const serial = (serials.get(key) ?? 100) + 1;
    serials.set(key, serial);
    const docNumber = `${prefix}〔${year}〕${serial}号`;
    // 索引号: organisation code/year-5-digit serial (the check's format), numbered within the year.
    const indexSerial = (yearSerials.get(year) ?? 0) + 1;
    yearSerials.set(year, indexSerial);
    const id = scaleDocumentId(n);
    const body = mixedBody(paragraphs, bodyChars, next);
    written += body.length;
    const data: Record<string, unknown> = {
      title: t.title,
      docNumber,
      indexNumber: `000014349/${year}-${String(50000 + indexSerial).padStart(5, '0')}`,
      kind: t.kind,
      issuer: t.issuer,
      publishedAt: date,
      topic: t.topic,
      validity: '有效',
    };
    for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
    writeFileSync(join(contentDir, 'documents', `${id}.md`), frontmatter(data) + body);
    docs.push({ id, title: t.title, docNumber, issuer: t.issuer, topic: t.topic, date });
  }

  const interpretations = Math.min(options.interpretations, docs.length);
  for (let n = 0; n < interpretations; n++) {
    const d = docs[Math.floor((n * docs.length) / interpretations)]!;
    const body = mixedBody(paragraphs, Math.round(bodyChars / 2), next);
    written += body.length;
    const data = {
      title: `《${d.title}》解读`,
      documents: [d.id],
      form: '文字解读',
      office: d.issuer,
      publishedAt: d.date,
      summary: `${d.docNumber}的主要内容和措施。`,
      signOff: { by: '审签人', at: d.date },
      history: [{ date: d.date, note: '首次发布。', major: true }],
    };
    writeFileSync(join(contentDir, 'interpretations', `${d.id}-jiedu.mdx`), frontmatter(data) + body);
  }

  const infographics = infographicSources.length ? Math.min(options.infographics, docs.length) : 0;
  for (let n = 0; n < infographics; n++) {
    const d = docs[Math.floor((n * docs.length) / infographics + docs.length / (2 * infographics)) % docs.length]!;
    const source = infographicSources[n % infographicSources.length]!;
    const data = {
      title: `一图读懂${d.docNumber}`,
      document: d.id,
      publishedAt: d.date,
      alt: `图解${d.docNumber}的要点。`,
      summary: `${d.docNumber}的要点。`,
    };
    written += source.length;
    writeFileSync(join(contentDir, 'infographics', `${d.id}-tujie.mdx`), frontmatter(data) + source);
  }
  return { documents: docs.length, interpretations, infographics, bodyChars: written };
}

/**
 * Makes a buildable copy of the project in siteDir: the site code (src, public, config, package.json), a link to
 * the project's node_modules, and generated content. Whatever was in siteDir is replaced.
 */
export function prepareScaleSite(projectRoot: string, siteDir: string, options: ScaleOptions): ScaleSummary {
  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(siteDir, { recursive: true });
  for (const item of SITE_CODE) cpSync(join(projectRoot, item), join(siteDir, item), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(siteDir, 'node_modules'), 'dir');
  return writeScaleContent(projectRoot, join(siteDir, 'content'), options);
}

/**
 * The one change of the rebuild measurement: a paragraph appended to the first generated document, as an editor's
 * correction would. Returns the file changed.
 */
export function changeOneDocument(siteDir: string): string {
  const file = join(siteDir, 'content', 'documents', `${scaleDocumentId(0)}.md`);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n本文件已于发布后更正一处文字。\n`);
  return file;
}
