// Collections: loaders and schemas only. The schemas live in src/schemas/ and are shared with `npm run check`.
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { OrganizationSchema } from './schemas/organization';
import { documentSchema } from './schemas/document';
import { interpretationSchema } from './schemas/interpretation';
import { infographicSchema } from './schemas/infographic';
import type { CollectionName } from './schemas/common';

const ref = (collection: CollectionName) => reference(collection);

export const collections = {
  organizations: defineCollection({
    loader: glob({ pattern: '*.{yaml,yml}', base: './content/organizations' }),
    schema: OrganizationSchema,
  }),
  documents: defineCollection({
    loader: glob({ pattern: '*.md', base: './content/documents' }),
    schema: documentSchema(ref),
  }),
  interpretations: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/interpretations' }),
    schema: interpretationSchema(ref),
  }),
  infographics: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './content/infographics' }),
    schema: infographicSchema(ref),
  }),
};
