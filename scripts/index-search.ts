// Indexes an already built site for search without rebuilding it: npx tsx scripts/index-search.ts [dist]
// `npm run build` does the same through src/integrations/search-index.ts.
import { resolve } from 'node:path';
import { indexSite } from '../src/search/index-site';

const siteDir = resolve(process.argv[2] ?? 'dist');
try {
  const report = await indexSite(siteDir);
  if (report.pages === 0) {
    console.error(`${siteDir} 中没有带 data-pagefind-body 的页面，请先运行 npm run build。`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
