import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { runNew } from '../../../scripts/new';
import { findDocument } from '../../../src/new/documents';
import type { Ask } from '../../../src/new/prompts';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';
import { todayInChina } from '../../../src/check/publication';
import { parseInfographic } from '../../../src/infographics/parse';
import { FORMS } from '../../../src/schemas/interpretation';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');
const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-new-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Runs `new` quietly, collecting what it prints. */
async function run(argv: string[], root: string, ask?: Ask) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runNew(argv, { root, today: '2026-11-27', ask, log: (l) => out.push(l), error: (l) => err.push(l) });
  return { ...result, out: out.join('\n'), err: err.join('\n') };
}

/** Scripted answers for the interactive questions, recording each question asked. */
function scripted(answers: string[]): { ask: Ask; questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    ask: async (q) => {
      questions.push(q);
      if (answers.length === 0) throw new Error(`no answer left for: ${q}`);
      return answers.shift()!;
    },
  };
}

describe('npm run new', () => {
  it('creates an interpretation of a document chosen by its 文号 in any bracket style, dated today, as a draft', async () => {
    const root = project();
    const r = await run(['jiedu', '--document', '国发[2019]5号', '--form', '问答'], root);
    expect(r.code).toBe(0);
    expect(r.out).toContain('已新建 content/interpretations/guofa-2019-5-wenda.mdx（解读，草稿）');
    const text = readFileSync(join(root, 'content/interpretations/guofa-2019-5-wenda.mdx'), 'utf8');
    expect(text.split('\n---\n')[0]).toMatchInlineSnapshot(`
      "---
      title: 《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》问答
      documents:
        - guofa-2019-5
      form: 问答
      office: guowuyuan
      publishedAt: 2026-11-27
      summary: 【待填写：一两句话概括，显示在列表和搜索结果中。】
      # 草稿：不会发布。把所有“【待填写：…】”改写成正式内容、审签后，删去下面一行即可发布。
      draft: true"
    `);
    expect(text).toContain('## 问：这份文件出台的背景是什么？');
  });

  it('finds a document by id, by 文号 with any brackets, and not by a near miss', () => {
    const docs = [{ id: 'guofa-2019-5', title: 't', docNumber: '国发〔2019〕5号' }];
    expect(findDocument('guofa-2019-5', docs)?.id).toBe('guofa-2019-5');
    for (const q of ['国发〔2019〕5号', '国发[2019]5号', '国发【2019】5号', '国发(2019)5号', '国发﹝2019﹞5号', '国发 2019 5号']) {
      expect(findDocument(q, docs)?.id, q).toBe('guofa-2019-5');
    }
    expect(findDocument('国发〔2019〕55号', docs)).toBeUndefined();
  });

  it('refuses to overwrite an existing file, says so in Chinese and exits 1', async () => {
    const root = project();
    await run(['tujie', '--document', 'guofa-2019-5'], root);
    const path = join(root, 'content/infographics/guofa-2019-5-tujie.mdx');
    const before = readFileSync(path, 'utf8');
    const again = await run(['tujie', '--document', 'guofa-2019-5', '--title', '另一个标题'], root);
    expect(again.code).toBe(1);
    expect(again.err).toMatchInlineSnapshot(`
      "content/infographics/guofa-2019-5-tujie.mdx 已经存在，没有改动它。
      要新建另一篇，用 --id 指定别的文件名，例如 --id guofa-2019-5-tujie-2；要修改已有的，直接打开这个文件。"
    `);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses an id that is a list page URL and suggests one that is not', async () => {
    const root = project();
    const r = await run(['jiedu', '--document', 'guofa-2019-5', '--form', '问答', '--id', '2'], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`
      "文件名 “2” 会占用网址 /jiedu/2/，而这个网址是解读列表的第 2 页。
      改为 --id jiedu-2。"
    `);
    expect(existsSync(join(root, 'content/interpretations/2.mdx'))).toBe(false);
  });

  it('the command line exits 1 without touching an existing file', () => {
    const root = project();
    const path = join(root, 'content/documents/guofa-2019-5.md');
    const before = readFileSync(path, 'utf8');
    const r = spawnSync('npx', ['tsx', 'scripts/new.ts', 'wenjian', '--title', '重复', '--issuer', 'guowuyuan', '--id', 'guofa-2019-5', '--root', root], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('content/documents/guofa-2019-5.md 已经存在，没有改动它。');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('every kind and every form it generates passes the check with no error and no warning of its own', async () => {
    const root = project();
    for (const form of FORMS) expect((await run(['jiedu', '--document', 'guofa-2019-5', '--form', form], root)).code).toBe(0);
    expect((await run(['tujie', '--document', 'guobanfa-2019-6', '--publish-at', '2026-12-01'], root)).code).toBe(0);
    expect((await run(['wenjian', '--title', '广州市测试办法', '--doc-number', '穗府办规(2026)3号', '--issuer', '国务院办公厅'], root)).code).toBe(0);
    const { problems } = checkContent(root);
    const created = problems.filter((p) => !p.file.startsWith('content/documents/guofa-2019-5') && !p.file.startsWith('content/documents/guobanfa-2019-6'));
    expect(created.map(formatProblem)).toEqual([]);
    expect(existsSync(join(root, 'content/documents/suifubangui-2026-3.md'))).toBe(true);
    expect(readFileSync(join(root, 'content/documents/suifubangui-2026-3.md'), 'utf8')).toContain('docNumber: 穗府办规〔2026〕3号');
  });

  it('a scheduled entry shows the day it goes on the site as its publication date', async () => {
    const root = project();
    await run(['tujie', '--document', 'guobanfa-2019-6', '--publish-at', '2026-12-01'], root);
    const text = readFileSync(join(root, 'content/infographics/guobanfa-2019-6-tujie.mdx'), 'utf8');
    expect(text).toMatch(/^publishedAt: 2026-12-01$/m);
    expect(text).toMatch(/^publishAt: 2026-12-01$/m);
  });

  it('the infographic template is written in the infographic vocabulary and parses without problems', async () => {
    const root = project();
    await run(['tujie', '--document', 'guofa-2019-5'], root);
    const file = 'content/infographics/guofa-2019-5-tujie.mdx';
    const { problems, model } = parseInfographic(readFileSync(join(root, file), 'utf8'), file);
    expect(problems).toEqual([]);
    expect(model?.sections.length).toBe(3);
  });

  it('the template text cannot be published: removing draft without filling it in is an error', async () => {
    const root = project();
    await run(['jiedu', '--document', 'guofa-2019-5', '--form', '文字解读'], root);
    const path = join(root, 'content/interpretations/guofa-2019-5-wenzi.mdx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('draft: true\n', ''));
    const mine = checkContent(root).problems.filter((p) => p.file === 'content/interpretations/guofa-2019-5-wenzi.mdx' && p.severity === 'error');
    expect(mine.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/guofa-2019-5-wenzi.mdx:8  [错误]
        还有模板占位文字“【待填写：一两句话概括，显示在列表和搜索结果中。】”，不能发布。
        把所有“【待填写：…】”改写成正式内容；尚未写完的，在元数据区加一行 draft: true。"
    `);
  });

  it('asks in Chinese with numbered choices for what the arguments leave out', async () => {
    const root = project();
    // Kind 1 = 解读; the document by id; form 3 = 问答; title: accept the suggestion.
    const { ask, questions } = scripted(['1', 'guobanfa-2019-6', '3', '']);
    const r = await run([], root, ask);
    expect(r.code).toBe(0);
    expect(questions[0]).toMatchInlineSnapshot(`
      "要新建什么？
        1. 解读（jiedu）
        2. 图解（tujie）
        3. 原文件（wenjian）
      请输入编号："
    `);
    expect(questions[2]).toContain('  3. 问答');
    expect(questions[3]).toContain('（直接回车使用：《国务院办公厅关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的指导意见》问答）');
    expect(existsSync(join(root, 'content/interpretations/guobanfa-2019-6-wenda.mdx'))).toBe(true);
  });

  it('offers the latest documents when asked for a document and the answer is empty, and retries an unknown one', async () => {
    const root = project();
    const { ask, questions } = scripted(['guofa-2019-55', '', '', '1', '2']);
    const r = await run(['tujie'], root, ask);
    expect(r.code).toBe(0);
    expect(questions[1]).toContain('找不到原文件 “guofa-2019-55”。最接近的是：guofa-2019-5（国发〔2019〕5号）');
    expect(questions[3]).toContain('1. 国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见（国发〔2019〕5号）  [guofa-2019-5]');
    expect(existsSync(join(root, 'content/infographics/guofa-2019-5-tujie.mdx'))).toBe(true);
  });

  it('without a terminal, a missing argument is an error that names the option', async () => {
    const root = project();
    const r = await run(['jiedu', '--document', 'guofa-2019-5'], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`
      "缺少解读形式（--form）。
      加上 --form <形式>，可用：文字解读、图解、问答、专家解读、负责人解读、媒体解读、音频、视频、H5。"
    `);
  });

  it('an unknown document, form or option is reported with the nearest choice', async () => {
    const root = project();
    expect((await run(['jiedu', '--document', 'guofa-2019-55', '--form', '问答'], root)).err).toMatchInlineSnapshot(`
      "找不到原文件 “guofa-2019-55”。最接近的是：guofa-2019-5（国发〔2019〕5号）、guobanfa-2019-6（国办发〔2019〕6号）。
      写 content/documents/ 下的文件名（不含 .md）或文号；原文件还没有的，先运行 npm run new -- wenjian 新建。"
    `);
    expect((await run(['jiedu', '--document', 'guofa-2019-5', '--form', '文字'], root)).err).toMatchInlineSnapshot(`
      "“文字” 不是解读形式。可用的形式：文字解读、图解、问答、专家解读、负责人解读、媒体解读、音频、视频、H5。
      改为 --form 文字解读？"
    `);
    expect((await run(['jiedu', '--documnet', 'guofa-2019-5'], root)).err.split('\n')[0]).toBe('不认识的选项 --documnet。是不是要写 --document？');
  });

  it('today is the date in China (UTC+8), not the server clock', () => {
    expect(todayInChina(new Date('2026-11-26T16:30:00Z'))).toBe('2026-11-27');
    expect(todayInChina(new Date('2026-11-26T15:59:00Z'))).toBe('2026-11-26');
  });
});
