import { z } from 'astro/zod';
import type { CollectionName } from '../content/registry';
import { isSafeUrl } from '../markdown/sanitize-schema';

// The collections and their facts live in the registry; schemas name them from there.
export { COLLECTIONS, type CollectionName } from '../content/registry';

/**
 * Builds the schema of a link to another entry. Astro passes its `reference()`;
 * the checker passes a plain id schema and resolves links itself, so both share one schema.
 */
export type RefFactory<R extends z.ZodType = z.ZodType> = (collection: CollectionName) => R;

/** An entry id: the file name without extension, lower-case letters, digits and hyphens. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The checker's link schema: an id string whose target is resolved in a later pass. */
export const idRef = (_collection: CollectionName) => z.string().regex(ID_PATTERN);

/** A calendar date written YYYY-MM-DD. YAML parsers may hand over a Date; both become the string. */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, { params: { kind: 'calendar-date' } }),
);

/**
 * An absolute http(s) URL with nothing a browser would silently drop (whitespace, control characters), so
 * what the page links to is what the editor sees. Refused with the `http-url` message (src/check/schema-messages.ts).
 */
export const httpUrl = z.string().refine((s) => /^https?:\/\//i.test(s) && isSafeUrl(s), { params: { kind: 'http-url' } });

/**
 * An address written in a frontmatter field and put into a link (attachments, contact): http(s), mailto or
 * site-relative (/…), the rule the body sanitiser applies to links (isSafeUrl in src/markdown/sanitize-schema.ts).
 * A `javascript:` address, or one hiding it with a tab or newline (`java\tscript:`), is refused with the
 * `safe-url` message.
 */
export const linkUrl = z.string().min(1).refine(isSafeUrl, { params: { kind: 'safe-url' } });

/**
 * The form's help under 发布日期 of interpretations and infographics: the schema lets a draft leave it out, so Decap
 * marks the field as optional (可选), but the check requires it before publication (src/check/publication.ts).
 */
export const PUBLISHED_AT_HELP = '草稿可以先不填；发布前必须填写。写成 YYYY-MM-DD，例如 2019-02-15。';

/**
 * Fixes (the `fix` of a field's `.meta()`) that several fields share, in the check's words: src/check/schema-messages.ts
 * prints a field's fix under its format and type errors.
 */
export const FIXES = {
  /** A date field written YYYY-MM-DD. */
  date: '写成 YYYY-MM-DD，例如 2019-02-15。',
  /** A link to an organisation file. */
  organizationId: '写 content/organizations/ 下机构文件的文件名（不含 .yaml），例如 guowuyuan。',
  /** A link to an original document. */
  documentId: '写 content/documents/ 下原文件的文件名（不含 .md），例如 guofa-2019-5。',
  /** The address of the original publication. */
  sourceUrl: '写完整地址，以 http:// 或 https:// 开头。',
  /** An ICP filing number (site.yaml: filing.icp, and the old contact.icp). */
  icp: '照工信部备案系统（https://beian.miit.gov.cn/）里本网站的备案号填写：省份简称 + ICP备 + 数字 + 号，例如 京ICP备05070218号-1。',
} as const;

// Fields every article collection (documents, interpretations, infographics) has, declared once with their label.

/** true keeps the entry off the site (it is still checked). */
export const draftField = z.boolean().default(false).meta({ title: '草稿' });

/** Scheduled publication date, YYYY-MM-DD: the entry stays off the site until the build on or after this date. */
export const publishAtField = isoDate
  .optional()
  .meta({ title: '定时发布日期', fix: '写成 YYYY-MM-DD，例如 2026-12-01；到这一天之后的第一次构建才会发布。' });

/** What the entry still lacks before it can be published (待补), in Chinese; listed by npm run check. */
export const toFinishField = z.array(z.string().min(1)).optional().meta({ title: '待补事项' });

/** Where the importer took this entry from (its source and id there); lets a re-import recognise it. */
export const importedFromField = z
  .strictObject({ source: z.string().min(1).meta({ title: '来源' }), id: z.string().min(1).meta({ title: '编号' }) })
  .optional()
  .meta({ title: '导入来源' });
