import { z } from 'astro/zod';
import { FIXES, draftField, idRef, importedFromField, publishAtField, toFinishField, type RefFactory, httpUrl, isoDate, linkUrl } from './common';

/** Validity (有效性) of a document. */
export const VALIDITIES = ['有效', '已修订', '已废止', '已失效'] as const;
/** Disclosure category (五公开). */
export const CATEGORIES = ['决策公开', '执行公开', '管理公开', '服务公开', '结果公开'] as const;

/** An original document (原文件): content/documents/<id>.md; the body is its full text. */
export function documentSchema<R extends z.ZodType>(ref: RefFactory<R>) {
  return z
    .strictObject({
    /** Full title, e.g. 国务院关于…的意见. */
    title: z.string().min(1).meta({ title: '标题' }),
    /** Document number (文号), e.g. 国发〔2019〕5号. Leave out where the document has none (many laws). */
    docNumber: z.string().min(1).optional().meta({ title: '文号' }),
    /** Index number (索引号): organisation code/year-serial, e.g. 000014349/2019-00007. */
    indexNumber: z.string().min(1).optional().meta({ title: '索引号' }),
    /** Kind of document as the catalogue names it, e.g. 国务院文件, 规范性文件, 法律. */
    kind: z.string().min(1).optional().meta({ title: '文件类别' }),
    /** Issuing organisation (发文机关): the id of a file in content/organizations/; may be left out only while draft is true. */
    issuer: ref('organizations').optional().meta({ title: '发文机关', fix: FIXES.organizationId }),
    /** Further issuers of a joint document, lead issuer first in `issuer`. */
    coIssuers: z.array(ref('organizations')).optional().meta({ title: '联合发文机关' }),
    /** Date written (成文日期), YYYY-MM-DD; never after publishedAt. */
    writtenAt: isoDate.optional().meta({ title: '成文日期', fix: '写成 YYYY-MM-DD，例如 2019-01-27。' }),
    /** Date published (发布日期), YYYY-MM-DD. */
    publishedAt: isoDate.meta({ title: '发布日期', fix: FIXES.date }),
    /** Topic (主题分类), two levels separated by a backslash, e.g. 科技、教育\教育. */
    topic: z.string().min(1).optional().meta({ title: '主题分类' }),
    /** Disclosure category (五公开). */
    category: z.enum(CATEGORIES).optional().meta({ title: '公开类别' }),
    /** Validity (有效性). */
    validity: z.enum(VALIDITIES).default('有效').meta({ title: '有效性' }),
    /** The document that replaces or amends this one; required when validity is 已修订 or 已废止. */
    successor: ref('documents').optional().meta({ title: '替代文件', fix: '写 content/documents/ 下替代文件的文件名（不含 .md）。' }),
    /** true when the document must have an interpretation (三同步). */
    requiresInterpretation: z.boolean().default(false).meta({ title: '是否需要解读' }),
    /** Address of the original publication. */
    sourceUrl: httpUrl.optional().meta({ title: '原文地址', fix: FIXES.sourceUrl }),
    /** Attachments (附件), each with a title and an address (https://…, or on this site /…). */
    attachments: z
      .array(z.strictObject({ title: z.string().min(1).meta({ title: '标题' }), url: linkUrl.meta({ title: '地址' }) }))
      .optional()
      .meta({ title: '附件' }),
    /** Where the importer took this entry from; lets a re-import recognise it. */
    importedFrom: importedFromField,
    /** true keeps the entry off the site (it is still checked). */
    draft: draftField,
    /** Scheduled publication date, YYYY-MM-DD: the entry stays off the site until the build on or after this date. */
    publishAt: publishAtField,
    /** What the entry still lacks before it can be published (待补), in Chinese; listed by npm run check. */
    toFinish: toFinishField,
  })
    .refine((d) => d.draft || d.issuer !== undefined, {
      path: ['issuer'],
      params: { kind: 'required-unless-draft' },
      // Checked whenever the fields it reads are valid, so it is reported together with other fields' mistakes.
      when: (payload) => !payload.issues.some((i) => ['issuer', 'draft'].includes(String(i.path?.[0]))),
    });
}
export type DocumentData = z.infer<ReturnType<typeof documentSchema<ReturnType<typeof idRef>>>>;
