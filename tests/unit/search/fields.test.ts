import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import {
  docNumberFilter,
  documentSearchFields,
  filterChoices,
  infographicSearchFields,
  interpretationSearchFields,
  searchFieldsHtml,
  FIELDS_END_ID,
  type DocumentFacts,
} from '../../../src/search/fields';

const doc: DocumentFacts = {
  title: '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见',
  docNumber: '国发[2019]5号',
  indexNumber: '000014349/2019-00007',
  issuers: ['国务院'],
  publishedAt: '2019-02-15',
  topic: '市场监管、安全生产监管\\工商',
};

describe('search fields', () => {
  it('a 文号 becomes a filter by year whatever its brackets', () => {
    for (const n of ['国发〔2019〕5号', '国发[2019]5号', '国发﹝2019﹞5号', '国发 2019 5号']) expect(docNumberFilter(n)).toEqual({ key: 'wh2019', value: '国发-5' });
    expect(docNumberFilter('国令第707号')).toEqual({ key: 'wh0', value: '国令-707' });
    expect(docNumberFilter('不是文号')).toBeUndefined();
    expect(docNumberFilter(undefined)).toBeUndefined();
  });

  it('a document shows its 文号 with standard brackets and is filtered by type, issuer, topic and year', () => {
    const f = documentSearchFields(doc);
    expect(f.meta).toEqual({ title: doc.title, type: '原文件', wenhao: '国发〔2019〕5号', issuer: '国务院', date: '2019-02-15' });
    expect(f.filters).toEqual({ type: ['原文件'], issuer: ['国务院'], topic: ['市场监管、安全生产监管'], year: ['2019'], wh2019: ['国发-5'] });
    expect(f.sort).toEqual({ date: '2019-02-15' });
    expect(f.text.map((t) => t.text)).toEqual([doc.title, '国发〔2019〕5号', '国务院', '000014349/2019-00007 市场监管、安全生产监管 工商']);
  });

  it('a repealed document says so in its results', () => {
    expect(documentSearchFields({ ...doc, validity: '已废止' }).meta.validity).toBe('已废止');
    expect(documentSearchFields({ ...doc, validity: '有效' }).meta.validity).toBeUndefined();
  });

  it('an interpretation is filtered by its office, or by the issuers of its document when it has none', () => {
    const withOffice = interpretationSearchFields({ title: '解读', form: '问答', office: '市人力资源社会保障局', publishedAt: '2025-09-04', documents: [doc] });
    expect(withOffice.filters.issuer).toEqual(['市人力资源社会保障局']);
    expect(withOffice.filters.form).toEqual(['问答']);
    expect(withOffice.filters.wh2019).toEqual(['国发-5']);
    expect(withOffice.meta.of).toBe('国发〔2019〕5号');
    const without = interpretationSearchFields({ title: '解读', form: '音频', documents: [doc] });
    expect(without.filters.issuer).toEqual(['国务院']);
    expect(without.sort).toEqual({});
  });

  it('an infographic is of type and form 图解', () => {
    const f = infographicSearchFields({ title: '一图读懂', publishedAt: '2019-02-15', document: doc });
    expect(f.filters.type).toEqual(['图解']);
    expect(f.filters.form).toEqual(['图解']);
    expect(f.meta.of).toBe('国发〔2019〕5号');
  });

  it('the hidden block keeps fields in separate paragraphs, escapes text and ends with the marker', () => {
    const html = searchFieldsHtml(documentSearchFields({ ...doc, title: '<b>标题</b> & "引号"' }));
    // hast-util-to-html escapes only what must be: < and & in text (the old hand-written escaper also wrote &gt; and &quot;).
    expect(html.startsWith('<p data-pagefind-weight="7">&lt;b>标题&lt;/b> &amp; "引号"</p><p data-pagefind-weight="6">国发〔2019〕5号</p>')).toBe(true);
    expect(html).toContain('<div data-pagefind-ignore><span data-pagefind-meta="title">');
    expect(html).toContain('<span data-pagefind-filter="wh2019">国发-5</span>');
    expect(html).toContain('<span data-pagefind-sort="date">2019-02-15</span>');
    expect(html.endsWith(`<span id="${FIELDS_END_ID}"></span>`)).toBe(true);
  });

  it('a content value holding markup stays text in every field: no element is made from it', () => {
    const hostile = '<b>"粗"</b> & </div><script>alert(1)</script>';
    const fieldsOf = (value: string) =>
      searchFieldsHtml(
        documentSearchFields({ ...doc, title: value, issuers: [value], publishedAt: '2019-02-15', topic: value, indexNumber: value, validity: value }),
      );
    const tags = (tree: Root) => {
      const names: string[] = [];
      visit(tree, 'element', (e: Element) => void names.push(e.tagName));
      return names;
    };
    const tree = fromHtml(fieldsOf(hostile), { fragment: true });
    expect(tags(tree)).toEqual(tags(fromHtml(fieldsOf('标题'), { fragment: true })));
    expect(tags(tree)).not.toContain('script');
    const texts: string[] = [];
    visit(tree, 'text', (t) => void texts.push(t.value));
    // Title, issuer, topic, 索引号, the meta title, issuer and validity, the issuer and topic filters.
    expect(texts.filter((t) => t.includes(hostile)).length).toBeGreaterThanOrEqual(8);
  });

  it('filter choices list every value once: types in reading order, years newest first', () => {
    const choices = filterChoices([
      documentSearchFields(doc),
      documentSearchFields({ ...doc, publishedAt: '2021-01-01', issuers: ['广州市民政局'] }),
      infographicSearchFields({ title: '图', publishedAt: '2020-01-01', document: doc }),
    ]);
    expect(choices.type).toEqual(['原文件', '图解']);
    expect(choices.year).toEqual(['2021', '2020', '2019']);
    expect(choices.issuer).toEqual(['广州市民政局', '国务院']);
    expect(choices.form).toEqual(['图解']);
  });
});
