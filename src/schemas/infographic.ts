import { z } from 'astro/zod';
import { idRef, type RefFactory, isoDate } from './common';

/** An infographic (图解) source: content/infographics/<id>.mdx; the body is written with the infographic components. */
export function infographicSchema<R extends z.ZodType>(ref: RefFactory<R>) {
  return z
    .strictObject({
      /** Title shown in the masthead, e.g. 一图读懂《…》. */
      title: z.string().min(1),
      /** The document it explains: the id of a file in content/documents/. */
      document: ref('documents'),
      /** The interpretation it belongs to, if any: the id of a file in content/interpretations/. */
      interpretation: ref('interpretations').optional(),
      /** Date published (发布日期), YYYY-MM-DD; may be left out only while draft is true. */
      publishedAt: isoDate.optional(),
      /** Short alternative text of the image (the full text version is on the page). */
      alt: z.string().min(1).max(120).optional(),
      /** One or two sentences shown in lists and in the Description meta tag. */
      summary: z.string().min(1).optional(),
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
export type InfographicData = z.infer<ReturnType<typeof infographicSchema<ReturnType<typeof idRef>>>>;
