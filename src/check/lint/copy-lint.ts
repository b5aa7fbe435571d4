/**
 * The Chinese copy lint of `npm run check`: half-width punctuation in Chinese, spacing between Chinese and
 * Latin or digits (site copyStyle), 文号 brackets in the text, full-width letters and digits, repeated
 * punctuation. Warnings only; `npm run check -- --fix` applies the fixes that are safe.
 *
 * What is looked at: the prose of interpretations, infographics and documents written by editors (text
 * nodes of the Markdown/MDX body, and the title/summary/alt fields, which are reported but never fixed).
 * What never is: code, URLs, HTML, MDX expressions and component syntax, and official texts brought in by
 * the importer (any file with `importedFrom`), which are published exactly as issued. `--fix` rewrites one thing
 * in those: a date field written 2019年3月5日 (the frontmatter is the site's metadata, not the issued text), and only
 * that value's bytes.
 */
import { join } from 'node:path';
import { isScalar, parseDocument, Scalar, visit } from 'yaml';
import { isArticleCollection } from '../../content/registry';
import type { Nodes } from 'mdast';
import { parseSourceFile, type SourceFile } from '../../content/files';
import { writeFileAtomicSync } from '../../lib/write-atomic';
import type { Problem } from '../../lib/problems';
import type { Site } from '../../schemas/site';
import { hasNonStandardBrackets, parseDocNumber } from '../../lib/doc-number';
import { FIELD_LABELS } from '../../schemas/field-labels';
import { DATE_KEYS, readWrittenDate } from '../dates';
import { alignValue, bodyOffset, lineColumn, parseBody } from './markdown';
import { applyIssues, findTextIssues, RULE_LABELS, type CjkLatinSpace, type RuleName, type TextIssue } from './rules';

/** Frontmatter fields whose text is checked (reported, never fixed: frontmatter values are the editor's). */
export const LINTED_FIELDS = ['title', 'summary', 'alt'] as const;

/** At most this many copy warnings per file are listed; the rest are counted in one line. */
export const MAX_PER_FILE = 30;

/** How `--fix` mentions itself in a fix. */
const AUTO_FIX = '（npm run check -- --fix 可自动改正）';

/** An issue located in a file. */
interface LocatedIssue extends TextIssue {
  line: number;
  column: number;
  /** Offsets in the file's raw text to replace, when the fix is safe; undefined when report-only. */
  range?: [number, number];
  /** Field key, for issues in the frontmatter or in a component prop. */
  field?: string;
}

/** true for official texts brought in by the importer: published as issued, never linted or rewritten. */
export function isOfficialText(source: SourceFile): boolean {
  const data = source.data as { importedFrom?: unknown } | undefined;
  return data !== null && typeof data === 'object' && data.importedFrom !== undefined;
}

/** true when the copy lint looks at this file: documents, interpretations and infographics, not official texts. */
export function isLinted(source: SourceFile): boolean {
  return isArticleCollection(source.collection) && !isOfficialText(source);
}

/** Component props that carry prose shown to readers (see src/infographics/components.ts). */
const PROSE_PROPS = new Set(['label', 'title', 'before', 'after', 'beforeLabel', 'afterLabel', 'unit']);

/** Finds every copy issue in one file. */
function lintFile(source: SourceFile, style: CjkLatinSpace): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  const data = (source.data ?? {}) as Record<string, unknown>;
  const rawLines = source.raw.split('\n');

  for (const key of LINTED_FIELDS) {
    const value = data[key];
    if (typeof value !== 'string') continue;
    const line = source.lineOf([key]);
    const at = rawLines[line - 1]?.indexOf(value.slice(0, 8)) ?? -1;
    for (const issue of findTextIssues(value, style)) {
      out.push({ ...issue, line, column: at >= 0 ? at + issue.index + 1 : 1, field: key });
    }
  }

  const parsed = parseBody(source);
  if (!parsed.ok) return out;
  const base = bodyOffset(source);
  const body = source.body;

  const visit = (node: Nodes) => {
    switch (node.type) {
      case 'code':
      case 'inlineCode':
      case 'html':
      case 'yaml':
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        return;
      case 'link': {
        // An autolinked address shows the URL itself as text: leave it.
        const text = node.children.map((c) => ('value' in c ? c.value : '')).join('');
        if (text === node.url || /^(?:https?:|www\.|mailto:)/i.test(text)) return;
        break;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        for (const attr of node.attributes) {
          if (attr.type !== 'mdxJsxAttribute' || typeof attr.value !== 'string' || !PROSE_PROPS.has(attr.name) || !attr.position) continue;
          const start = attr.position.start;
          const valueAt = body.indexOf(attr.value, start.offset ?? 0);
          const lc = lineColumn(body, valueAt >= 0 ? valueAt : (start.offset ?? 0));
          for (const issue of findTextIssues(attr.value, style)) {
            out.push({ ...issue, line: source.bodyLine + lc.line - 1, column: lc.column + issue.index, field: attr.name });
          }
        }
        break;
      }
      case 'text': {
        const pos = node.position;
        if (!pos || pos.start.offset === undefined || pos.end.offset === undefined) return;
        out.push(...unrenderedEmphasis(source, node.value, pos.start.offset, pos.end.offset));
        const issues = findTextIssues(node.value, style);
        if (issues.length === 0) return;
        const map = alignValue(node.value, body.slice(pos.start.offset, pos.end.offset));
        for (const issue of issues) {
          const from = map ? pos.start.offset + map[issue.index]! : pos.start.offset;
          const to = map ? pos.start.offset + (issue.length ? map[issue.index + issue.length - 1]! + 1 : map[issue.index]!) : from;
          const lc = lineColumn(body, from);
          out.push({
            ...issue,
            line: source.bodyLine + lc.line - 1,
            column: lc.column,
            range: map ? [base + from, base + to] : undefined,
          });
        }
        return;
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parsed.tree);
  return out;
}

/**
 * `**` left as text after parsing with the build's plugins (src/markdown/remark-plugins.ts): the page shows the
 * asterisks. Most often a space inside the marks (`** 注意：**`) or a missing closing pair. Escaped stars (`\\*\\*`)
 * are meant to show and are left alone. Report only: where the bold should end is the editor's choice.
 */
function unrenderedEmphasis(source: SourceFile, value: string, start: number, end: number): LocatedIssue[] {
  if (!value.includes('**')) return [];
  const raw = source.body.slice(start, end);
  const out: LocatedIssue[] = [];
  // One warning per line: the opening and closing marks of one bold are one mistake.
  const lines = new Set<number>();
  for (let at = raw.indexOf('**'); at !== -1; at = raw.indexOf('**', at + 2)) {
    if (raw[at - 1] === '\\') continue;
    const lc = lineColumn(source.body, start + at);
    if (lines.has(lc.line)) continue;
    lines.add(lc.line);
    const context = raw.slice(Math.max(0, at - 6), at + 10).replace(/\n/g, ' ');
    out.push({
      rule: 'unrendered-emphasis',
      index: at,
      length: 2,
      replacement: '**',
      line: source.bodyLine + lc.line - 1,
      column: lc.column,
      message: `“${context}”里的 ** 不会显示为加粗，页面上会原样显示两个星号。`,
      fix: '加粗的文字前后各写一对 **，星号和文字之间不要留空格，例如 **注意：**抽查结果要公开；不需要加粗就删去星号；要显示星号本身写成 \\*\\*。',
    });
  }
  return out;
}

function toProblem(source: SourceFile, issue: LocatedIssue): Problem {
  return {
    severity: 'warning',
    file: source.file,
    line: issue.line,
    field: issue.field,
    label: issue.field ? FIELD_LABELS[issue.field] : undefined,
    message: `第 ${issue.column} 列：${issue.message}`,
    fix: issue.range ? `${issue.fix}${AUTO_FIX}` : `${issue.fix}（这里需手动改正）`,
  };
}

/** The house style of a site config, defaulting to no spaces. */
function styleOf(site: Pick<Site, 'copyStyle'> | undefined): CjkLatinSpace {
  return site?.copyStyle?.cjkLatinSpace ?? 'none';
}

/** Copy warnings for every linted file, at most MAX_PER_FILE per file plus a line counting the rest. */
export function lintCopy(files: readonly SourceFile[], site?: Pick<Site, 'copyStyle'>): Problem[] {
  const style = styleOf(site);
  const problems: Problem[] = [];
  for (const source of files) {
    if (!isLinted(source)) continue;
    const issues = lintFile(source, style);
    for (const issue of issues.slice(0, MAX_PER_FILE)) problems.push(toProblem(source, issue));
    if (issues.length > MAX_PER_FILE) {
      const fixable = issues.filter((i) => i.range).length;
      problems.push({
        severity: 'warning',
        file: source.file,
        line: issues[MAX_PER_FILE]!.line,
        message: `这个文件还有 ${issues.length - MAX_PER_FILE} 处文字规范问题没有列出（共 ${issues.length} 处）。`,
        fix: `运行 npm run check -- --fix 自动改正其中 ${fixable} 处，再运行 npm run check 查看其余的。`,
      });
    }
  }
  return problems;
}

/** One change made by --fix. */
export interface CopyFix {
  line: number;
  rule: RuleName | 'doc-number-field' | 'date-field';
  /** Short Chinese name of the rule. */
  label: string;
  before: string;
  after: string;
}

/** What --fix did to one file. */
export interface FileFixes {
  file: string;
  fixes: CopyFix[];
}

/**
 * Applies every safe fix to the linted files and writes them back; returns the changes per file.
 * Safe means: in a text node whose source could be aligned character by character, plus the brackets of
 * a document's own docNumber field, plus date fields written in another common form (2019年3月5日 → 2019-03-05),
 * also in official texts. Frontmatter otherwise, props, code, URLs and official texts' bodies are untouched.
 */
export function fixCopy(projectRoot: string, files: readonly SourceFile[], site?: Pick<Site, 'copyStyle'>): FileFixes[] {
  const style = styleOf(site);
  const results: FileFixes[] = [];
  for (const original of files) {
    // A file the reader refused (symlink, not UTF-8, NUL bytes) or could not parse is never rewritten.
    if (!isArticleCollection(original.collection) || original.unreadable || original.data === undefined) continue;
    const official = isOfficialText(original);
    let source = original;
    const fixes: CopyFix[] = [];

    // Dates an editor wrote in another common form (2019年3月5日, 2019.3.5): the YYYY-MM-DD the check showed. Also in
    // official texts: the value is metadata (the importer writes YYYY-MM-DD, so another form was typed by someone),
    // and only the value's own bytes change.
    const dates = rewriteWrittenDates(source.raw);
    let raw = dates.raw;
    fixes.push(...dates.fixes);

    // docNumber brackets of a document written by an editor: the only other frontmatter value --fix changes.
    const docNumber = (source.data as { docNumber?: unknown } | undefined)?.docNumber;
    if (!official && source.collection === 'documents' && typeof docNumber === 'string' && hasNonStandardBrackets(docNumber)) {
      const normalized = parseDocNumber(docNumber)?.normalized;
      const line = source.lineOf(['docNumber']);
      const lines = raw.split('\n');
      const at = lines[line - 1]?.indexOf(docNumber) ?? -1;
      if (normalized && at >= 0) {
        lines[line - 1] = lines[line - 1]!.slice(0, at) + normalized + lines[line - 1]!.slice(at + docNumber.length);
        raw = lines.join('\n');
        fixes.push({ line, rule: 'doc-number-field', label: '文号括号', before: docNumber, after: normalized });
      }
    }

    // Fixes can make new ones possible (e.g. !! → ！！ → ！): repeat on the new text a few times.
    for (let pass = 0; pass < 4 && !official; pass++) {
      if (raw !== source.raw) source = parseSourceFile(source.collection, source.file, raw, []);
      const issues = lintFile(source, style).filter((i) => i.range && i.field === undefined);
      if (issues.length === 0) break;
      for (const issue of issues) {
        const [from, to] = issue.range!;
        const lineStart = raw.lastIndexOf('\n', from - 1) + 1;
        const lineEndAt = raw.indexOf('\n', to);
        const lineEnd = lineEndAt === -1 ? raw.length : lineEndAt;
        const excerptFrom = Math.max(lineStart, from - 6);
        const excerptTo = Math.min(lineEnd, to + 6);
        fixes.push({
          line: issue.line,
          rule: issue.rule,
          label: RULE_LABELS[issue.rule],
          before: raw.slice(excerptFrom, excerptTo),
          after: raw.slice(excerptFrom, from) + issue.replacement + raw.slice(to, excerptTo),
        });
      }
      raw = applyIssues(raw, issues.map((i) => ({ ...i, index: i.range![0], length: i.range![1] - i.range![0] })));
    }
    if (raw !== original.raw) {
      // Atomic: a kill or a full disk leaves the editor's file as it was, never empty or cut.
      writeFileAtomicSync(join(projectRoot, original.file), original.bom ? `\uFEFF${raw}` : raw);
      results.push({ file: original.file, fixes });
    }
  }
  return results;
}

/** The frontmatter block of a Markdown/MDX file, as src/content/files.ts reads it. */
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/;

/**
 * `raw` with every date field (src/check/dates.ts DATE_KEYS, at any depth of the frontmatter) whose value is a real
 * day written in another form than YYYY-MM-DD rewritten to YYYY-MM-DD, and what was changed. Only the value's own
 * bytes change, found by the YAML parser's offsets (not by searching the line), with its quotes if it had them; a
 * value written any other way (escapes, a block or a value over several lines) is left for the editor. Files
 * whose frontmatter does not parse are returned as they are.
 */
export function rewriteWrittenDates(raw: string): { raw: string; fixes: CopyFix[] } {
  const m = FRONTMATTER.exec(raw);
  if (!m || m[1] === undefined) return { raw, fixes: [] };
  const start = raw.indexOf('\n') + 1;
  const doc = parseDocument(m[1], { uniqueKeys: true });
  if (doc.errors.length) return { raw, fixes: [] };
  const edits: { from: number; to: number; text: string; before: string; after: string }[] = [];
  visit(doc, {
    Pair(_key, pair) {
      const { key, value } = pair;
      if (!isScalar(key) || !DATE_KEYS.has(String(key.value)) || !isScalar(value) || typeof value.value !== 'string' || !value.range) return;
      const read = readWrittenDate(value.value);
      if (!read?.ok || read.iso === value.value) return;
      const [from, to] = value.range;
      const written = m[1]!.slice(from, to);
      const quote = value.type === Scalar.QUOTE_DOUBLE ? '"' : value.type === Scalar.QUOTE_SINGLE ? "'" : '';
      if (written !== `${quote}${value.value}${quote}` || (value.type !== Scalar.PLAIN && !quote)) return;
      edits.push({ from: start + from, to: start + to, text: `${quote}${read.iso}${quote}`, before: value.value, after: read.iso });
    },
  });
  let out = raw;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  const lineAt = (offset: number) => raw.slice(0, offset).split('\n').length;
  const fixes = edits.map((e): CopyFix => ({ line: lineAt(e.from), rule: 'date-field', label: '日期格式', before: e.before, after: e.after }));
  return { raw: out, fixes };
}

/** Formats the --fix report of one file for the terminal. */
export function formatFileFixes(result: FileFixes): string {
  const lines = [`${result.file}：改正 ${result.fixes.length} 处`];
  for (const f of result.fixes) lines.push(`  第 ${f.line} 行  ${f.label}  “${f.before}” → “${f.after}”`);
  return lines.join('\n');
}
