/**
 * Queries over the content collections for pages: published entries only, links both ways, stable order.
 * (Plain helpers of src/lib/ do the work that needs no Astro.)
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { normalizeDocNumber } from '../lib/doc-number';
import { groupBy } from '../lib/group-by';
import { isPublished, todayInChina, type PublicationFields } from '../check/publication';

export type DocumentEntry = CollectionEntry<'documents'>;
export type InterpretationEntry = CollectionEntry<'interpretations'>;
export type InfographicEntry = CollectionEntry<'infographics'>;
export type OrganizationEntry = CollectionEntry<'organizations'>;

/** Newest first; ties by id so the order never depends on the file system. */
function byDateDesc<T extends { id: string; data: { publishedAt?: string } }>(a: T, b: T): number {
  return (b.data.publishedAt ?? '').localeCompare(a.data.publishedAt ?? '') || a.id.localeCompare(b.id);
}

/** Today's date in China, YYYY-MM-DD, for scheduled entries. */
export { todayInChina };

let cache: Promise<SiteContent> | undefined;

/** Everything the pages need, loaded once per build. */
export interface SiteContent {
  documents: DocumentEntry[];
  interpretations: InterpretationEntry[];
  infographics: InfographicEntry[];
  organizations: Map<string, OrganizationEntry>;
  documentById: Map<string, DocumentEntry>;
  interpretationsOf: Map<string, InterpretationEntry[]>;
  infographicsOf: Map<string, InfographicEntry[]>;
  /** Documents by organisation id, issuer or co-issuer, newest first (an organisation's page lists them). */
  documentsOfOrganization: Map<string, DocumentEntry[]>;
  /** Interpretations by the id of their office, newest first. */
  interpretationsOfOffice: Map<string, InterpretationEntry[]>;
}

export function loadSiteContent(): Promise<SiteContent> {
  cache ??= (async () => {
    // Drafts and entries scheduled after today stay off the site; the preview (`npm run dev`) shows them with a notice.
    const today = todayInChina();
    const published = <T extends { data: PublicationFields }>(e: T) => import.meta.env.DEV || isPublished(e.data, today);
    const documents = (await getCollection('documents', published)).sort(byDateDesc);
    const interpretations = (await getCollection('interpretations', published)).sort(byDateDesc);
    const infographics = (await getCollection('infographics', published)).sort(byDateDesc);
    const organizations = new Map((await getCollection('organizations')).map((o) => [o.id, o]));
    const documentById = new Map(documents.map((d) => [d.id, d]));
    const interpretationsOf = new Map<string, InterpretationEntry[]>();
    for (const i of interpretations) {
      for (const ref of i.data.documents) {
        if (!interpretationsOf.has(ref.id)) interpretationsOf.set(ref.id, []);
        interpretationsOf.get(ref.id)!.push(i);
      }
    }
    const infographicsOf = new Map<string, InfographicEntry[]>();
    for (const g of infographics) {
      const id = g.data.document.id;
      if (!infographicsOf.has(id)) infographicsOf.set(id, []);
      infographicsOf.get(id)!.push(g);
    }
    const documentsOfOrganization = groupBy(documents, (d) => [d.data.issuer?.id, ...(d.data.coIssuers ?? []).map((r) => r.id)]);
    const interpretationsOfOffice = groupBy(interpretations, (i) => [i.data.office?.id]);
    return { documents, interpretations, infographics, organizations, documentById, interpretationsOf, infographicsOf, documentsOfOrganization, interpretationsOfOffice };
  })();
  return cache;
}

/** The name of an organisation by id (the id itself if the file is missing, which the check forbids). */
export function organizationName(content: SiteContent, id: string | undefined): string {
  if (!id) return '';
  return content.organizations.get(id)?.data.name ?? id;
}

/** All issuers of a document, lead first, joined as written on the document (、). */
export function issuerNames(content: SiteContent, doc: DocumentEntry): string {
  // A draft imported without its issuer has none yet (it is shown only in the preview).
  return [doc.data.issuer, ...(doc.data.coIssuers ?? [])].filter((r) => r !== undefined).map((r) => organizationName(content, r.id)).join('、');
}

/** The 文号 as published: standard brackets 〔〕. */
export function displayDocNumber(doc: DocumentEntry): string | undefined {
  return doc.data.docNumber ? normalizeDocNumber(doc.data.docNumber) : undefined;
}

/**
 * The Keywords meta tag of a page about these documents: their 文号 and topics, or their titles when they have
 * neither (government-site meta tags want keywords on every article page; the release check requires them).
 */
export function documentKeywords(docs: DocumentEntry[]): string[] {
  const keywords = [...new Set(docs.flatMap((d) => [displayDocNumber(d), d.data.topic]).filter((k): k is string => !!k))];
  return keywords.length ? keywords : docs.map((d) => d.data.title);
}

/** Top-level topic (主题分类 first level) of a document, or undefined. */
export function topicParts(topic: string | undefined): { level1: string; level2?: string } | undefined {
  if (!topic) return undefined;
  const [level1, level2] = topic.split('\\');
  return { level1: level1!, level2 };
}
