import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARD_BYTES, DEFAULT_SHARD_PAGES, indexSite, patchPagefindScript, shardOptionsFromEnv } from '../../../src/search/index-site';
import { readResultPages, readShardList } from '../../../src/search/fragments';
import { PAGEFIND_RESULT_FIELDS, PATCHED_RESULT_FIELDS, orderByShard, planShards, shardDirectory, type ShardPage } from '../../../src/search/shards';

const page = (file: string, date: string, bytes = 100): ShardPage => ({ file, date, bytes });

describe('planShards', () => {
  it('puts pages in shards of at most maxPages, oldest first, each shard after the previous one in date', () => {
    const pages = [page('c', '2020-01-01'), page('a', '2019-05-01'), page('e', '2024-01-01'), page('b', '2019-05-01'), page('d', '2021-03-03')];
    const shards = planShards(pages, 2, Infinity);
    expect(shards.map((s) => s.map((p) => p.file))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('starts a new shard before the bytes would pass maxBytes; a page larger than that is a shard of its own', () => {
    const pages = [page('a', '2019-01-01', 40), page('b', '2019-01-02', 40), page('c', '2019-01-03', 500), page('d', '2019-01-04', 30)];
    expect(planShards(pages, 100, 100).map((s) => s.map((p) => p.file))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('puts pages without a date first and gives the same shards for the same pages in any order', () => {
    const pages = [page('x', '2020-01-01'), page('y', ''), page('z', '2018-01-01')];
    expect(planShards(pages, 10, Infinity)[0]!.map((p) => p.file)).toEqual(['y', 'z', 'x']);
    expect(planShards([...pages].reverse(), 1, Infinity)).toEqual(planShards(pages, 1, Infinity));
  });

  it('makes no shard of no pages', () => {
    expect(planShards([], 10, 10)).toEqual([]);
  });
});

describe('orderByShard', () => {
  // Pagefind's merged date sort: results ordered by their position within their own shard, so shards interleave.
  const merged = [
    { id: 'a2', shard: 0 },
    { id: 'b2', shard: 1 },
    { id: 'a1', shard: 0 },
    { id: 'b1', shard: 1 },
  ];
  it('puts the newest shard first for a descending sort, keeping each shard’s own order', () => {
    expect(orderByShard(merged, (r) => r.shard, 'desc').map((r) => r.id)).toEqual(['b2', 'b1', 'a2', 'a1']);
  });
  it('puts the oldest shard first for an ascending sort', () => {
    expect(orderByShard(merged, (r) => r.shard, 'asc').map((r) => r.id)).toEqual(['a2', 'a1', 'b2', 'b1']);
  });
});

describe('shard folders and options', () => {
  it('keeps the first shard in the index folder and the others in shard-<n>/', () => {
    expect([0, 1, 12].map(shardDirectory)).toEqual(['', 'shard-1/', 'shard-12/']);
  });

  it('reads the shard size from the environment, with defaults, and refuses what is not a whole number above 0', () => {
    expect(shardOptionsFromEnv({})).toEqual({ shardPages: DEFAULT_SHARD_PAGES, shardBytes: DEFAULT_SHARD_BYTES });
    expect(shardOptionsFromEnv({ JIEDU_SEARCH_SHARD_PAGES: '3', JIEDU_SEARCH_SHARD_BYTES: '1000' })).toEqual({ shardPages: 3, shardBytes: 1000 });
    expect(() => shardOptionsFromEnv({ JIEDU_SEARCH_SHARD_PAGES: '0' })).toThrow('JIEDU_SEARCH_SHARD_PAGES=0：应为大于 0 的整数');
    expect(() => shardOptionsFromEnv({ JIEDU_SEARCH_SHARD_BYTES: '1.5' })).toThrow('JIEDU_SEARCH_SHARD_BYTES=1.5');
  });
});

describe('indexSite in shards, with the pinned Pagefind', () => {
  it('adds the index folder to Pagefind’s results, and refuses a pagefind.js without the expected text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-patch-'));
    try {
      writeFileSync(join(dir, 'pagefind.js'), `let res={id:result2.p,${PAGEFIND_RESULT_FIELDS},data:1};`);
      patchPagefindScript(dir);
      expect(readFileSync(join(dir, 'pagefind.js'), 'utf8')).toBe(`let res={id:result2.p,${PATCHED_RESULT_FIELDS},data:1};`);
      // Patched already, or another Pagefind: the text is not there.
      expect(() => patchPagefindScript(dir)).toThrow('found 0 times');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets separate runners index some shards each; their folders put together are the whole index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-runners-'));
    const quiet = { info: () => undefined, warn: () => undefined };
    try {
      const site = join(dir, 'site');
      for (const [name, date] of [['a', '2019-01-01'], ['b', '2020-01-01'], ['c', '2021-01-01']] as const) {
        mkdirSync(join(site, 'wenjian', name), { recursive: true });
        writeFileSync(join(site, 'wenjian', name, 'index.html'), `<html lang="zh-CN"><body><main data-pagefind-body><h1>标题${name}</h1><span data-pagefind-sort="date">${date}</span></main></body></html>`);
      }
      // Runner 1 builds shards 0 and 2, runner 2 builds shard 1, each on its own copy of the built site.
      cpSync(site, join(dir, 'runner2'), { recursive: true });
      await indexSite(site, quiet, { shardPages: 1, only: [0, 2] });
      await indexSite(join(dir, 'runner2'), quiet, { shardPages: 1, only: [1] });
      expect(existsSync(join(site, 'pagefind', 'shard-1'))).toBe(false);
      expect(readFileSync(join(dir, 'runner2', 'pagefind', 'shards.json'), 'utf8')).toBe(readFileSync(join(site, 'pagefind', 'shards.json'), 'utf8'));
      cpSync(join(dir, 'runner2', 'pagefind', 'shard-1'), join(site, 'pagefind', 'shard-1'), { recursive: true });
      expect(readResultPages(join(site, 'pagefind')).map((p) => [p.url, p.shard])).toEqual([['/wenjian/a/', 0], ['/wenjian/b/', 1], ['/wenjian/c/', 2]]);
      await expect(indexSite(site, quiet, { shardPages: 1, only: [3] })).rejects.toThrow('没有分片 3：这个网站按当前分片大小共有 3 个分片（编号 0 至 2）');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('patches the pagefind.js that the pinned Pagefind writes (a tiny site in two shards)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-shards-'));
    try {
      for (const [name, date] of [['a', '2019-01-01'], ['b', '2020-01-01']] as const) {
        mkdirSync(join(dir, 'wenjian', name), { recursive: true });
        const html = `<html lang="zh-CN"><body><main data-pagefind-body><h1>标题${name}</h1><span data-pagefind-meta="date">${date}</span><span data-pagefind-sort="date">${date}</span><p>正文${name}</p></main></body></html>`;
        writeFileSync(join(dir, 'wenjian', name, 'index.html'), html);
      }
      const report = await indexSite(dir, { info: () => undefined, warn: () => undefined }, { shardPages: 1 });
      expect(report.shards).toBe(2);
      expect(readFileSync(join(dir, 'pagefind', 'pagefind.js'), 'utf8')).toContain(PATCHED_RESULT_FIELDS);
      expect(readShardList(join(dir, 'pagefind')).shards.map((s) => [s.dir, s.from])).toEqual([['', '2019-01-01'], ['shard-1/', '2020-01-01']]);
      expect(readResultPages(join(dir, 'pagefind')).map((p) => [p.url, p.shard])).toEqual([['/wenjian/a/', 0], ['/wenjian/b/', 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
