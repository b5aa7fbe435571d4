import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../../src/infographics/pool';
import { renderSocialCard } from '../../../src/infographics/social-card';

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tujie-pool-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('render pool', () => {
  it('a worker thread renders the same bytes as the main thread', async () => {
    const input = { title: '图解：双随机、一公开', kindLabel: '图解', issuer: '国务院', date: '2019-02-15', siteName: '政策解读示范站' };
    const pool = createPool(1);
    try {
      const { file } = await pool.run<{ file: string }>({ kind: 'card', input, theme: 'zhengwu-red', cacheDir, root: process.cwd() });
      expect(readFileSync(file).equals(await renderSocialCard(input, 'zhengwu-red'))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a pool of size 0 runs jobs on the calling thread', async () => {
    const pool = createPool(0);
    const input = { title: '政策解读', kindLabel: '政策解读', siteName: '示范站' };
    const { file } = await pool.run<{ file: string }>({ kind: 'card', input, theme: 'qingshan-blue', cacheDir, root: process.cwd() });
    expect(file.startsWith(cacheDir)).toBe(true);
    await pool.close();
  });
});
