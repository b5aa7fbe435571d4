import { describe, expect, it } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'yaml';
import { FORMS } from '../../../src/schemas/interpretation';
import { FORM_SLUGS, interpretationId, targetFile } from '../../../src/new/ids';
import { NewEntryError } from '../../../src/new/kinds';
import { askChoice, lineAsk } from '../../../src/new/prompts';
import { documentText, interpretationText } from '../../../src/new/templates';

/** The frontmatter of a generated file, read back as the content loader reads it. */
function frontmatterOf(text: string): Record<string, unknown> {
  return parse(text.split('\n---\n')[0]!.replace(/^---\n/, '')) as Record<string, unknown>;
}

describe('src/new: the steps of npm run new', () => {
  it('gives every form its own file-name ending, so interpretations of one document in different forms never collide', () => {
    const ids = FORMS.map((f) => interpretationId('guofa-2019-5', f));
    expect(new Set(ids).size).toBe(FORMS.length);
    expect(Object.keys(FORM_SLUGS).sort()).toEqual([...FORMS].sort());
  });

  it('refuses a file name that is not a URL and suggests its slug', () => {
    const refused = (() => {
      try {
        targetFile('/nonexistent', 'interpretation', 'Guofa 2019');
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(NewEntryError);
    expect([(refused as NewEntryError).message, (refused as NewEntryError).fix]).toEqual(['文件名 “Guofa 2019” 不能用作网址：只能用小写英文字母、数字和连字符（-）。', '改为 --id guofa-2019。']);
  });

  it('writes titles that YAML would misread quoted, so they read back unchanged', () => {
    const title = '关于: “双随机” #1 的通知';
    const text = documentText({ title, docNumber: '国发〔2019〕5号', issuer: 'guowuyuan', publishedAt: '2019-02-15', requiresInterpretation: false });
    expect(frontmatterOf(text)).toMatchObject({ title, docNumber: '国发〔2019〕5号', issuer: 'guowuyuan', requiresInterpretation: false, draft: true });
  });

  it('an interpretation by a person in charge without a name gets a placeholder the check refuses to publish', () => {
    const document = { id: 'guofa-2019-5', title: '意见', issuer: 'guowuyuan' };
    const text = interpretationText({ title: 't', document, form: '负责人解读', publishedAt: '2026-11-27' });
    expect(frontmatterOf(text)).toMatchObject({ interpreter: '【待填写：解读人的姓名和职务】', office: 'guowuyuan', documents: ['guofa-2019-5'] });
    expect(frontmatterOf(interpretationText({ title: 't', document, form: '问答', publishedAt: '2026-11-27' }))).not.toHaveProperty('interpreter');
  });

  it('a numbered choice takes the number or the choice itself, and gives up after three wrong answers', async () => {
    const answers = ['9', '否'];
    expect(await askChoice(async () => answers.shift()!, '需要解读吗？', ['是', '否'] as const)).toBe('否');
    await expect(askChoice(async () => 'x', '发文机关：', ['a', 'b'])).rejects.toThrowError('没有选到发文机关。');
  });

  it('answers are read line by line from a pipe, and the end of input is an error the editor can read', async () => {
    const input = new PassThrough();
    const asked: string[] = [];
    const output = new Writable({ write: (chunk, _enc, done) => (asked.push(String(chunk)), done()) });
    const { ask, close } = lineAsk(input, output);
    input.end('guofa-2019-5\n');
    expect(await ask('原文件：')).toBe('guofa-2019-5');
    await expect(ask('解读形式：')).rejects.toThrowError('输入已结束，没有新建文件。');
    close();
    expect(asked).toEqual(['原文件：', '解读形式：']);
  });
});
