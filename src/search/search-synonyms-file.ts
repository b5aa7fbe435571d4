/**
 * Reads and checks content/search-synonyms.yaml, the search synonyms and abbreviations editors keep (optional):
 *
 *   groups:
 *     - [医保, 医疗保障]
 *     - [社保, 社会保险]
 *
 * `npm run check` and the build report its problems (src/check/validate.ts) in Chinese with line and fix; the
 * search page carries the groups that passed (src/pages/search.astro), and the client applies them (synonyms.ts).
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeContentBytes, parseSourceFile } from '../content/files';
import { SEARCH_SYNONYMS_FILE } from '../content/registry';
import type { Problem } from '../lib/problems';

/** Longest word of a group, in characters: a sentence is not a synonym. */
const MAX_WORD = 20;

/** What the check found in the synonyms file: the groups that can be used, and every problem. */
export interface SynonymsFileResult {
  /** The valid groups, each with two words or more, no word in two groups. */
  groups: string[][];
  problems: Problem[];
}

/**
 * Reads content/search-synonyms.yaml of the project at `root` (or the file of that name in `contentDir`). A
 * missing file is no problem (no synonyms); every other problem is reported with its line and the fix, and only
 * the groups without problems are returned. A group's problems are one message (field groups[i]) that quotes the
 * group as written and lists what is wrong; its fix is the corrected line, a merge into the earlier group that has
 * its words, or deleting the line, and the fixes of all messages, made together, pass the check (each group is
 * checked against the earlier groups as their fixes leave them). Never throws for the file's content.
 */
export function readSearchSynonyms(root: string, contentDir = join(root, 'content')): SynonymsFileResult {
  const full = join(contentDir, SEARCH_SYNONYMS_FILE.replace(/^content\//, ''));
  const file = relative(root, full).split(sep).join('/');
  const problems: Problem[] = [];
  let stat;
  try {
    stat = lstatSync(full);
  } catch {
    return { groups: [], problems };
  }
  if (!stat.isFile()) {
    problems.push({
      severity: 'error',
      file,
      message: `${file} 应是普通文件，现在是${stat.isSymbolicLink() ? '一个符号链接（快捷方式）' : '一个文件夹'}，搜索同义词没有读取。`,
      fix: `删除它，在 content/ 下新建文本文件 ${SEARCH_SYNONYMS_FILE.replace(/^content\//, '')}，写入同义词。`,
    });
    return { groups: [], problems };
  }
  const decoded = decodeContentBytes(file, readFileSync(full), problems);
  if (!decoded) return { groups: [], problems };
  const source = parseSourceFile('site', file, decoded.text, problems);
  if (source.data === undefined) return { groups: [], problems };
  const at = (path: PropertyKey[], message: string, fix: string, field = fieldName(path)): void => {
    problems.push({ severity: 'error', file, line: source.lineOf(path), field, label: '同义词', message, fix });
  };
  const data = source.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    at([], '文件内容应以 groups: 开头，下面每行一组同义词。', '把文件改成：\ngroups:\n  - [医保, 医疗保障]\n  - [社保, 社会保险]', 'groups');
    return { groups: [], problems };
  }
  for (const key of Object.keys(data)) {
    if (key !== 'groups') at([key], `不认识的字段 ${key}：这个文件只有 groups（同义词组）一个字段。`, `删去 ${key} 这一行和它下面缩进的几行；同义词写在 groups 下面。`, key);
  }
  const raw = (data as { groups?: unknown }).groups;
  if (raw === undefined || raw === null) return { groups: [], problems };
  if (!Array.isArray(raw)) {
    at(['groups'], 'groups 下面应是同义词组的列表，每组一行，以“- ”开头。', '写成：\ngroups:\n  - [医保, 医疗保障]');
    return { groups: [], problems };
  }
  const groups: string[][] = [];
  const lines = decoded.text.split(/\r?\n/u);
  /**
   * The groups as they are once every fix given so far is made: a later group is checked against these, so that
   * the fixes, made together, pass the check (a word moved into a merged group is in that group).
   */
  const fixed: { line: number; lines: string; words: string[] }[] = [];
  raw.forEach((group: unknown, g) => {
    const line = source.lineOf(['groups', g]);
    const items = Array.isArray(group) ? group : [];
    const lastLine = items.length > 0 ? Math.max(line, source.lineOf(['groups', g, items.length - 1])) : line;
    const found = lines.slice(line - 1, lastLine).map((l) => l.trim()).join(' ');
    const { words, issues } = groupWords(group);
    // Words of a group written before (as fixed), by the group.
    const known = (word: string) => fixed.find((f) => f.words.some((w) => w.normalize('NFKC') === word.normalize('NFKC')));
    const own = words.filter((w) => !known(w));
    const overlapping = [...new Set(words.map(known).filter((f) => f !== undefined))];
    for (const f of overlapping) {
      const shared = words.filter((w) => known(w) === f);
      issues.push(`${shared.map((w) => `“${w}”`).join('')}已在第 ${f.line} 行的一组里（一个词只能在一组）`);
    }
    const span = lastLine > line ? `第 ${line}–${lastLine} 行` : `第 ${line} 行`;
    const where = lastLine > line ? span : '这一行';
    const asLine = (ws: string[]) => `- [${ws.join(', ')}]`;
    if (overlapping.length === 0 && issues.length === 0 && own.length < 2) {
      issues.push(own.length === 0 ? '这一组是空的' : `这一组只有一个词“${own[0]}”，没有可以互相代替的词`);
    }
    if (issues.length === 0) {
      fixed.push({ line, lines: span, words: own });
      groups.push(own.map((w) => w.normalize('NFKC')));
      return;
    }
    let fix: string;
    if (overlapping.length === 1 && own.length === 0) {
      fix = `删去${where}（它的词都已在第 ${overlapping[0]!.line} 行的一组里）。`;
    } else if (overlapping.length === 1) {
      const into = overlapping[0]!;
      into.words = [...into.words, ...own];
      fix = `把${into.lines}改成 ${asLine(into.words)}，再删去${where}（两组合并成一组）。`;
    } else if (own.length >= 2) {
      fixed.push({ line, lines: span, words: own });
      fix = `把${where}改成 ${asLine(own)}`;
    } else {
      fix = `删去${where}${own.length === 1 ? `；也可以给“${own[0]}”再写一个意思相同的词，如 - [${own[0]}, 另一个词]` : ''}。`;
    }
    at(['groups', g], `这一组写的是 ${found}：${issues.join('；')}。`, fix);
  });
  return { groups, problems };
}

/** What separates words inside one written word: the editor meant several words. 、 stays (双随机、一公开 is a word). */
const INNER_SEPARATORS = /[\s,，;；]+/u;
const SEPARATOR_NAMES: [RegExp, string][] = [
  [/，/u, '中文逗号“，”'],
  [/,/u, '英文逗号“,”'],
  [/[;；]/u, '分号'],
  [/\s/u, '空格'],
];

/**
 * The words an editor meant in one group of the file, in the spelling written (trimmed), each once and each of 2 to
 * MAX_WORD characters, and what is wrong with how the group is written, each quoting the text as written: a line
 * without brackets (- 医保，医疗保障), several words in one (社保，社会保险 with a Chinese comma), an empty word, a
 * colon in place of a comma (- 医保: 医疗保障), a word of one character or too long, a word written twice.
 */
function groupWords(group: unknown): { words: string[]; issues: string[] } {
  const issues: string[] = [];
  const parts: string[] = [];
  const splitItem = (text: string) => {
    const split = text.split(INNER_SEPARATORS).filter(Boolean);
    if (split.length > 1) issues.push(`“${text}”中间有${SEPARATOR_NAMES.filter(([re]) => re.test(text)).map(([, name]) => name).join('和')}，会被当作一个词`);
    parts.push(...split);
  };
  if (typeof group === 'string' || typeof group === 'number') {
    const text = String(group).trim();
    issues.push(`没有方括号，“${text}”会被当作一段文字`);
    const split = text.split(INNER_SEPARATORS).filter(Boolean);
    // Without brackets, 、 between words is a separator too (- 医保、医疗保障).
    parts.push(...(split.length > 1 ? split : text.split('、').filter(Boolean)));
  } else if (Array.isArray(group)) {
    for (const item of group) {
      if (item === null || item === undefined || (typeof item === 'string' && item.trim() === '')) issues.push('有一个空的词（两个逗号之间没有字）');
      else if (typeof item === 'string' || typeof item === 'number') splitItem(String(item).trim());
      else issues.push(`有一处不是词，而是又一层${Array.isArray(item) ? '方括号' : '字段'}`);
    }
  } else if (group !== null && typeof group === 'object') {
    issues.push('词之间用了冒号，会被当作字段名和值');
    for (const [key, value] of Object.entries(group)) {
      splitItem(key.trim());
      if (typeof value === 'string' || typeof value === 'number') splitItem(String(value).trim());
    }
  } else {
    issues.push('“- ”后面没有词');
  }
  const words: string[] = [];
  for (const part of parts) {
    const length = [...part.normalize('NFKC')].length;
    if (length < 2) issues.push(`“${part}”只有 1 个字（每个词应有 2 到 ${MAX_WORD} 个字，一个字会找到太多页面）`);
    else if (length > MAX_WORD) issues.push(`“${part}”有 ${length} 个字，超过 ${MAX_WORD} 个（同义词只写词或简称，不写句子）`);
    else if (words.some((w) => w.normalize('NFKC') === part.normalize('NFKC'))) issues.push(`“${part}”写了两次`);
    else words.push(part);
  }
  return { words, issues };
}

/** The field of a path as problems name it: groups[2][1]. */
function fieldName(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
