import { z } from 'astro/zod';
import { REGISTRY } from '../content/registry';
import { FIXES, PUBLISHED_AT_HELP, draftField, idRef, importedFromField, publishAtField, toFinishField, type RefFactory, httpUrl, isoDate } from './common';

/** Forms of interpretation (解读形式). */
export const FORMS = ['文字解读', '图解', '问答', '专家解读', '负责人解读', '媒体解读', '音频', '视频', 'H5'] as const;

/** An interpretation (解读): content/interpretations/<id>.mdx. */
export function interpretationSchema<R extends z.ZodType>(ref: RefFactory<R>) {
  return z
    .strictObject({
      /** Title, e.g. 《…》政策解读. */
      title: z.string().min(1).meta({ title: '标题' }),
      /**
       * The document(s) it interprets: ids of files in content/documents/. At least one, unless the original
       * is not on this site (externalDocuments) or the entry is a draft.
       */
      documents: z.array(ref('documents')).default([]).meta({ title: REGISTRY.documents.name, fix: FIXES.documentId }),
      /**
       * Original documents that are not on this site (a national document, another body's document), each with
       * its title, 文号 if any, issuer and the address of its page; shown as links out.
       */
      externalDocuments: z
        .array(
          z.strictObject({
            /** Full title of the original document. */
            title: z.string().min(1).meta({ title: '标题' }),
            /** Its 文号, e.g. 国发〔2019〕5号, where it has one. */
            docNumber: z.string().min(1).optional().meta({ title: '文号' }),
            /** Its issuer (发文机关) by name, e.g. 国务院. */
            issuer: z.string().min(1).optional().meta({ title: '发文机关' }),
            /** Address of the original document's page. */
            url: httpUrl.meta({ title: '地址' }),
          }),
        )
        .optional()
        .meta({ title: '本站以外的原文件' }),
      /** Form (解读形式). */
      form: z.enum(FORMS).meta({ title: '解读形式' }),
      /** Interpreting office (解读机关): the id of a file in content/organizations/. */
      office: ref('organizations').optional().meta({ title: '解读机关', fix: FIXES.organizationId }),
      /** Person who interprets (解读人), e.g. the head of the drafting office. */
      interpreter: z.string().min(1).optional().meta({ title: '解读人' }),
      /** Date published (发布日期), YYYY-MM-DD; may be left out only while draft is true. */
      publishedAt: isoDate.optional().meta({ title: '发布日期', description: PUBLISHED_AT_HELP, fix: FIXES.date }),
      /** One or two sentences shown in lists and in the Description meta tag. */
      summary: z.string().min(1).optional().meta({ title: '摘要' }),
      /** Keywords (关键词). */
      keywords: z.array(z.string().min(1)).optional().meta({ title: '关键词' }),
      /** Sign-off (审签): who approved it and when. */
      signOff: z
        .strictObject({ by: z.string().min(1).meta({ title: '审签人' }), at: isoDate.meta({ title: '审签日期', fix: FIXES.date }) })
        .optional()
        .meta({ title: '审签' }),
      /** Change history (更新记录), oldest first. */
      history: z
        .array(
          z.strictObject({
            date: isoDate.meta({ title: '日期', fix: FIXES.date }),
            note: z.string().min(1).meta({ title: '说明' }),
            major: z.boolean().default(false).meta({ title: '是否重大更新' }),
          }),
        )
        .optional()
        .meta({ title: '更新记录' }),
      /** Address of the original publication, for interpretations kept as a link. */
      sourceUrl: httpUrl.optional().meta({ title: '原文地址', fix: FIXES.sourceUrl }),
      /** true marks content written as an example of the product, shown with a notice. */
      example: z.boolean().default(false).meta({ title: '示例标记' }),
      /** Where the importer took this entry from; lets a re-import recognise it. */
      importedFrom: importedFromField,
      /** true keeps the entry off the site (it is still checked). */
      draft: draftField,
      /** What the entry still lacks before it can be published (待补), in Chinese; listed by npm run check. */
      toFinish: toFinishField,
      /** Scheduled publication date, YYYY-MM-DD: the entry stays off the site until the build on or after this date. */
      publishAt: publishAtField,
    })
    .refine((d) => d.draft || d.publishedAt !== undefined, {
      path: ['publishedAt'],
      params: { kind: 'required-unless-draft' },
    })
    .refine((d) => d.draft || d.documents.length > 0 || (d.externalDocuments?.length ?? 0) > 0, {
      path: ['documents'],
      params: { kind: 'original-unless-draft' },
      // Checked whenever the fields it reads are valid, so it is reported together with other fields' mistakes.
      when: (payload) => !payload.issues.some((i) => ['documents', 'externalDocuments', 'draft'].includes(String(i.path?.[0]))),
    });
}
export type InterpretationData = z.infer<ReturnType<typeof interpretationSchema<ReturnType<typeof idRef>>>>;
