// The form's values are checked with the project's own check before they are saved.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFormEntry, formDataToFileText } from '../../../src/cms/check-entry';

describe('checking an entry from the form', () => {
  it('an interpretation of a document that does not exist gets the check\'s Chinese problem with the nearest id', () => {
    const before = readdirSync('content/interpretations');
    const answer = checkFormEntry(process.cwd(), 'interpretations', undefined, {
      title: '测试解读',
      documents: ['guofa-2019-5x'],
      form: '文字解读',
      publishedAt: '2019-02-15',
      summary: '',
    });
    expect(answer.file).toBe('content/interpretations/jiedu-xinjian.mdx（新建，保存时文件名由编辑器生成）');
    expect(answer.problems).toEqual([
      {
        severity: 'error',
        text: expect.stringContaining('content/interpretations/jiedu-xinjian.mdx:4  documents[0] (原文件)  [错误]\n  找不到原文件 "guofa-2019-5x"。最接近的是 "guofa-2019-5"'),
      },
    ]);
    expect(readdirSync('content/interpretations')).toEqual(before);
  });

  it('a complete interpretation passes with no error', () => {
    const answer = checkFormEntry(process.cwd(), 'interpretations', undefined, {
      title: '测试解读',
      documents: ['guofa-2019-5'],
      form: '问答',
      publishedAt: '2019-02-15',
      body: '## 一、背景\n\n正文。',
    });
    expect(answer.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('saving an existing file with YAML comments is refused before the comments are lost', () => {
    const answer = checkFormEntry(process.cwd(), 'interpretations', 'guofa-2019-5-shili-wenzi', {
      title: '《关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》文字解读（示例）',
      documents: ['guofa-2019-5'],
      form: '文字解读',
      publishedAt: '2019-02-15',
    });
    expect(answer.problems[0]).toMatchObject({ severity: 'error', text: expect.stringContaining('content/interpretations/guofa-2019-5-shili-wenzi.mdx:2') });
    expect(answer.problems[0]!.text).toContain('用表单保存会把注释删掉');
  });

  it('the checked text is the file the form writes', () => {
    expect(formDataToFileText('interpretations', { form: '问答', title: 'T', documents: ['guofa-2019-5'], summary: '' })).toBe(
      '---\ntitle: T\ndocuments:\n  - guofa-2019-5\nform: 问答\n---\n',
    );
  });
});
