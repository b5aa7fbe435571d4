import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { figureToText, modelToHtml, textVersionId } from '../../../src/infographics/html';
import type { InfographicModel } from '../../../src/infographics/model';
import { parseInfographic } from '../../../src/infographics/parse';
import { allBlocksModel, source } from './fixtures';

describe('text version (文字版)', () => {
  it('renders the same model as semantic HTML: numbered h2 per section, ol for steps, a table for the comparison', () => {
    expect(modelToHtml(allBlocksModel())).toMatchInlineSnapshot(`
      "<div id="tujie-text-all-blocks" class="tujie-text">
      <p>抽查事项、抽查计划、抽查结果都要及时、准确、规范向社会公开。</p>
      <section class="tujie-section">
      <h2 id="tujie-text-all-blocks-1"><span class="tujie-number">1.</span> 主要目标</h2>
      <ul class="tujie-figures"><li><strong>2019年底</strong>：完成双随机抽查全流程整合</li><li><strong>100%</strong>：全覆盖</li></ul>
      <p>到2020年底，实现市场监管领域相关部门“双随机、一公开”监管全覆盖。</p>
      </section>
      <section class="tujie-section">
      <h2 id="tujie-text-all-blocks-2"><span class="tujie-number">2.</span> 抽查流程</h2>
      <div class="tujie-steps"><p class="tujie-steps-title"><strong>一次联合抽查</strong></p><ol><li>制定年度抽查工作计划。</li><li>随机抽取检查对象。</li><li>随机匹配执法检查人员。</li></ol></div>
      </section>
      <section class="tujie-section">
      <h2 id="tujie-text-all-blocks-3"><span class="tujie-number">3.</span> 前后对比</h2>
      <table class="tujie-compare"><caption>日常监管</caption><thead><tr><th scope="col">原来</th><th scope="col">现在</th></tr></thead><tbody><tr><td>巡查制和随意检查</td><td>双随机抽查</td></tr></tbody></table>
      <ul><li>重点检查事项抽查比例不设上限。</li><li>一般检查事项抽查比例设置上限。</li></ul>
      <div class="tujie-note" role="note"><p><strong>提示：</strong>实现“进一次门、查多项事”。</p></div>
      </section>
      </div>"
    `);
  });

  it('has the id the image points to with aria-describedby', () => {
    const html = modelToHtml(allBlocksModel());
    expect(textVersionId('all-blocks')).toBe('tujie-text-all-blocks');
    expect(html.startsWith('<div id="tujie-text-all-blocks"')).toBe(true);
  });

  it('writes a figure as text: value and unit, a colon, the label', () => {
    expect(figureToText({ value: '3', unit: '个工作日', label: '公开抽查结果' })).toBe('3个工作日：公开抽查结果');
    expect(modelToHtml(allBlocksModel())).toContain('<strong>2019年底</strong>：完成双随机抽查全流程整合');
  });

  it('escapes text, so a source cannot inject markup', () => {
    const { model } = parseInfographic(source('## 标题\n\n<Figure value="&lt;" label="a &amp; b" />\n\nx \\<script>'), 'content/infographics/x.mdx');
    const html = modelToHtml(model);
    expect(html).not.toContain('<script>');
  });

  it('keeps a value holding markup as text in every block: no element is made from it', () => {
    const hostile = `<b>"粗"</b> & '</div><script>alert(1)</script>`;
    // Every string of every block and section title replaced by the hostile value (kind and numbers kept).
    const replace = (v: unknown, key?: string): unknown =>
      typeof v === 'string' ? (key === 'kind' ? v : hostile) : Array.isArray(v) ? v.map((x) => replace(x)) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x, k)])) : v;
    const model = allBlocksModel();
    const evil: InfographicModel = { ...model, lead: replace(model.lead) as InfographicModel['lead'], sections: model.sections.map((s) => ({ ...s, title: hostile, blocks: replace(s.blocks) as InfographicModel['sections'][number]['blocks'] })) };
    const tags = (tree: Root) => {
      const names: string[] = [];
      visit(tree, 'element', (e: Element) => void names.push(e.tagName));
      return names;
    };
    const tree = fromHtml(modelToHtml(evil), { fragment: true });
    expect(tags(tree)).toEqual(tags(fromHtml(modelToHtml(model), { fragment: true })));
    expect(tags(tree)).not.toContain('script');
    const texts: string[] = [];
    visit(tree, 'text', (t) => void texts.push(t.value));
    expect(texts.filter((t) => t.includes(hostile)).length).toBeGreaterThanOrEqual(10);
  });

  it('is pure: the same model gives the same string', () => {
    expect(modelToHtml(allBlocksModel())).toBe(modelToHtml(allBlocksModel()));
  });
});
