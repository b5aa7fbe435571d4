/**
 * The sitemap (sitemap-index.xml and sitemap-0.xml) by @astrojs/sitemap: every page the build wrote, so drafts,
 * entries scheduled after today and the 404 page are never in it, because they are not built or (404) the
 * integration leaves status pages out. Each article's <lastmod> is the date its own page declares.
 */
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The date an article page declares: its JSON-LD dateModified (interpretations), else its PubDate meta tag. */
export function pageLastmod(html: string): string | undefined {
  const modified = /"dateModified":"(\d{4}-\d{2}-\d{2})"/.exec(html)?.[1];
  return modified ?? /<meta name="?PubDate"? content="?(\d{4}-\d{2}-\d{2})/.exec(html)?.[1];
}

/** @astrojs/sitemap over the built pages, with each article's date as <lastmod>. */
export default function siteSitemap(): AstroIntegration {
  let outDir: URL | undefined;
  const inner = sitemap({
    // Pages only: endpoints such as rss.xml and robots.txt are files, not pages (every page URL ends in /).
    filter: (url) => url.endsWith('/'),
    // The dates come from the built pages rather than a second reading of content/: the page is what is
    // published, and the sitemap describes it (the JSON-LD and PubDate are the dates crawlers see there).
    serialize: (item) => {
      const file = new URL(`.${new URL(item.url).pathname}index.html`, outDir);
      let html = '';
      try {
        html = readFileSync(fileURLToPath(file), 'utf8');
      } catch {
        // A page without an index.html of its own (none today): no date.
      }
      const lastmod = pageLastmod(html);
      return lastmod ? { ...item, lastmod } : item;
    },
    // Plain <urlset>: the site has no news, image, video or alternate-language entries.
    namespaces: { news: false, xhtml: false, image: false, video: false },
  });
  return {
    ...inner,
    hooks: {
      ...inner.hooks,
      // The output folder is known only once the config is resolved; serialize above reads the pages there.
      'astro:config:done': async (params) => {
        outDir = params.config.outDir;
        await inner.hooks['astro:config:done']?.(params);
      },
    },
  };
}
