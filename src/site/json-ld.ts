/** schema.org JSON-LD for documents (Legislation) and interpretations (Article). */
import type { Site } from '../schemas/site';
import { entryUrl } from '../content/registry';
import { displayDocNumber, issuerNames, organizationName, type DocumentEntry, type InterpretationEntry, type SiteContent } from './queries';

/** legislationLegalForce per validity (schema.org LegalForceStatus). */
const LEGAL_FORCE: Record<string, string> = {
  有效: 'https://schema.org/InForce',
  已修订: 'https://schema.org/PartiallyInForce',
  已废止: 'https://schema.org/NotInForce',
  已失效: 'https://schema.org/NotInForce',
};

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
    about: i.documents.map((r) => ({ '@type': 'Legislation', '@id': new URL(entryUrl('documents', r.id), site.baseUrl).href })),
  };
}
