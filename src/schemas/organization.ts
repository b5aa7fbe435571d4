import { z } from 'astro/zod';
import { linkUrl } from './common';

/** An organisation that issues or interprets documents: content/organizations/<id>.yaml. */
export const OrganizationSchema = z.strictObject({
  /** Full name as written in 发文机关, e.g. 国务院办公厅. */
  name: z.string().min(1),
  /** Short name for narrow screens, e.g. 国办. */
  shortName: z.string().min(1).optional(),
  /** Organisation code that opens its 索引号 (9 characters, or the 18-character credit code). */
  code: z.string().regex(/^(?:[0-9A-Z]{9}|[0-9A-Z]{18})$/).optional(),
  /**
   * 文号 prefixes (机关代字) it issues under, e.g. [京中医政字]: npm run import and npm run new fill a missing
   * issuer from the prefix of a document's 文号.
   */
  docNumberPrefixes: z.array(z.string().min(1)).optional(),
  /** Public contact of the office. */
  contact: z
    .strictObject({
      /** Telephone number. */
      phone: z.string().min(1).optional(),
      /** Postal address. */
      address: z.string().min(1).optional(),
      /** Website (https://…). */
      url: linkUrl.optional(),
    })
    .optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;
