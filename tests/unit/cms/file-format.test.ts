// The form reads and writes content files with the project's YAML writer: what it saves is what an editor types.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frontmatterFromFile, frontmatterToFile, yamlFromFile, yamlToFile } from '../../../src/cms/admin/file-format';
import { emptyPaths, pruneEmpty } from '../../../src/cms/admin/entry-data';
import { FORM_SCHEMAS, schemaToFormFields } from '../../../src/cms/schema-fields';
import { commentLossProblem } from '../../../src/cms/check-entry';
import { COLLECTIONS, REGISTRY, isArticleCollection } from '../../../src/content/registry';

describe('content files through the form', () => {
  it('every sample file without YAML comments is written back byte for byte when nothing is changed', () => {
    let files = 0;
    for (const c of COLLECTIONS) {
      const order = schemaToFormFields(FORM_SCHEMAS[c]).map((f) => f.key);
      for (const name of readdirSync(`content/${REGISTRY[c].dir}`)) {
        const file = `content/${REGISTRY[c].dir}/${name}`;
        const text = readFileSync(file, 'utf8');
        if (commentLossProblem(file, text, isArticleCollection(c))) continue;
        const out = isArticleCollection(c) ? frontmatterToFile(frontmatterFromFile(text), order) : yamlToFile(yamlFromFile(text), order);
        expect(out, file).toBe(text);
        files++;
      }
    }
    expect(files).toBeGreaterThan(50);
  });

  it('a new entry gets the frontmatter in the form order, a blank line and the body with a final newline', () => {
    expect(frontmatterToFile({ form: '问答', title: '标题', body: '## 一、背景\n\n正文。' }, ['title', 'form'])).toBe(
      '---\ntitle: 标题\nform: 问答\n---\n\n## 一、背景\n\n正文。\n',
    );
    expect(frontmatterToFile({ signOff: { at: '2019-02-15', by: '张三' } }, ['signOff', 'signOff.by', 'signOff.at'])).toBe(
      '---\nsignOff:\n  by: 张三\n  at: 2019-02-15\n---\n',
    );
  });

  it('fields left empty in the form are not written', () => {
    const values = { title: '标题', summary: '', keywords: ['', '关键词'], signOff: { by: '', at: '' }, history: [], draft: false };
    expect(pruneEmpty(values)).toEqual({ title: '标题', keywords: ['关键词'], draft: false });
    expect(emptyPaths(values)).toEqual([['summary'], ['keywords', 0], ['signOff'], ['history']]);
  });

  it('a file whose frontmatter has comments is refused with the line, before a save would drop them', () => {
    const text = '---\n# 示例内容，不是官方解读。\ntitle: 标题\n---\n\n正文\n';
    expect(commentLossProblem('content/interpretations/x.mdx', text, true)).toMatchInlineSnapshot(`
      {
        "file": "content/interpretations/x.mdx",
        "fix": "请用文本编辑器修改这个文件；或先在文本编辑器里删掉注释（需要保留的说明写进 summary 等字段或正文），再用表单编辑。",
        "line": 2,
        "message": "这个文件的字段部分有注释（第 2 行“# 示例内容，不是官方解读。”），用表单保存会把注释删掉。",
        "severity": "error",
      }
    `);
    expect(commentLossProblem('content/interpretations/x.mdx', '---\ntitle: "# 不是注释"\n---\n', true)).toBeUndefined();
  });
});
