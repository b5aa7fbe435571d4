/**
 * Government meta tags that release verify (src/release/verify.ts, META_RULES) requires on every article page
 * (ColumnType 文章): Keywords and ContentSource. The build publishes an interpretation whose documents are drafts
 * or scheduled, so these must never depend on a document being published: each falls back to what the
 * interpretation itself carries, and last to the title (Keywords) or the site's organiser (ContentSource).
 */
import type { Site } from '../schemas/site';
import { documentKeywords, organizationName, type DocumentEntry, type InterpretationEntry, type SiteContent } from './queries';

/** What an article page passes to the layout's keywords and contentSource. */
export interface ArticleMeta {
  /** Keywords meta tag values, never empty. */
  keywords: string[];
  /** ContentSource meta tag value, never empty. */
  contentSource: string;
}

/**
 * Keywords of an article page, never empty: the given ones, else the title (which every schema requires).
 * The layout's last resort, so a page that passes none still has the tag release verify requires.
 */
export function articleKeywords(keywords: readonly string[] | undefined, title: string): string[] {
  const given = (keywords ?? []).map((k) => k.trim()).filter((k) => k !== '');
  return given.length ? [...new Set(given)] : [title];
}

/** ContentSource of an article page, never empty: the given source, else the site's organiser (主办单位). */
export function articleContentSource(source: string | undefined, site: Site): string {
  return source?.trim() || site.contact.organiser;
}

/**
 * Documents of an interpretation that the build publishes (drafts and scheduled ones are left out of
 * content.documentById by loadSiteContent), in the interpretation's order.
 */
export function publishedDocumentsOf(entry: InterpretationEntry, content: SiteContent): DocumentEntry[] {
  return entry.data.documents.map((r) => content.documentById.get(r.id)).filter((d) => d !== undefined);
}

/**
 * Keywords and ContentSource of an interpretation page. Keywords: the editor's keywords; else the published
 * documents' 文号 and topics (documentKeywords); else the external documents' 文号 or titles; else the form and
 * the title. ContentSource: the interpreting office; else the first published document's issuer; else the first
 * external document's issuer; else the site's organiser.
 */
export function interpretationMeta(entry: InterpretationEntry, content: SiteContent, site: Site): ArticleMeta {
  const i = entry.data;
  const docs = publishedDocumentsOf(entry, content);
  const external = i.externalDocuments ?? [];
  const own = (i.keywords ?? []).filter((k) => k.trim() !== '');
  const fromDocs = docs.length ? documentKeywords(docs) : [];
  const fromExternal = external.map((d) => d.docNumber ?? d.title);
  const keywords = own.length ? own : fromDocs.length ? fromDocs : fromExternal.length ? fromExternal : [i.form, i.title];
  const source =
    organizationName(content, i.office?.id) ||
    (docs[0] ? organizationName(content, docs[0].data.issuer?.id) : '') ||
    external.find((d) => d.issuer)?.issuer;
  return { keywords: articleKeywords(keywords, i.title), contentSource: articleContentSource(source, site) };
}

