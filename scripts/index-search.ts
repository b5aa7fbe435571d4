// Indexes an already built site for search without rebuilding it: npx tsx scripts/index-search.ts [dist]
// `npm run build` does the same through src/integrations/search-index.ts.
import { resolve } from 'node:path';
import { indexSite } from '../src/search/index-site';
import { readCommandLine } from './cli';

const USAGE = `Usage: npx tsx scripts/index-search.ts [dist]
用法：npx tsx scripts/index-search.ts [网站目录]

Indexes an already built site for search (Pagefind) without rebuilding it; npm run build does this itself.
为已构建的网站重建搜索索引，不重新构建（npm run build 会自动建索引）。

  dist         the built site, default dist（已构建的网站目录，默认 dist）
  -h, --help   this text（显示本说明）`;

const { positionals } = readCommandLine({ name: 'npx tsx scripts/index-search.ts', audience: 'operator', usage: USAGE, options: {}, maxPositionals: 1 });

const siteDir = resolve(positionals[0] ?? 'dist');
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
