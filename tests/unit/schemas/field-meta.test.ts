// Field labels and fixes live on the schema fields (zod `.meta({ title, fix })` in src/schemas/): every field has its
// Chinese label there, FIELD_LABELS and the check's fixes are read from it, and the form editor shows the same label.
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { CHECK_SCHEMAS, fieldMetaAt, schemaFields } from '../../../src/schemas/collections';
import { FIELD_LABELS, labelOf } from '../../../src/schemas/field-labels';
import { schemaIssuesToProblems } from '../../../src/check/schema-messages';
import { FORM_SCHEMAS, formFieldPaths, schemaToFormFields, type FormField } from '../../../src/cms/schema-fields';
import type { SourceFile } from '../../../src/content/files';

const KINDS = Object.keys(CHECK_SCHEMAS) as (keyof typeof CHECK_SCHEMAS)[];

/** Every field of every schema the check reads (the four collections and site.yaml), as kind:path. */
function everyField() {
  return KINDS.flatMap((kind) => schemaFields(CHECK_SCHEMAS[kind]).map((f) => ({ kind, name: `${kind}:${f.path.join('.')}`, ...f })));
}

/** The problems the check reports for `data` in a file of `kind`, as editors read them. */
function problemsOf(kind: keyof typeof CHECK_SCHEMAS, data: Record<string, unknown>) {
  const parsed = CHECK_SCHEMAS[kind].safeParse(data);
  if (parsed.success) throw new Error('the data was meant to fail its schema');
  const source = { file: `content/${kind}/x.yaml`, collection: kind, id: 'x', data, raw: '', body: '', lineOf: () => 1 } as unknown as SourceFile;
  return schemaIssuesToProblems(source, parsed.error.issues).map(({ field, label, message, fix }) => ({ field, label, message, fix }));
}

describe('field labels and fixes on the schema fields', () => {
  it('the field list reaches nested groups and the fields of list items, and reads meta on either side of optional', () => {
    const fields = schemaFields(
      z.strictObject({
        a: z.string().meta({ title: '甲' }),
        b: z.string().optional().meta({ title: '乙', fix: '写乙。' }),
        c: z.strictObject({ d: z.boolean().meta({ title: '丁' }).default(false) }).optional(),
        e: z.array(z.strictObject({ f: z.string() })).meta({ title: '戊' }),
      }),
    );

    expect(fields.map((f) => [f.path.join('.'), f.meta])).toEqual([
      ['a', { title: '甲' }],
      ['b', { title: '乙', fix: '写乙。' }],
      ['c', {}],
      ['c.d', { title: '丁' }],
      ['e', { title: '戊' }],
      ['e.f', {}],
    ]);
  });

  it('every field of every schema has a Chinese label', () => {
    const fields = everyField();
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['interpretations:history.note', 'site:filing.conac.logo', 'documents:importedFrom.source', 'organizations:contact.url']));

    expect(fields.filter((f) => !f.meta.title || !/\p{Script=Han}/u.test(f.meta.title)).map((f) => f.name)).toEqual([]);
  });

  it('a key has one label wherever it appears, because messages look labels up by the last key of a path', () => {
    const byKey = new Map<string, Set<string>>();
    for (const f of everyField()) byKey.set(f.key, (byKey.get(f.key) ?? new Set()).add(`${f.meta.title}`));

    expect([...byKey].filter(([, labels]) => labels.size > 1).map(([key, labels]) => `${key}: ${[...labels].join(' / ')}`)).toEqual([]);
  });

  it('FIELD_LABELS holds the label of every schema field and nothing else', () => {
    const fields = everyField();

    expect(Object.keys(FIELD_LABELS).sort()).toEqual([...new Set(fields.map((f) => f.key))].sort());
    for (const f of fields) expect(FIELD_LABELS[f.key], f.name).toBe(f.meta.title);
    expect(labelOf(['signOff', 'at'])).toBe('审签日期');
    expect(labelOf(['history', 0, 'note'])).toBe('说明');
  });

  it('the form editor shows the label written on each field', () => {
    const labels = (fields: readonly FormField[]): string[] =>
      fields.flatMap((f) => [`${f.path}=${f.label}`, ...(f.kind === 'group' ? labels(f.fields) : f.kind === 'list' && f.item.kind === 'group' ? labels(f.item.fields) : [])]);
    for (const kind of Object.keys(FORM_SCHEMAS) as (keyof typeof FORM_SCHEMAS)[]) {
      const form = schemaToFormFields(FORM_SCHEMAS[kind]);
      const expected = schemaFields(CHECK_SCHEMAS[kind]).map((f) => `${f.path.join('.')}=${f.meta.title}`);
      expect(formFieldPaths(form).length, kind).toBe(expected.length);
      expect(labels(form).sort(), kind).toEqual(expected.sort());
    }
  });

  it('a fix is read from the field at the path, list indexes looked through', () => {
    expect(fieldMetaAt(CHECK_SCHEMAS.interpretations, ['history', 2, 'date'])).toEqual({ title: '日期', fix: '写成 YYYY-MM-DD，例如 2019-02-15。' });
    expect(fieldMetaAt(CHECK_SCHEMAS.interpretations, ['documents', 0]).fix).toBe('写 content/documents/ 下原文件的文件名（不含 .md），例如 guofa-2019-5。');
    expect(fieldMetaAt(CHECK_SCHEMAS.site, ['filing', 'icp']).fix).toMatch(/^照工信部备案系统/);
    expect(fieldMetaAt(CHECK_SCHEMAS.documents, ['nosuchfield'])).toEqual({});
  });

  it('a field with a fix gets it in its message; a field of the same name elsewhere does not borrow it', () => {
    expect(problemsOf('organizations', { name: '国务院', code: 'abc' })).toMatchInlineSnapshot(`
      [
        {
          "field": "code",
          "fix": "写 9 位组织机构代码（如 000014349）或 18 位统一社会信用代码，字母大写。",
          "label": "机构代码",
          "message": ""abc" 格式不对。",
        },
      ]
    `);
    // externalDocuments[].issuer is an issuer's name, not the id of an organisation file as in a document's issuer.
    const external = problemsOf('interpretations', { title: '解读', form: '文字解读', publishedAt: '2019-02-15', externalDocuments: [{ title: '通知', issuer: '', url: 'https://www.gov.cn/' }] });
    expect(external).toMatchInlineSnapshot(`
      [
        {
          "field": "externalDocuments[0].issuer",
          "fix": "填写内容，或删去这一行。",
          "label": "发文机关",
          "message": "这个字段不能为空。",
        },
      ]
    `);
  });
});
