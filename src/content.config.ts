// Collections: loaders and schemas only. The schemas live in src/schemas/ and are shared with `npm run check`.
import { defineCollection, reference } from 'astro:content';
import { OrganizationSchema } from './schemas/organization';
import { documentSchema } from './schemas/document';
import { interpretationSchema } from './schemas/interpretation';
import { infographicSchema } from './schemas/infographic';
import type { CollectionName } from './content/registry';
import { snapshotLoader } from './content/loader';

const ref = (collection: CollectionName) => reference(collection);
/**
 * A collection's entries come from the content snapshot (src/content/loader.ts): each file is read once per run, for
 * the check, the images and Astro alike, and an entry with errors is left out of the preview instead of stopping it.
 */
const loaderOf = (collection: CollectionName) => snapshotLoader(collection);

export const collections = {
  organizations: defineCollection({
    loader: loaderOf('organizations'),
    schema: OrganizationSchema,
  }),
  documents: defineCollection({
    loader: loaderOf('documents'),
    schema: documentSchema(ref),
  }),
  interpretations: defineCollection({
    loader: loaderOf('interpretations'),
    schema: interpretationSchema(ref),
  }),
  infographics: defineCollection({
    loader: loaderOf('infographics'),
    schema: infographicSchema(ref),
  }),
};
