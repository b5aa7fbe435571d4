// The form editor's configuration is generated from the schemas: every field is there, with the right widget,
// its Chinese label and Chinese help (the schema's fix, or how to use a picker).
import { describe, expect, it } from 'vitest';
import type { z } from 'astro/zod';
import { CHECK_SCHEMAS, fieldNamesAt } from '../../../src/schemas/collections';
import { COLLECTIONS, type CollectionName } from '../../../src/content/registry';
import { FORMS } from '../../../src/schemas/interpretation';
import { CATEGORIES, VALIDITIES } from '../../../src/schemas/document';
import { COMPONENTS } from '../../../src/infographics/components';
import { buildCmsConfig, type DecapCollection, type DecapField } from '../../../src/cms/decap-config';
import { readSchemaDocs } from '../../../src/cms/schema-docs';
import { chineseHelpOf, isChineseText } from '../../../src/cms/schema-fields';
import { FIXES, PUBLISHED_AT_HELP } from '../../../src/schemas/common';

const config = buildCmsConfig({ root: process.cwd(), backend: { name: 'local', proxyUrl: 'http://127.0.0.1:8081/api/v1' } });
const collection = (name: CollectionName): DecapCollection => config.collections.find((c) => c.name === name)!;

/** Every field path of a schema, as the check sees it (fieldNamesAt), nested objects and objects in lists included. */
function schemaPaths(schema: z.ZodType, path: (string | number)[] = [], prefix = ''): string[] {
  const out: string[] = [];
  for (const name of fieldNamesAt(schema, path) ?? []) {
    const p = `${prefix}${name}`;
    out.push(p);
    out.push(...schemaPaths(schema, [...path, name], `${p}.`), ...schemaPaths(schema, [...path, name, 0], `${p}.`));
  }
  return out;
}

/** Every field path of a form (list items of plain values have no name of their own). */
function formPaths(fields: readonly DecapField[], prefix = ''): string[] {
  return fields.flatMap((f) => [`${prefix}${f.name}`, ...formPaths((f.fields as DecapField[] | undefined) ?? [], `${prefix}${f.name}.`)]);
}

function missingFromForm(name: CollectionName, form: readonly DecapField[]): string[] {
  const have = new Set(formPaths(form));
  return schemaPaths(CHECK_SCHEMAS[name]).filter((p) => !have.has(p));
}

function field(name: CollectionName, path: string): DecapField {
  let fields = collection(name).fields;
  let found: DecapField | undefined;
  for (const key of path.split('.')) {
    found = fields.find((f) => f.name === key);
    if (!found) throw new Error(`no form field ${path} in ${name}`);
    fields = (found.fields as DecapField[] | undefined) ?? [];
  }
  return found!;
}

describe('form configuration generated from the schemas', () => {
  it.each(COLLECTIONS)('every field of the %s schema has a form field', (name) => {
    expect(schemaPaths(CHECK_SCHEMAS[name]).length).toBeGreaterThan(2);
    expect(missingFromForm(name, collection(name).fields)).toEqual([]);
  });

  it('a schema field left out of the form is reported by name', () => {
    const form = collection('interpretations').fields.filter((f) => f.name !== 'office');
    expect(missingFromForm('interpretations', form)).toEqual(['office']);
  });

  it('collections follow the registry: folder, extension, Chinese names, ids the check accepts', () => {
    const c = collection('interpretations');
    expect(c).toMatchObject({ folder: 'content/interpretations', extension: 'mdx', label_singular: '解读', format: 'jiedu-frontmatter' });
    expect(c.slug).toBe('jiedu-{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}');
    expect(collection('organizations')).toMatchObject({ folder: 'content/organizations', extension: 'yaml', format: 'jiedu-yaml' });
  });

  it('enumerations are selects with the schema options', () => {
    expect(field('interpretations', 'form')).toMatchObject({ widget: 'select', options: [...FORMS], required: true });
    expect(field('documents', 'validity')).toMatchObject({ widget: 'select', options: [...VALIDITIES], default: '有效' });
    expect(field('documents', 'category')).toMatchObject({ widget: 'select', options: [...CATEGORIES], required: false });
  });

  it('references are searchable pickers: a document by title or 文号, the office from the organisations', () => {
    expect(field('interpretations', 'documents')).toMatchObject({
      widget: 'relation',
      collection: 'documents',
      multiple: true,
      value_field: '{{slug}}',
      search_fields: expect.arrayContaining(['title', 'docNumber']),
    });
    expect(field('interpretations', 'office')).toMatchObject({ widget: 'relation', collection: 'organizations', multiple: false });
    expect(field('infographics', 'document')).toMatchObject({ widget: 'relation', collection: 'documents', multiple: false, required: true });
    expect(field('documents', 'coIssuers')).toMatchObject({ widget: 'relation', collection: 'organizations', multiple: true });
  });

  it('dates are date pickers that store YYYY-MM-DD', () => {
    for (const [name, path] of [['interpretations', 'publishedAt'], ['documents', 'writtenAt'], ['interpretations', 'signOff.at'], ['interpretations', 'history.date'], ['infographics', 'publishAt']] as const) {
      expect(field(name, path)).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD', time_format: false });
    }
  });

  it('change history is a list of entries and sign-off a group, neither demanded while left empty', () => {
    const history = field('interpretations', 'history');
    expect(history).toMatchObject({ widget: 'list', default: [], required: false });
    expect((history.fields as DecapField[]).map((f) => [f.name, f.widget, f.required])).toEqual([
      ['date', 'datetime', true],
      ['note', 'string', true],
      ['major', 'boolean', false],
    ]);
    const signOff = field('interpretations', 'signOff');
    expect(signOff).toMatchObject({ widget: 'object', required: false });
    expect((signOff.fields as DecapField[]).map((f) => [f.name, f.label, f.required])).toEqual([
      ['by', '审签人', false],
      ['at', '审签日期', false],
    ]);
    expect(field('interpretations', 'keywords')).toMatchObject({ widget: 'list', field: { widget: 'string' } });
  });

  it('every field has a Chinese label', () => {
    for (const c of config.collections) {
      for (const path of formPaths(c.fields)) expect(field(c.name, path).label, `${c.name} ${path}`).toMatch(/\p{Script=Han}/u);
    }
  });

  it('every hint under a form field is Chinese: the schema fix or the picker help, never an English doc comment', () => {
    const hints: [string, string][] = [];
    const walk = (name: string, fields: readonly DecapField[], prefix = '') => {
      for (const f of fields) {
        if (f.hint !== undefined) hints.push([`${name} ${prefix}${f.name}`, f.hint]);
        walk(name, (f.fields as DecapField[] | undefined) ?? [], `${prefix}${f.name}.`);
      }
    };
    for (const c of config.collections) walk(c.name, c.fields);
    expect(hints.length).toBeGreaterThan(10);
    const docs = new Set(COLLECTIONS.flatMap((c) => [...readSchemaDocs(process.cwd(), c).values()]));
    for (const [where, hint] of hints) {
      expect(hint, where).toMatch(/\p{Script=Han}/u);
      // English prose: opens with a Latin word, or two lower-case English words in a row (“who approved it”).
      expect(hint, where).not.toMatch(/^[A-Za-z]|\b[a-z]{2,} [a-z]{2,}\b/);
      if (!isChineseText(hint)) expect.fail(`${where}: ${hint}`);
      if (docs.has(hint)) expect(isChineseText(hint), `${where} shows a doc comment`).toBe(true);
    }
    // A draft may leave 发布日期 out, so Decap marks it 可选: the hint says publication needs it (a tester was refused on save).
    for (const collection of ['interpretations', 'infographics'] as const) {
      expect([field(collection, 'publishedAt').required, field(collection, 'publishedAt').hint], collection).toEqual([false, PUBLISHED_AT_HELP]);
    }
    expect([field('documents', 'publishedAt').required, field('documents', 'publishedAt').hint]).toEqual([true, FIXES.date]);
    expect(field('interpretations', 'form').hint).toBeUndefined();
  });

  it('a picker says how to find the entry, with the Chinese names of the fields it searches', () => {
    expect(field('interpretations', 'documents').hint).toBe('输入标题、文号或索引号中的几个字搜索，再从列表中选；列表里没有时，先在“原文件”里新建。');
    expect(field('interpretations', 'office').hint).toMatch(/^输入名称、简称或机构代码中的几个字搜索/);
  });

  it('English help in a schema is not shown; Chinese help is', () => {
    expect(isChineseText('Form (解读形式).')).toBe(false);
    expect(isChineseText('Title, e.g. 《…》政策解读.')).toBe(false);
    expect(isChineseText('写成 YYYY-MM-DD，例如 2019-02-15。')).toBe(true);
    expect(isChineseText('写 content/documents/ 下原文件的文件名（不含 .md），例如 guofa-2019-5。')).toBe(true);
    expect(chineseHelpOf({ fix: '写成 YYYY-MM-DD。' }, 'Date published (发布日期), YYYY-MM-DD.')).toBe('写成 YYYY-MM-DD。');
    expect(chineseHelpOf({}, 'Date published (发布日期), YYYY-MM-DD.')).toBeUndefined();
    expect(chineseHelpOf({}, '网站简称，窄屏（手机）页头使用。')).toBe('网站简称，窄屏（手机）页头使用。');
  });

  it('infographic bodies offer the four components, documents and interpretations plain Markdown only', () => {
    expect(field('infographics', 'body')).toMatchObject({ widget: 'markdown', editor_components: Object.keys(COMPONENTS).map((c) => c.toLowerCase()) });
    expect(field('interpretations', 'body')).toMatchObject({ widget: 'markdown', modes: ['raw'], editor_components: [] });
    expect(config.jieduEditorComponents.map((c) => c.tag)).toEqual(Object.keys(COMPONENTS));
  });

  it('the editorial workflow is on with GitLab only, and the local folder uses the proxy', () => {
    expect(config.publish_mode).toBeUndefined();
    expect(config.backend).toMatchObject({ name: 'proxy', proxy_url: 'http://127.0.0.1:8081/api/v1' });
    const gitlab = buildCmsConfig({ root: process.cwd(), backend: { name: 'gitlab', repo: 'zwgk/site', baseUrl: 'https://git.example.gov.cn' } });
    expect(gitlab).toMatchObject({ publish_mode: 'editorial_workflow', backend: { name: 'gitlab', api_root: 'https://git.example.gov.cn/api/v4' } });
    const gitea = buildCmsConfig({ root: process.cwd(), backend: { name: 'gitea', repo: 'zwgk/site', baseUrl: 'https://git.example.gov.cn' } });
    expect(gitea.publish_mode).toBeUndefined();
    expect(config.locale).toBe('zh_Hans');
  });
});
