import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { createPool, workerBundle } from '../../../src/infographics/pool';
import { parseInfographic } from '../../../src/infographics/parse';
import { renderSocialCard, socialCardCacheFile } from '../../../src/infographics/social-card';
import { ContentError, formatProblem } from '../../../src/lib/problems';
import { CONTEXT, source } from './fixtures';

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

  it('workers run the worker as one plain-JavaScript module (no tsx), and key the cache as the main thread does', async () => {
    const bundle = workerBundle(path.join(process.cwd(), 'src', 'infographics', 'worker.ts'));
    expect(bundle).toMatch(/\/node_modules\/\.cache\/jiedu-infographics\/worker-[0-9a-f]{16}\.mjs$/);
    const code = readFileSync(fileURLToPath(bundle!), 'utf8');
    expect(code).not.toMatch(/from ["']\.\.?\//);
    const input = { title: '图解：一次办好', kindLabel: '图解', issuer: '国务院办公厅', date: '2019-03-01', siteName: '政策解读示范站' };
    const pool = createPool(1);
    try {
      const { file } = await pool.run<{ file: string }>({ kind: 'card', input, theme: 'zhengwu-red', cacheDir, root: process.cwd() });
      // The same file name: the worker's code hash (cache.ts, from import.meta.url) is the main thread's.
      expect(file).toBe(socialCardCacheFile(input, 'zhengwu-red', loadFonts(), { cacheDir, root: process.cwd() }));
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

  it('an editor problem raised in a worker thread reaches the build as a ContentError with its file, line and fix', async () => {
    const para = '抽查事项、抽查计划、抽查结果都要及时、准确、规范向社会公开，实现阳光监管，杜绝任性执法。';
    const model = parseInfographic(source(['## 很长的一节', ...Array.from({ length: 12 }, () => para)].join('\n\n')), 'content/infographics/tall.mdx').model;
    const pool = createPool(1);
    try {
      const error = await pool.run({ kind: 'infographic', model, context: CONTEXT, theme: 'zhengwu-red', cacheDir, root: process.cwd(), maxHeight: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      const text = (error as ContentError).problems.map(formatProblem).join('\n');
      expect(text).toContain('content/infographics/tall.mdx:7');
      expect(text).toContain('第 1 节“很长的一节”太长');
      expect(text).toContain('把这一节拆成两个或更多 ## 分节');
    } finally {
      await pool.close();
    }
  });
});
