/** schema.org JSON-LD for documents (Legislation) and interpretations (Article). */
import type { Site } from '../schemas/site';
import { entryUrl } from '../content/registry';
import { publishedDocumentsOf } from './page-meta';
import { displayDocNumber, issuerNames, organizationName, type DocumentEntry, type InterpretationEntry, type SiteContent } from './queries';

/** legislationLegalForce per validity (schema.org LegalForceStatus). */
const LEGAL_FORCE: Record<string, string> = {
  有效: 'https://schema.org/InForce',
  已修订: 'https://schema.org/PartiallyInForce',
  已废止: 'https://schema.org/NotInForce',
  已失效: 'https://schema.org/NotInForce',
};

/** schema.org Legislation of a document. */
export function documentJsonLd(doc: DocumentEntry, content: SiteContent, site: Site): Record<string, unknown> {
  const d = doc.data;
  const url = new URL(entryUrl('documents', doc.id), site.baseUrl).href;
  return {
    '@context': 'https://schema.org',
    '@type': 'Legislation',
    '@id': url,
    url,
    name: d.title,
    inLanguage: 'zh-CN',
    legislationIdentifier: displayDocNumber(doc),
    legislationDate: d.writtenAt,
    datePublished: d.publishedAt,
    legislationLegalForce: LEGAL_FORCE[d.validity],
    legislationPassedBy: { '@type': 'GovernmentOrganization', name: issuerNames(content, doc) },
    legislationJurisdiction: 'CN',
    about: d.topic,
  };
}

/** schema.org Article of an interpretation; `about` lists only its published documents. */
export function interpretationJsonLd(entry: InterpretationEntry, content: SiteContent, site: Site): Record<string, unknown> {
  const i = entry.data;
  const url = new URL(entryUrl('interpretations', entry.id), site.baseUrl).href;
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    '@id': url,
    url,
    headline: i.title,
    inLanguage: 'zh-CN',
    datePublished: i.publishedAt,
    dateModified: i.history?.at(-1)?.date ?? i.publishedAt,
    description: i.summary,
    keywords: i.keywords?.join(','),
    author: i.office ? { '@type': 'GovernmentOrganization', name: organizationName(content, i.office.id) } : undefined,
    // Only documents the build publishes: a draft's or scheduled document's /wenjian/<id>/ does not exist yet.
    about: publishedDocumentsOf(entry, content).map((d) => ({ '@type': 'Legislation', '@id': new URL(entryUrl('documents', d.id), site.baseUrl).href })),
  };
}
