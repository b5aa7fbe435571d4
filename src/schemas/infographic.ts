import { z } from 'astro/zod';
import { REGISTRY } from '../content/registry';
import { FIXES, PUBLISHED_AT_HELP, draftField, idRef, publishAtField, type RefFactory, isoDate } from './common';

/** An infographic (图解) source: content/infographics/<id>.mdx; the body is written with the infographic components. */
export function infographicSchema<R extends z.ZodType>(ref: RefFactory<R>) {
  return z
    .strictObject({
      /** Title shown in the masthead, e.g. 一图读懂《…》. */
      title: z.string().min(1).meta({ title: '标题' }),
      /** The document it explains: the id of a file in content/documents/. */
      document: ref('documents').meta({ title: REGISTRY.documents.name, fix: FIXES.documentId }),
      /** The interpretation it belongs to, if any: the id of a file in content/interpretations/. */
      interpretation: ref('interpretations')
        .optional()
        .meta({ title: REGISTRY.interpretations.name, fix: '写 content/interpretations/ 下解读的文件名（不含 .mdx）。' }),
      /** Date published (发布日期), YYYY-MM-DD; may be left out only while draft is true. */
      publishedAt: isoDate.optional().meta({ title: '发布日期', description: PUBLISHED_AT_HELP, fix: FIXES.date }),
      /** Short alternative text of the image (the full text version is on the page). */
      alt: z.string().min(1).max(120).optional().meta({ title: '图片替代文字' }),
      /** One or two sentences shown in lists and in the Description meta tag. */
      summary: z.string().min(1).optional().meta({ title: '摘要' }),
      /** true keeps the entry off the site (it is still checked). */
      draft: draftField,
      /** Scheduled publication date, YYYY-MM-DD: the entry stays off the site until the build on or after this date. */
      publishAt: publishAtField,
    })
    .refine((d) => d.draft || d.publishedAt !== undefined, {
      path: ['publishedAt'],
      params: { kind: 'required-unless-draft' },
    });
}
export type InfographicData = z.infer<ReturnType<typeof infographicSchema<ReturnType<typeof idRef>>>>;
