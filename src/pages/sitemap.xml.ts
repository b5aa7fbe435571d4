// sitemap.xml of every public page, built from the same queries as the pages.
import type { APIRoute } from 'astro';
import { loadSiteContent, topicParts } from '../site/queries';
import { getSiteConfig } from '../site/config';
import { escapeXml } from '../lib/xml';
import { topicSlug } from '../lib/slugs';

/** Every page path of the site with its last modification date where one is known. */
export async function listSitePaths(): Promise<{ path: string; lastmod?: string }[]> {
  const content = await loadSiteContent();
  const pages = (n: number) => Math.max(1, Math.ceil(n / 20));
  const listing = (base: string, n: number) => Array.from({ length: pages(n) }, (_, i) => ({ path: i ? `${base}${i + 1}/` : base }));
  const topics = new Set(content.documents.map((d) => topicParts(d.data.topic)?.level1).filter((t): t is string => !!t));
  return [
    { path: '/' },
    ...listing('/wenjian/', content.documents.length),
    ...listing('/jiedu/', content.interpretations.length),
    ...listing('/tujie/', content.infographics.length),
    ...content.documents.map((d) => ({ path: `/wenjian/${d.id}/`, lastmod: d.data.publishedAt })),
    ...content.interpretations.map((i) => ({ path: `/jiedu/${i.id}/`, lastmod: i.data.history?.at(-1)?.date ?? i.data.publishedAt })),
    ...content.infographics.map((g) => ({ path: `/tujie/${g.id}/`, lastmod: g.data.publishedAt })),
    ...[...topics].sort().map((t) => ({ path: `/zhuti/${topicSlug(t)}/` })),
    ...[...content.organizations.keys()].sort().map((id) => ({ path: `/jiguan/${id}/` })),
    { path: '/tongji/' },
    { path: '/search/' },
  ];
}

export const GET: APIRoute = async () => {
  const site = getSiteConfig();
  const urls = (await listSitePaths())
    .map((p) => `<url><loc>${escapeXml(new URL(p.path, site.baseUrl).href)}</loc>${p.lastmod ? `<lastmod>${p.lastmod}</lastmod>` : ''}</url>`)
    .join('\n');
  return new Response(`<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
