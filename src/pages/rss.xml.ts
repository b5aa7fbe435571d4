// RSS 2.0 feed of the latest interpretations and infographics, written by @astrojs/rss.
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { entryUrl } from '../content/registry';
import { loadSiteContent } from '../site/queries';
import { getSiteConfig } from '../site/config';

export const GET: APIRoute = async () => {
  const site = getSiteConfig();
  const content = await loadSiteContent();
  const items = [
    ...content.interpretations.map((e) => ({ link: entryUrl('interpretations', e.id), title: e.data.title, date: e.data.publishedAt!, description: e.data.summary ?? e.data.form })),
    ...content.infographics.map((e) => ({ link: entryUrl('infographics', e.id), title: e.data.title, date: e.data.publishedAt!, description: e.data.summary ?? '图解' })),
  ]
    .sort((a, b) => b.date.localeCompare(a.date) || a.link.localeCompare(b.link))
    .slice(0, 50);
  // Dates are days in China: midnight Beijing time, as <pubDate> has always said.
  const published = (date: string) => new Date(`${date}T00:00:00+08:00`);
  return rss({
    title: `${site.name} - ${site.columns.interpretations}`,
    description: `${site.name}发布的${site.columns.interpretations}和${site.columns.infographics}`,
    site: site.baseUrl,
    // The build time would make every build differ: the feed changes only when its newest item does.
    customData: `<language>zh-CN</language>${items[0] ? `<lastBuildDate>${published(items[0].date).toUTCString()}</lastBuildDate>` : ''}`,
    items: items.map((i) => ({ title: i.title, link: i.link, pubDate: published(i.date), description: i.description })),
  });
};
