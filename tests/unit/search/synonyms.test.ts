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
        "content/search-synonyms.yaml:3 groups[1] 这一组写的是 - 社保, 社会保险：没有方括号，“社保, 社会保险”会被当作一段文字。 把这一行改成 - [社保, 社会保险]",
        "content/search-synonyms.yaml:4 groups[2] 这一组写的是 - [税, 个人所得税]：“税”只有 1 个字（每个词应有 2 到 20 个字，一个字会找到太多页面）。 删去这一行；也可以给“个人所得税”再写一个意思相同的词，如 - [个人所得税, 另一个词]。",
        "content/search-synonyms.yaml:5 groups[3] 这一组写的是 - [医保, 医疗保险]：“医保”已在第 2 行的一组里（一个词只能在一组）。 把第 2 行改成 - [医保, 医疗保障, 医疗保险]，再删去这一行（两组合并成一组）。",
        "content/search-synonyms.yaml:6 groups[4] 这一组写的是 - [长护险]：这一组只有一个词“长护险”，没有可以互相代替的词。 删去这一行；也可以给“长护险”再写一个意思相同的词，如 - [长护险, 另一个词]。",
      ]
    `);
  });

  it('npm run check reports them with the content', () => {
    const root = projectWith('groups:\n  - [医保]\n');
    const problems = checkContent(root).problems.filter((p) => p.file === 'content/search-synonyms.yaml');
    expect(problems.map((p) => p.line)).toEqual([2]);
  });
});
