// RSS 2.0 feed of the latest interpretations and infographics.
import type { APIRoute } from 'astro';
import { loadSiteContent } from '../site/queries';
import { getSiteConfig } from '../site/config';
import { escapeXml } from '../lib/xml';

export const GET: APIRoute = async () => {
  const site = getSiteConfig();
  const content = await loadSiteContent();
  const items = [
    ...content.interpretations.map((e) => ({ path: `/jiedu/${e.id}/`, title: e.data.title, date: e.data.publishedAt!, description: e.data.summary ?? e.data.form })),
    ...content.infographics.map((e) => ({ path: `/tujie/${e.id}/`, title: e.data.title, date: e.data.publishedAt!, description: e.data.summary ?? '图解' })),
  ]
    .sort((a, b) => b.date.localeCompare(a.date) || a.path.localeCompare(b.path))
    .slice(0, 50);
  const rfc822 = (date: string) => new Date(`${date}T00:00:00+08:00`).toUTCString();
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>${escapeXml(`${site.name} - ${site.columns.interpretations}`)}</title>
<link>${escapeXml(site.baseUrl)}/</link>
<description>${escapeXml(`${site.name}发布的${site.columns.interpretations}和${site.columns.infographics}`)}</description>
<language>zh-CN</language>
${items[0] ? `<lastBuildDate>${rfc822(items[0].date)}</lastBuildDate>` : ''}
${items
  .map((i) => {
    const url = new URL(i.path, site.baseUrl).href;
    return `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(url)}</link><guid isPermaLink="true">${escapeXml(url)}</guid><pubDate>${rfc822(i.date)}</pubDate><description>${escapeXml(i.description)}</description></item>`;
  })
  .join('\n')}
</channel></rss>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
