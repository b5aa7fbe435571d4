import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synonymGroupsFromJson, synonymsOf } from '../../../src/search/synonyms';
import { readSearchSynonyms } from '../../../src/search/search-synonyms-file';
import { checkContent } from '../../../src/check/validate';

const GROUPS = [
  ['医保', '医疗保障'],
  ['社保', '社会保险'],
  ['放管服', '简政放权', '放管结合', '优化服务'],
];

describe('synonyms applied to a query', () => {
  it('a word gives the other words of its group, both ways', () => {
    expect(synonymsOf('医保', GROUPS)).toEqual(['医疗保障']);
    expect(synonymsOf('社会保险', GROUPS)).toEqual(['社保']);
    expect(synonymsOf('放管服', GROUPS)).toEqual(['简政放权', '放管结合', '优化服务']);
  });

  it('a word inside a longer term is replaced in it (医保局 → 医疗保障局)', () => {
    expect(synonymsOf('医保局', GROUPS)).toEqual(['医疗保障局']);
  });

  it('a term no group has gives nothing', () => {
    expect(synonymsOf('双随机', GROUPS)).toEqual([]);
  });

  it('reads the groups the page carries, and nothing from anything else', () => {
    expect(synonymGroupsFromJson(JSON.stringify(GROUPS))).toEqual(GROUPS);
    expect(synonymGroupsFromJson('not json')).toEqual([]);
    expect(synonymGroupsFromJson(undefined)).toEqual([]);
  });
});

/** A project folder with only content/search-synonyms.yaml (text as given). */
function projectWith(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-synonyms-'));
  mkdirSync(join(root, 'content'));
  writeFileSync(join(root, 'content', 'search-synonyms.yaml'), text);
  return root;
}

describe('content/search-synonyms.yaml in the check', () => {
  it('the sample site’s file has no problems and gives its groups', () => {
    const { groups, problems } = readSearchSynonyms(process.cwd());
    expect(problems).toEqual([]);
    expect(groups).toContainEqual(['医保', '医疗保障', '医疗保险']);
    expect(groups).toContainEqual(['社保', '社会保险']);
  });

  it('no file is no problem: no synonyms', () => {
    expect(readSearchSynonyms(mkdtempSync(join(tmpdir(), 'jiedu-synonyms-')))).toEqual({ groups: [], problems: [] });
  });

  it('each mistake is reported with its line and the fix, and only good groups are used', () => {
    const root = projectWith(['groups:', '  - [医保, 医疗保障]', '  - 社保, 社会保险', '  - [税, 个人所得税]', '  - [医保, 医疗保险]', '  - [长护险]', 'other: 1', ''].join('\n'));
    const { groups, problems } = readSearchSynonyms(root);
    expect(groups).toEqual([['医保', '医疗保障']]);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field} ${p.message} ${p.fix}`)).toMatchInlineSnapshot(`
      [
        "content/search-synonyms.yaml:7 other 不认识的字段 other：这个文件只有 groups（同义词组）一个字段。 删去 other 这一行和它下面缩进的几行；同义词写在 groups 下面。",
        "content/search-synonyms.yaml:3 groups[1] 这一组写成了一段文字 “社保, 社会保险”，搜索不知道哪几个是词。 写成列表，用方括号和英文逗号：- [社保, 社会保险]",
        "content/search-synonyms.yaml:4 groups[2][0] “税” 有 1 个字；同义词应有 2 到 20 个字（一个字会找到太多页面）。 删去 “税”，或写成它所在的词（如 税 写成 个税）。",
        "content/search-synonyms.yaml:5 groups[3][0] “医保” 已在第 2 行的另一组里；一个词只能在一组。 把这两组合并成一组，或删去这里的 “医保”。",
        "content/search-synonyms.yaml:6 groups[4] 这一组只有 1 个词，没有可以互相代替的词。 至少写两个词，如 - [医保, 医疗保障]；或删去这一行。",
      ]
    `);
  });

  it('npm run check reports them with the content', () => {
    const root = projectWith('groups:\n  - [医保]\n');
    const problems = checkContent(root).problems.filter((p) => p.file === 'content/search-synonyms.yaml');
    expect(problems.map((p) => p.line)).toEqual([2]);
  });
});
