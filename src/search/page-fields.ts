/**
 * Search fields of the site's entries, for the pages that render them and for the filter choices on /search/.
 * Takes the loaded content (src/site/queries.ts) and hands plain facts to src/search/fields.ts.
 */
import type { DocumentEntry, InfographicEntry, InterpretationEntry, SiteContent } from '../site/queries';
import {
  documentSearchFields,
  infographicSearchFields,
  interpretationSearchFields,
  type DocumentFacts,
  type SearchFields,
} from './fields';

function orgName(content: SiteContent, id: string | undefined): string | undefined {
  if (!id) return undefined;
  return content.organizations.get(id)?.data.name ?? id;
}

function documentFacts(content: SiteContent, doc: DocumentEntry): DocumentFacts {
  const d = doc.data;
  return {
    title: d.title,
    docNumber: d.docNumber,
    indexNumber: d.indexNumber,
    issuers: [d.issuer, ...(d.coIssuers ?? [])].filter((r) => r !== undefined).map((r) => orgName(content, r.id) ?? r.id),
    publishedAt: d.publishedAt,
    topic: d.topic,
    validity: d.validity,
  };
}

/** Search fields of a document page. */
export function documentPageFields(content: SiteContent, doc: DocumentEntry): SearchFields {
  return documentSearchFields(documentFacts(content, doc));
}

/** Search fields of an interpretation page. */
export function interpretationPageFields(content: SiteContent, entry: InterpretationEntry): SearchFields {
  const i = entry.data;
  const docs = i.documents.map((r) => content.documentById.get(r.id)).filter((d) => d !== undefined);
  return interpretationSearchFields({
    title: i.title,
    form: i.form,
    office: orgName(content, i.office?.id),
    publishedAt: i.publishedAt,
    documents: [
      ...docs.map((d) => documentFacts(content, d)),
      // Originals not on this site: their 文号 and issuer find the interpretation too.
      ...(i.externalDocuments ?? []).map((d) => ({ title: d.title, docNumber: d.docNumber, issuers: d.issuer ? [d.issuer] : [], publishedAt: '' })),
    ],
  });
}

/** Search fields of an infographic page. */
export function infographicPageFields(content: SiteContent, entry: InfographicEntry): SearchFields {
  const doc = content.documentById.get(entry.data.document.id);
  return infographicSearchFields({ title: entry.data.title, publishedAt: entry.data.publishedAt, document: doc ? documentFacts(content, doc) : undefined });
}

/** Search fields of every published page in the index. */
export function siteSearchFields(content: SiteContent): SearchFields[] {
  return [
    ...content.documents.map((d) => documentPageFields(content, d)),
    ...content.interpretations.map((i) => interpretationPageFields(content, i)),
    ...content.infographics.map((g) => infographicPageFields(content, g)),
  ];
}
