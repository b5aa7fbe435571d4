// The preview never dies (issue 14): with a bad value in one interpretation's frontmatter and an unknown component in
// one infographic, `npm run dev` starts, the rest of the site previews, a phone-sized browser sees the Chinese
// problem list (and no English overlay), and the terminal prints Chinese problems, not stack traces.
// Runs `astro dev` in a copy of the project (its own caches), so the shared work tree is never changed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PHONE } from './browser';
import { productionBuildEnv } from '../../src/release/build-env';
import { copyProjectSources } from '../support/project-copy';

const BAD_INTERPRETATION = 'content/interpretations/guofa-2019-5-shili-wenzi.mdx';
const BAD_INFOGRAPHIC = 'content/infographics/guobanfa-2019-6-shili-tujie.mdx';

const work = mkdtempSync(join(tmpdir(), 'jiedu-dev-preview-'));
let server: ChildProcess | undefined;
let output = '';
let base = '';
let browser: Browser;

/** Replaces `from` by `to` in a file of the copy; fails when `from` is not there (the sample content changed). */
function edit(file: string, from: string | RegExp, to: string): void {
  const path = join(work, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file} no longer has ${String(from)}; update this test.`);
  writeFileSync(path, changed);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits until the dev server answers the home page, or fails with what it printed. */
async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`astro dev stopped (exit ${server.exitCode}):\n${output.slice(-4000)}`);
    try {
      const r = await fetch(url, { headers: { accept: 'text/html' } });
      if (r.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`astro dev did not answer within ${ms / 1000} s:\n${output.slice(-4000)}`);
}

/** The problem list as the reader sees it, and whether it and the page fit the phone's width. */
async function problemList(page: Page) {
  await page.waitForLoadState('networkidle');
  return page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('#jiedu-dev-problems');
    const box = list?.getBoundingClientRect();
    return {
      text: list?.innerText ?? '',
      visible: !!box && box.width > 0 && box.height > 0,
      fits: !!box && box.left >= 0 && box.right <= window.innerWidth && (list?.scrollWidth ?? 0) <= (list?.clientWidth ?? 0),
      pageFits: document.documentElement.scrollWidth <= window.innerWidth,
      overlay: document.querySelectorAll('vite-error-overlay').length,
    };
  });
}

beforeAll(async () => {
  copyProjectSources(work);
  edit(BAD_INTERPRETATION, /^form: .*$/m, 'form: 问答解读');
  edit(BAD_INFOGRAPHIC, '<Figure value="80%"', '<Figur value="80%"');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(join(work, 'node_modules', '.bin', 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: work,
    // Without the test runner's variables (BASE_URL, MODE, DEV …), which Astro would take as its own.
    env: { ...productionBuildEnv(), NODE_ENV: 'development', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitForServer(`${base}/`, 300_000);
  browser = await launchBrowser();
  // Vite optimises the browser's dependencies on the first visit and then reloads the page once; let it.
  const warm = await browser.newPage({ viewport: PHONE });
  await warm.goto(`${base}/jiedu/guofa-2019-4-shili-fuzeren/`, { waitUntil: 'networkidle' });
  await warm.waitForTimeout(3000);
  await warm.close();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  // The dev server and anything it started: its own process group.
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('npm run dev with a bad entry', () => {
  it("shows the bad interpretation's problem in Chinese at 375 px, with file, line, field and the fix", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(`${base}/jiedu/guofa-2019-5-shili-wenzi/`);
    const list = await problemList(page);
    expect(list.visible).toBe(true);
    expect(list.text).toContain('本页文件的问题');
    expect(list.text).toContain(`${BAD_INTERPRETATION}:6 form（解读形式）`);
    expect(list.text).toContain('"问答解读" 不是允许的值');
    expect(list.text).toContain('改法：');
    expect(list.fits).toBe(true);
    expect(list.pageFits).toBe(true);
    await page.close();
  });

  it('shows the Chinese problem list instead of a failing infographic, and no English overlay', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const response = await page.goto(`${base}/tujie/guobanfa-2019-6-shili-tujie/`);
    expect(response?.status()).toBe(500);
    await expect(page.locator('h1').innerText()).resolves.toBe('这个页面因为内容有错误无法显示');
    const list = await problemList(page);
    expect(list.text).toContain(`${BAD_INFOGRAPHIC}:13`);
    expect(list.text).toContain('<Figur>');
    expect(list.fits).toBe(true);
    expect(list.pageFits).toBe(true);
    expect(list.overlay).toBe(0);
    await page.close();
  });

  it('previews the rest of the site with the list on top, and an open page gets no overlay when another page fails', async () => {
    const home = await browser.newPage({ viewport: PHONE });
    const response = await home.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    // The site itself is there below the list: its header and the newest interpretations.
    await expect(home.locator('header').first().isVisible()).resolves.toBe(true);
    expect(await home.locator('main a[href^="/jiedu/"]').count()).toBeGreaterThan(0);
    const list = await problemList(home);
    expect(list.text).toContain('内容检查：2 个错误');
    expect(list.fits).toBe(true);
    // Astro would send the failing infographic's error to every open page as Vite's English overlay.
    const other = await browser.newPage({ viewport: PHONE });
    await other.goto(`${base}/tujie/guobanfa-2019-6-shili-tujie/`);
    await home.waitForTimeout(2000);
    expect((await problemList(home)).overlay).toBe(0);
    await other.close();
    // Other entries render as usual.
    const ok = await home.goto(`${base}/jiedu/guofa-2019-4-shili-fuzeren/`);
    expect(ok?.status()).toBe(200);
    await home.close();
  });

  it('previews the entry once the editor fixes it, without a restart, and the list drops its problem', async () => {
    edit(BAD_INTERPRETATION, 'form: 问答解读', 'form: 问答');
    const url = `${base}/jiedu/guofa-2019-5-shili-wenzi/`;
    const until = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      await new Promise((r) => setTimeout(r, 1000));
      status = (await fetch(url, { headers: { accept: 'text/html' } })).status;
    }
    expect(status).toBe(200);
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(url);
    const list = await problemList(page);
    expect(list.text).toContain('内容检查：1 个错误');
    expect(list.text).not.toContain('问答解读');
    await expect(page.locator('main h1').first().innerText()).resolves.not.toBe('');
    await page.close();
  });

  it('prints the problems in Chinese in the terminal, without stack traces or English content errors', () => {
    expect(output).toContain('"问答解读" 不是允许的值');
    expect(output).toContain('不认识的组件 <Figur>');
    expect(output).toContain('解读有 1 个文件暂不在预览中显示');
    expect(output).not.toContain('InvalidContentEntryDataError');
    expect(output).not.toContain('Stack trace');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
