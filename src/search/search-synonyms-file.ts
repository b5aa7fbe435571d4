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
 * the groups without problems are returned. Never throws for the file's content.
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
  /** Where each word was first written: group and place, for a word written twice. */
  const seen = new Map<string, { group: number; line: number }>();
  raw.forEach((group: unknown, g) => {
    if (typeof group === 'string') {
      const words = group.split(/[,，、;；\s]+/u).filter(Boolean);
      at(['groups', g], `这一组写成了一段文字 “${group}”，搜索不知道哪几个是词。`, `写成列表，用方括号和英文逗号：- [${words.join(', ')}]`);
      return;
    }
    if (!Array.isArray(group)) {
      at(['groups', g], '每组同义词应是一个列表。', '写成 - [医保, 医疗保障]（方括号，词之间用英文逗号）。');
      return;
    }
    const words: string[] = [];
    let ok = true;
    group.forEach((word: unknown, w) => {
      const text = typeof word === 'number' ? String(word) : word;
      if (typeof text !== 'string' || text.trim() === '') {
        at(['groups', g, w], '同义词组里有一个空的词。', '删去这个空位（两个逗号之间没有字），或写上词。');
        ok = false;
        return;
      }
      const value = text.trim().normalize('NFKC');
      if (/[\s,，;；]/u.test(value)) {
        at(['groups', g, w], `“${value}” 里有空格、逗号或分号，会被当作一个词。`, `把它拆成几个词，用英文逗号分开：[${group.map(String).join(', ').replace(/[，;；\s]+/gu, ', ')}]`);
        ok = false;
      } else if ([...value].length < 2 || [...value].length > MAX_WORD) {
        at(['groups', g, w], `“${value}” 有 ${[...value].length} 个字；同义词应有 2 到 ${MAX_WORD} 个字（一个字会找到太多页面）。`, [...value].length < 2 ? `删去 “${value}”，或写成它所在的词（如 税 写成 个税）。` : '删去它；同义词只写词或简称，不写句子。');
        ok = false;
      } else if (words.includes(value)) {
        at(['groups', g, w], `“${value}” 在这一组里写了两次。`, `删去其中一个 “${value}”。`);
        ok = false;
      } else if (seen.has(value)) {
        const first = seen.get(value)!;
        at(['groups', g, w], `“${value}” 已在第 ${first.line} 行的另一组里；一个词只能在一组。`, `把这两组合并成一组，或删去这里的 “${value}”。`);
        ok = false;
      } else {
        words.push(value);
      }
    });
    if (ok && words.length < 2) {
      at(['groups', g], `这一组只有 ${words.length} 个词，没有可以互相代替的词。`, '至少写两个词，如 - [医保, 医疗保障]；或删去这一行。');
      ok = false;
    }
    if (!ok) return;
    for (const word of words) seen.set(word, { group: g, line: source.lineOf(['groups', g]) });
    groups.push(words);
  });
  return { groups, problems };
}

/** The field of a path as problems name it: groups[2][1]. */
function fieldName(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
