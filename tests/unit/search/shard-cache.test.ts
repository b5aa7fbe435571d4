// The shard cache (src/search/shard-cache.ts) with the pinned Pagefind: a rebuild indexes only the shards whose
// pages changed, and the index it publishes is the same, file for file, as one built without a cache.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexSite } from '../../../src/search/index-site';
import { htmlHash, shardCacheKey } from '../../../src/search/shard-cache';

const quiet = { info: () => undefined, warn: () => undefined };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiedu-shard-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writePage(site: string, name: string, date: string, text: string): void {
  mkdirSync(join(site, 'wenjian', name), { recursive: true });
  writeFileSync(
    join(site, 'wenjian', name, 'index.html'),
    `<html lang="zh-CN"><body><main data-pagefind-body><h1>标题${name}</h1><span data-pagefind-meta="date">${date}</span><span data-pagefind-sort="date">${date}</span><p>${text}</p></main></body></html>`,
  );
}

/** Every file under root with its bytes, by path relative to root. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.set(relative(root, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)).toString('base64'));
  }
  return out;
}

describe('the search shard cache', () => {
  it('re-indexes only the shard of a changed page, and publishes the same index as a build without the cache', async () => {
    const site = join(dir, 'site');
    const cache = join(dir, 'cache');
    writePage(site, 'a', '2019-01-01', '积分入户的条件');
    writePage(site, 'b', '2020-01-01', '养老服务补贴');
    writePage(site, 'c', '2021-01-01', '医疗保障待遇');
    const cold = await indexSite(site, quiet, { shardPages: 1, cacheDir: cache });
    expect([cold.shards, cold.reused]).toEqual([3, 0]);

    const unchanged = await indexSite(site, quiet, { shardPages: 1, cacheDir: cache });
    expect(unchanged.reused).toBe(3);

    writePage(site, 'b', '2020-01-01', '养老服务补贴的申请');
    const rebuild = await indexSite(site, quiet, { shardPages: 1, cacheDir: cache });
    expect(rebuild.reused).toBe(2);
    // The cache keeps only this build's shards.
    expect(readdirSync(cache).length).toBe(3);

    const fresh = join(dir, 'fresh');
    cpSync(site, fresh, { recursive: true });
    rmSync(join(fresh, 'pagefind'), { recursive: true });
    await indexSite(fresh, quiet, { shardPages: 1 });
    const withCache = tree(join(site, 'pagefind'));
    const without = tree(join(fresh, 'pagefind'));
    expect([...withCache.keys()].sort()).toEqual([...without.keys()].sort());
    for (const [file, bytes] of without) expect(withCache.get(file), file).toBe(bytes);
  }, 60_000);

  it('gives a different key when a page, the shard number, the chunk size or the indexer code differ', () => {
    const pages = [{ file: 'wenjian/a/index.html', htmlHash: htmlHash('<p>一</p>') }];
    const key = shardCacheKey(0, pages, '2000', 'code');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(shardCacheKey(0, pages, '2000', 'code')).toBe(key);
    expect(shardCacheKey(0, [{ ...pages[0]!, htmlHash: htmlHash('<p>二</p>') }], '2000', 'code')).not.toBe(key);
    expect(shardCacheKey(1, pages, '2000', 'code')).not.toBe(key);
    expect(shardCacheKey(0, pages, '4000', 'code')).not.toBe(key);
    expect(shardCacheKey(0, pages, '2000', 'other code')).not.toBe(key);
  });
});
