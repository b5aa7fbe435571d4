// Collections: loaders and schemas only. The schemas live in src/schemas/ and are shared with `npm run check`.
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { OrganizationSchema } from './schemas/organization';
import { documentSchema } from './schemas/document';
import { interpretationSchema } from './schemas/interpretation';
import { infographicSchema } from './schemas/infographic';
import { contentDir, filePattern, type CollectionName } from './content/registry';

const ref = (collection: CollectionName) => reference(collection);
/** Where Astro finds a collection's files: the registry's folder and extensions. */
const loaderOf = (collection: CollectionName) => glob({ pattern: filePattern(collection), base: `./${contentDir(collection)}` });

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
