// The check of content/search-synonyms.yaml as an editor reads it (issue 16): one Chinese message per group naming
// file, line and field, quoting what was written as written, with a fix that, made, passes the check.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSearchSynonyms } from '../../../src/search/search-synonyms-file';
import type { Problem } from '../../../src/lib/problems';

const FILE = 'content/search-synonyms.yaml';

/** A project folder with only content/search-synonyms.yaml (text as given). */
function projectWith(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-synonyms-'));
  mkdirSync(join(root, 'content'));
  writeFileSync(join(root, FILE), text);
  return root;
}

const LINES = /^(?:这一行|第 (\d+)(?:–(\d+))? 行)/u;

/** The lines a fix names (这一行 is the problem's own line; 第 a–b 行 a range), 1-based, inclusive. */
function linesNamed(text: string, own: number): [number, number] {
  const m = LINES.exec(text);
  if (!m) throw new Error(`no lines named in “${text}”`);
  if (!m[1]) return [own, own];
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/**
 * Makes the fixes of the problems in the file, as an editor reading them would: 把…改成 - […] replaces the lines
 * named by that one line (keeping the indentation), 删去… deletes them, 把第 n 行改成 …，再删去… does both. A fix
 * in any other form fails the test: it is not an exact fix.
 */
function makeFixes(root: string, problems: Problem[]): void {
  const path = join(root, FILE);
  const lines: (string | undefined)[] = readFileSync(path, 'utf8').split('\n');
  const replace = (range: [number, number], line: string) => {
    const indent = /^\s*/u.exec(lines[range[0] - 1] ?? '')![0];
    for (let i = range[0]; i <= range[1]; i++) lines[i - 1] = undefined;
    lines[range[0] - 1] = indent + line;
  };
  const remove = (range: [number, number]) => {
    for (let i = range[0]; i <= range[1]; i++) lines[i - 1] = undefined;
  };
  for (const p of problems) {
    const fix = p.fix ?? '';
    const merge = /^把(.+?)改成 (- \[[^\]]*\])，再删去(.+?)（/u.exec(fix);
    const change = /^把(.+?)改成 (- \[[^\]]*\])$/u.exec(fix);
    const drop = /^删去(.+?)[（；。]/u.exec(fix);
    if (merge) {
      replace(linesNamed(merge[1]!, p.line!), merge[2]!);
      remove(linesNamed(merge[3]!, p.line!));
    } else if (change) replace(linesNamed(change[1]!, p.line!), change[2]!);
    else if (drop) remove(linesNamed(drop[1]!, p.line!));
    else throw new Error(`not an exact fix: ${fix}`);
  }
  writeFileSync(path, lines.filter((l) => l !== undefined).join('\n'));
}

/** Each mistake an editor makes in a group, alone in a file after a good first group. */
const MISTAKES: [string, string][] = [
  ['a Chinese comma between two words', '  - [社保，社会保险]'],
  ['a Chinese comma with a word written twice', '  - [公积金，公积金, 住房公积金]'],
  ['a group that repeats an earlier one', '  - [医保, 医疗保障]'],
  ['a group sharing a word with an earlier one', '  - [医保, 医疗保险]'],
  ['an empty group', '  - []'],
  ['a word of one character', '  - [税, 个税]'],
  ['a word of one character and one word left', '  - [税, 个人所得税, 税]'],
  ['one word alone', '  - [长护险]'],
  ['a line without brackets', '  - 低保，最低生活保障'],
  ['a line without brackets, with 、', '  - 低保、最低生活保障'],
  ['a colon in place of a comma', '  - 房贷: 住房贷款'],
  ['an empty word', '  - [地铁, "", 城市轨道交通]'],
  ['a group over two lines with a space inside a word', '  - - 残联 残疾人联合会\n    - 残疾人联合会'],
  ['a word too long', `  - [人社局, ${'人力资源和社会保障局'.repeat(3)}]`],
];

describe('a mistake in a synonym group', () => {
  it.each(MISTAKES)('%s: one Chinese message with file, line and field, what was written as written, and a fix that passes the check', (_, group) => {
    const root = projectWith(`groups:\n  - [医保, 医疗保障]\n${group}\n`);
    const { problems } = readSearchSynonyms(root);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p).toMatchObject({ severity: 'error', file: FILE, line: 3, field: 'groups[1]' });
    // What was written, quoted as written (a Chinese comma stays a Chinese comma).
    expect(p!.message).toContain(`这一组写的是 ${group.split('\n').map((l) => l.trim()).join(' ')}：`);
    expect(p!.message).toMatch(/\p{Script=Han}/u);
    expect(p!.message).not.toMatch(/只有 0 个词/u);
    makeFixes(root, problems);
    const after = readSearchSynonyms(root);
    expect(after.problems).toEqual([]);
    expect(after.groups).toContainEqual(expect.arrayContaining(['医保', '医疗保障']));
  });

  it('a Chinese comma is quoted as the editor wrote it, and the fix splits the words with an English comma', () => {
    const { problems } = readSearchSynonyms(projectWith('groups:\n  - [社保，社会保险]\n'));
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field} ${p.message} ${p.fix}`)).toEqual([
      'content/search-synonyms.yaml:2 groups[0] 这一组写的是 - [社保，社会保险]：“社保，社会保险”中间有中文逗号“，”，会被当作一个词。 把这一行改成 - [社保, 社会保险]',
    ]);
  });

  it('a group that repeats an earlier one is one message, not one per word', () => {
    const { problems } = readSearchSynonyms(projectWith('groups:\n  - [医保, 医疗保障]\n  - [医保, 医疗保障]\n'));
    expect(problems.map((p) => `${p.line} ${p.message} ${p.fix}`)).toEqual([
      '3 这一组写的是 - [医保, 医疗保障]：“医保”“医疗保障”已在第 2 行的一组里（一个词只能在一组）。 删去这一行（它的词都已在第 2 行的一组里）。',
    ]);
  });

  it('a group sharing a word with an earlier one is merged into it: nothing the editor wrote is lost', () => {
    const root = projectWith('groups:\n  - [医保, 医疗保障]\n  - [社保, 社会保险]\n  - [医保, 医疗保险]\n');
    const { problems } = readSearchSynonyms(root);
    expect(problems.map((p) => p.fix)).toEqual(['把第 2 行改成 - [医保, 医疗保障, 医疗保险]，再删去这一行（两组合并成一组）。']);
    makeFixes(root, problems);
    expect(readSearchSynonyms(root)).toEqual({ groups: [['医保', '医疗保障', '医疗保险'], ['社保', '社会保险']], problems: [] });
  });

  it('an empty group says it is empty', () => {
    const { problems } = readSearchSynonyms(projectWith('groups:\n  - []\n'));
    expect(problems.map((p) => `${p.message} ${p.fix}`)).toEqual(['这一组写的是 - []：这一组是空的。 删去这一行。']);
  });
});

describe('a file with many mistakes', () => {
  it('all the fixes, made together, pass the check and keep every good word', () => {
    const text = ['groups:', '  - [医保, 医疗保障]', ...MISTAKES.map(([, group]) => group), '  - [社保, 社保局]', 'other: 1', ''].join('\n');
    const root = projectWith(text);
    const { problems } = readSearchSynonyms(root);
    // One message per group with a mistake (all but the first and the last group), and one for the unknown field.
    expect(problems.filter((p) => p.field?.startsWith('groups['))).toHaveLength(MISTAKES.length + 1);
    makeFixes(
      root,
      problems.filter((p) => p.field !== 'other'),
    );
    const after = readSearchSynonyms(root);
    expect(after.problems.map((p) => p.field)).toEqual(['other']);
    const words = after.groups.flat();
    for (const word of ['医保', '医疗保障', '医疗保险', '社保', '社会保险', '公积金', '住房公积金', '低保', '最低生活保障', '房贷', '住房贷款', '地铁', '城市轨道交通', '残联', '残疾人联合会', '社保局']) {
      expect(words).toContain(word);
    }
  });
});
