import { z } from 'astro/zod';
import { idRef, type RefFactory, httpUrl, isoDate } from './common';

/** Forms of interpretation (解读形式). */
export const FORMS = ['文字解读', '图解', '问答', '专家解读', '负责人解读', '媒体解读', '音频', '视频', 'H5'] as const;

/** An interpretation (解读): content/interpretations/<id>.mdx. */
export function interpretationSchema<R extends z.ZodType>(ref: RefFactory<R>) {
  return z
    .strictObject({
      /** Title, e.g. 《…》政策解读. */
      title: z.string().min(1),
      /** The document(s) it interprets: ids of files in content/documents/, at least one. */
      documents: z.array(ref('documents')).min(1),
      /** Form (解读形式). */
      form: z.enum(FORMS),
      /** Interpreting office (解读机关): the id of a file in content/organizations/. */
      office: ref('organizations').optional(),
      /** Person who interprets (解读人), e.g. the head of the drafting office. */
      interpreter: z.string().min(1).optional(),
      /** Date published (发布日期), YYYY-MM-DD; may be left out only while draft is true. */
      publishedAt: isoDate.optional(),
      /** One or two sentences shown in lists and in the Description meta tag. */
      summary: z.string().min(1).optional(),
      /** Keywords (关键词). */
      keywords: z.array(z.string().min(1)).optional(),
      /** Sign-off (审签): who approved it and when. */
      signOff: z.strictObject({ by: z.string().min(1), at: isoDate }).optional(),
      /** Change history (更新记录), oldest first. */
      history: z
        .array(z.strictObject({ date: isoDate, note: z.string().min(1), major: z.boolean().default(false) }))
        .optional(),
      /** Address of the original publication, for interpretations kept as a link. */
      sourceUrl: httpUrl.optional(),
      /** true marks content written as an example of the product, shown with a notice. */
      example: z.boolean().default(false),
      /** Where the importer took this entry from; lets a re-import recognise it. */
      importedFrom: z.strictObject({ source: z.string().min(1), id: z.string().min(1) }).optional(),
      /** true keeps the entry off the site (it is still checked). */
      draft: z.boolean().default(false),
      /** Scheduled publication date, YYYY-MM-DD: the entry stays off the site until the build on or after this date. */
      publishAt: isoDate.optional(),
    })
    .refine((d) => d.draft || d.publishedAt !== undefined, {
      path: ['publishedAt'],
      params: { kind: 'required-unless-draft' },
    });
}
export type InterpretationData = z.infer<ReturnType<typeof interpretationSchema<ReturnType<typeof idRef>>>>;
