// Indexes an already built site for search without rebuilding it: npx tsx scripts/index-search.ts [dist]
// `npm run build` does the same through src/integrations/search-index.ts.
import { resolve } from 'node:path';
import { DEFAULT_SHARD_BYTES, DEFAULT_SHARD_PAGES, indexSite, type ShardOptions } from '../src/search/index-site';
import { readCommandLine } from './cli';

const USAGE = `Usage: npx tsx scripts/index-search.ts [dist]
用法：npx tsx scripts/index-search.ts [网站目录]

Indexes an already built site for search (Pagefind) without rebuilding it; npm run build does this itself.
为已构建的网站重建搜索索引，不重新构建（npm run build 会自动建索引）。

  dist                 the built site, default dist（已构建的网站目录，默认 dist）
  --shard-pages <n>    most pages in one index shard (default ${DEFAULT_SHARD_PAGES}, or JIEDU_SEARCH_SHARD_PAGES)
                       （每个索引分片最多的页面数）
  --shard-bytes <n>    most bytes of page HTML in one shard (default ${DEFAULT_SHARD_BYTES}, or JIEDU_SEARCH_SHARD_BYTES)
                       （每个索引分片最多的 HTML 字节数）
  --only <n,n,...>     index only these shards (from 0), for separate CI runners; the others' folders are kept
                       （只建这些分片的索引，供多台 CI 机器分别构建后合并发布）
  -h, --help           this text（显示本说明）

Memory is bounded by the shard size: Pagefind needs about 1 MB per page of 6,000 characters.
内存占用取决于分片大小：每个 6000 字的页面约需 1 MB。`;

const { values, positionals } = readCommandLine({
  name: 'npx tsx scripts/index-search.ts',
  audience: 'operator',
  usage: USAGE,
  options: { 'shard-pages': { type: 'string' }, 'shard-bytes': { type: 'string' }, only: { type: 'string' } },
  maxPositionals: 1,
});

const shardOptions: ShardOptions = {};
for (const [option, key] of [['shard-pages', 'shardPages'], ['shard-bytes', 'shardBytes']] as const) {
  const text = values[option];
  if (text === undefined) continue;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${option} ${text}：应为大于 0 的整数。`);
    process.exit(2);
  }
  shardOptions[key] = n;
}

if (values.only !== undefined) {
  const only = values.only.split(',').map((part) => Number(part.trim()));
  if (only.some((n) => !Number.isInteger(n) || n < 0)) {
    console.error(`--only ${values.only}：应为从 0 起的分片编号，用逗号分隔（例如 --only 0,2）。`);
    process.exit(2);
  }
  shardOptions.only = only;
}

const siteDir = resolve(positionals[0] ?? 'dist');
try {
  const report = await indexSite(siteDir, console, shardOptions);
  if (report.pages === 0) {
    console.error(`${siteDir} 中没有带 data-pagefind-body 的页面，请先运行 npm run build。`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
