/**
 * What the images need from content/, taken from the content snapshot (src/content/snapshot.ts: frontmatter via
 * the `yaml` package, each file read once per run), not through Astro's content API, so the renderer runs the same
 * in a build hook, a page, a worker thread, a test or the bench script.
 */
import path from 'node:path';
import type { SourceFile } from '../content/files';
import { readSnapshot, type ContentSnapshot } from '../content/snapshot';
import { parseInfographic } from './parse';
import type { Problem } from '../lib/problems';
import { isPublished, todayInChina } from '../check/publication';
import { THEMES } from '../schemas/site';
import type { InfographicContext } from './model';
import type { ThemeName } from './themes';

/** The site settings the images use. */
export interface SiteForImages {
  name: string;
  theme: ThemeName;
  /** baseUrl of content/site.yaml, e.g. https://zcjd.example.gov.cn (the images' footer prints the page address). */
  baseUrl?: string;
}

/** An infographic source with what its masthead and footer show. */
export interface InfographicSource {
  id: string;
  /** Path relative to the project root. */
  file: string;
  /** Whole text of the .mdx file. */
  source: string;
  /** The file as read into the content snapshot (parse it with parseInfographicFile, which parses it once). */
  sourceFile?: SourceFile;
  /** On the site built today: not a draft, not scheduled (publishAt) after today. */
  published: boolean;
  context: InfographicContext;
}

/**
 * A social card: one per interpretation and per infographic (their pages' og:image); one per organisation, shared
 * by its page (/jiguan/<id>/) and all the documents it leads as issuer (a document page has no card of its
 * own: about 70 ms of CPU a card, 20,000 documents would cost 23 minutes); and one of the site (`id` 'site'), for
 * every other page. Documents, lists and the home page thus have an og:image, and the number of cards grows with
 * interpretations, infographics and issuers, not with documents.
 */
export interface CardEntry {
  collection: 'interpretations' | 'infographics' | 'organizations' | 'site';
  id: string;
  title: string;
  kindLabel: string;
  issuer?: string;
  date?: string;
  /** On the site built today (see InfographicSource.published). */
  published: boolean;
}

/** Everything read from content/ for the images. */
export interface ContentForImages {
  site: SiteForImages;
  infographics: InfographicSource[];
  cards: CardEntry[];
  /** Problems the images cannot do without (a missing original document); other checks are the content check's. */
  problems: Problem[];
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** Issuer and co-issuers of a document by organisation name (the id where no organisation has it), joined with 、. */
export function issuerNames(doc: Data | undefined, orgName: ReadonlyMap<string, string>): string | undefined {
  if (!doc) return undefined;
  const ids = [doc.issuer, ...(Array.isArray(doc.coIssuers) ? doc.coIssuers : [])].map(str).filter((x): x is string => !!x);
  return ids.map((id) => orgName.get(id) ?? id).join('、') || undefined;
}

/**
 * What an infographic's masthead and footer say about its original document `docId` (data `doc`, if it exists), and
 * the site: its name and address (`siteUrl`, baseUrl of content/site.yaml, for the page address in the footer).
 */
export function infographicContext(docId: string, doc: Data | undefined, orgName: ReadonlyMap<string, string>, siteName: string, siteUrl?: string): InfographicContext {
  return {
    issuer: issuerNames(doc, orgName) ?? '（未注明）',
    documentTitle: str(doc?.title) ?? docId,
    docNumber: str(doc?.docNumber),
    siteName,
    ...(siteUrl ? { siteUrl } : {}),
  };
}

/**
 * readContentForImages of the content snapshot, computed once per snapshot and day: the pages of a build call it
 * once each; the dev server's snapshot changes when a file does (src/content/snapshot.ts).
 */
export function readContentForImagesCached(root = process.cwd(), contentDir = path.join(root, 'content')): ContentForImages {
  return contentForImages(readSnapshot(root, contentDir));
}

/** What the images need from a content snapshot, computed once per snapshot and day (China). */
export function contentForImages(snapshot: ContentSnapshot, today = todayInChina()): ContentForImages {
  return snapshot.memo(`images:${today}`, () => imagesOf(snapshot.files, today));
}

/**
 * An infographic file parsed into its model (parse.ts), once per file version: the check, the build's start and
 * end and every page share it. The result must not be changed.
 */
export function parseInfographicFile(source: SourceFile): ReturnType<typeof parseInfographic> {
  const g = globalThis as { [PARSED]?: WeakMap<SourceFile, ReturnType<typeof parseInfographic>> };
  const parsed = (g[PARSED] ??= new WeakMap());
  let result = parsed.get(source);
  if (!result) parsed.set(source, (result = parseInfographic(source.raw, source.file)));
  return result;
}
const PARSED = Symbol.for('jiedu.infographics.parsed');

/**
 * Reads site config, infographics, interpretations, documents and organisations under `root`/content.
 * `today` (YYYY-MM-DD, China) decides which scheduled entries are published, as the pages do.
 */
export function readContentForImages(root = process.cwd(), contentDir = path.join(root, 'content'), today = todayInChina()): ContentForImages {
  return contentForImages(readSnapshot(root, contentDir), today);
}

function imagesOf(files: readonly SourceFile[], today: string): ContentForImages {
  const problems: Problem[] = [];
  const byCollection = (c: SourceFile['collection']) => files.filter((f) => f.collection === c);
  const data = (f: SourceFile): Data => (f.data && typeof f.data === 'object' ? (f.data as Data) : {});
  const siteFile = byCollection('site')[0];
  const siteData = siteFile ? data(siteFile) : {};
  const theme = (THEMES as readonly string[]).includes(String(siteData.theme)) ? (siteData.theme as ThemeName) : 'zhengwu-red';
  const site: SiteForImages = { name: str(siteData.name) ?? '政策解读', theme, baseUrl: str(siteData.baseUrl) };

  const orgName = new Map(byCollection('organizations').map((f) => [f.id, str(data(f).name) ?? f.id]));
  const documents = new Map(byCollection('documents').map((f) => [f.id, data(f)]));
  const issuerOf = (doc: Data | undefined) => issuerNames(doc, orgName);

  const published = (d: Data) => isPublished({ draft: d.draft === true, publishAt: str(d.publishAt) }, today);
  const infographics: InfographicSource[] = [];
  const cards: CardEntry[] = [];
  for (const f of byCollection('infographics')) {
    const d = data(f);
    const docId = str(d.document) ?? '';
    const doc = documents.get(docId);
    if (!doc) {
      problems.push({
        severity: 'error',
        file: f.file,
        line: f.lineOf(['document']),
        field: 'document',
        label: '原文件',
        message: `找不到原文件 "${docId}"，图解的页脚无法注明出处。`,
        fix: '把 document 改成 content/documents/ 下某个文件的名字（不含 .md）。',
      });
    }
    const context = infographicContext(docId, doc, orgName, site.name, site.baseUrl);
    const issuer = context.issuer;
    infographics.push({ id: f.id, file: f.file, source: f.raw, sourceFile: f, published: published(d), context });
    cards.push({ collection: 'infographics', id: f.id, title: str(d.title) ?? f.id, kindLabel: '图解', issuer, date: str(d.publishedAt), published: published(d) });
  }
  for (const f of byCollection('interpretations')) {
    const d = data(f);
    const firstDoc = Array.isArray(d.documents) ? documents.get(str(d.documents[0]) ?? '') : undefined;
    const office = str(d.office);
    cards.push({
      collection: 'interpretations',
      id: f.id,
      title: str(d.title) ?? f.id,
      // 文字解读 is the plain interpretation; other forms (问答, 专家解读 …) name themselves.
      kindLabel: !d.form || d.form === '文字解读' ? '政策解读' : String(d.form),
      issuer: office ? (orgName.get(office) ?? office) : issuerOf(firstDoc),
      date: str(d.publishedAt),
      published: published(d),
    });
  }
  // One card per organisation (every one has a page, /jiguan/<id>/), which the documents it leads show too.
  for (const f of byCollection('organizations')) {
    cards.push({ collection: 'organizations', id: f.id, title: orgName.get(f.id) ?? f.id, kindLabel: '政策文件', published: true });
  }
  cards.push({ collection: 'site', id: 'site', title: site.name, kindLabel: '政务公开', published: true });
  return { site, infographics, cards, problems };
}
