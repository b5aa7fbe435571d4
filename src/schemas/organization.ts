import { z } from 'astro/zod';
import { linkUrl } from './common';

/** An organisation that issues or interprets documents: content/organizations/<id>.yaml. */
export const OrganizationSchema = z.strictObject({
  /** Full name as written in 发文机关, e.g. 国务院办公厅. */
  name: z.string().min(1).meta({ title: '名称' }),
  /** Short name for narrow screens, e.g. 国办. */
  shortName: z.string().min(1).optional().meta({ title: '简称' }),
  /** Organisation code that opens its 索引号 (9 characters, or the 18-character credit code). */
  code: z
    .string()
    .regex(/^(?:[0-9A-Z]{9}|[0-9A-Z]{18})$/)
    .optional()
    .meta({ title: '机构代码', fix: '写 9 位组织机构代码（如 000014349）或 18 位统一社会信用代码，字母大写。' }),
  /**
   * 文号 prefixes (机关代字) it issues under, e.g. [京中医政字]: npm run import and npm run new fill a missing
   * issuer from the prefix of a document's 文号.
   */
  docNumberPrefixes: z.array(z.string().min(1)).optional().meta({ title: '文号前缀' }),
  /** Public contact of the office. */
  contact: z
    .strictObject({
      /** Telephone number. */
      phone: z.string().min(1).optional().meta({ title: '电话' }),
      /** Postal address. */
      address: z.string().min(1).optional().meta({ title: '地址' }),
      /** Website (https://…). */
      url: linkUrl.optional().meta({ title: '地址' }),
    })
    .optional()
    .meta({ title: '联系方式' }),
});
export type Organization = z.infer<typeof OrganizationSchema>;
