/**
 * The three kinds of entry `npm run new` makes, the names editors type for them, and the failure type every step
 * of `new` throws: a message and a fix in Chinese.
 */
import { REGISTRY, type ArticleCollection } from '../content/registry';

/** The three kinds of entry `new` makes. */
export type Kind = 'document' | 'interpretation' | 'infographic';

/** The collection each kind of entry belongs to; folder, extension, names and URL come from the registry. */
export const KIND_COLLECTIONS: Record<Kind, ArticleCollection> = { document: 'documents', interpretation: 'interpretations', infographic: 'infographics' };

/** Every kind, in the order the usage lists them. */
export const KINDS = Object.keys(KIND_COLLECTIONS) as Kind[];

/** Kind names accepted on the command line: the URL prefix of the column (wenjian, jiedu, tujie), or English. */
export const KIND_NAMES: Record<string, Kind> = Object.fromEntries(KINDS.flatMap((k) => [[REGISTRY[KIND_COLLECTIONS[k]].urlPrefix, k], [k, k]]));

/** A kind as the usage and the questions name it: wenjian（原文件）. */
export function kindChoice(kind: Kind): string {
  return `${REGISTRY[KIND_COLLECTIONS[kind]].urlPrefix}（${REGISTRY[KIND_COLLECTIONS[kind]].name}）`;
}

/** A failure the editor can act on: message and fix in Chinese. */
export class NewEntryError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}
