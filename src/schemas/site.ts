import { z } from 'astro/zod';
import { httpUrl } from './common';

/** Colour themes of the site and its infographics. */
export const THEMES = ['zhengwu-red', 'qingshan-blue'] as const;

/** Site configuration: content/site.yaml. */
export const SiteSchema = z.strictObject({
  /** Site name shown in the header and in the SiteName meta tag, e.g. 某市人民政府门户网站. */
  name: z.string().min(1),
  /** Short name used in the header on narrow screens. */
  shortName: z.string().min(1).optional(),
  /** SiteIDCode assigned by the government website registry (网站标识码), e.g. 4401000001. */
  siteIdCode: z.string().regex(/^[0-9A-Za-z]{6,20}$/),
  /** Public base URL of the site, with scheme, e.g. https://zcjd.example.gov.cn. */
  baseUrl: httpUrl,
  /** Column (栏目) names, used for navigation and the ColumnName meta tag. */
  columns: z.strictObject({
    /** Column of original documents, e.g. 政策文件. */
    documents: z.string().min(1),
    /** Column of interpretations, e.g. 政策解读. */
    interpretations: z.string().min(1),
    /** Column of infographics, e.g. 图解. */
    infographics: z.string().min(1),
  }),
  /** Contact shown in the footer. */
  contact: z.strictObject({
    /** Organiser of the site (主办单位). */
    organiser: z.string().min(1),
    /** Telephone number. */
    phone: z.string().min(1).optional(),
    /** E-mail address. */
    email: z.string().min(3).optional(),
    /** Postal address. */
    address: z.string().min(1).optional(),
    /** ICP filing number (ICP备案号). */
    icp: z.string().min(1).optional(),
  }),
  /** Colour theme for pages and infographics. */
  theme: z.enum(THEMES).default('zhengwu-red'),
  /** The 3-working-day rule for interpretations. */
  timeliness: z
    .strictObject({
      /** Working days allowed between a document and its interpretation. */
      workingDays: z.number().int().min(0).max(30).default(3),
      /** true: a late interpretation fails the check; false: it is a warning. */
      strict: z.boolean().default(false),
    })
    .default({ workingDays: 3, strict: false }),
  /** House style the Chinese copy check (`npm run check`) applies to interpretations, infographics and editors' documents. */
  copyStyle: z
    .strictObject({
      /** Space between Chinese and Latin letters or digits: none (2020年, as government documents write) or space (2020 年). */
      cjkLatinSpace: z.enum(['none', 'space']).default('none'),
    })
    .default({ cjkLatinSpace: 'none' }),
});
export type Site = z.infer<typeof SiteSchema>;
