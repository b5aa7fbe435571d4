// The form editor (npm run cms) in Debian's Chromium, local-folder mode: Decap CMS through its local proxy
// (decap-server) on a private copy of the project, so the test never writes the project's own files; the entry made
// through the form is built into a page there. The workflow mode runs on a Git repository of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { startCmsServer, type CmsServer } from '../../src/cms/server';
import { checkContent } from '../../src/check/validate';
import { productionBuildEnv } from '../../src/release/build-env';
import { copyProjectSources } from '../support/project-copy';

let root: string;
let server: CmsServer;
let browser: Browser;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'jiedu-cms-e2e-'));
  // The whole project (its sources, the rendered infographics), so the entry can be built into a page.
  copyProjectSources(root, { infographicCache: true });
  server = await startCmsServer({ root, port: 0, proxyPort: 0 });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function interpretationFiles(): string[] {
  return readdirSync(join(root, 'content/interpretations')).sort();
}

/** Opens the form of a new entry of `collection`, logged in to the local folder of `on`. */
async function openNew(collection: 'interpretations' | 'infographics', on: CmsServer = server): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(on.adminUrl);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: /解读/ }).first().waitFor();
  await page.goto(`${on.adminUrl}#/collections/${collection}/new`);
  await page.getByLabel('标题', { exact: true }).waitFor();
  return page;
}
const openNewInterpretation = () => openNew('interpretations');

/** The input of the field labelled `key` (Decap's ids are <name>-field-<n>). */
async function inputOf(page: Page, key: string) {
  const id = await page.locator(`label[for^="${key}-field-"]`).first().getAttribute('for');
  return page.locator(`[id="${id}"]`);
}

async function pickOption(page: Page, key: string, typed: string): Promise<void> {
  await (await inputOf(page, key)).click();
  await page.keyboard.type(typed);
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
}

async function typeBody(page: Page, lines: string[]): Promise<void> {
  const box = page.locator('label[for^="body-field-"]').locator('xpath=../..');
  await box.locator('[contenteditable="true"]').first().click();
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    if (line) await page.keyboard.type(line);
  }
}

async function publishNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.getByRole('menuitem', { name: '立即发布' }).click();
}

describe('form editor (npm run cms, local folder)', () => {
  it('an interpretation created through the form is the file a hand edit gives, and it passes the check', async () => {
    const before = interpretationFiles();
    const page = await openNewInterpretation();
    await page.getByLabel('标题', { exact: true }).fill('表单测试解读');
    // The document is found by its 文号 in the searchable picker.
    await pickOption(page, 'documents', '国发〔2019〕5号');
    await pickOption(page, 'form', '问答');
    await (await inputOf(page, 'publishedAt')).fill('2019-02-20');
    await typeBody(page, ['## 一、为什么出台', '', '正文。']);
    await publishNow(page);

    await expect.poll(() => interpretationFiles().length, { timeout: 60_000 }).toBe(before.length + 1);
    const added = interpretationFiles().find((f) => !before.includes(f))!;
    expect(added).toMatch(/^jiedu-\d{8}-\d{6}\.mdx$/);
    const file = `content/interpretations/${added}`;
    expect(readFileSync(join(root, file), 'utf8')).toBe(
      [
        '---',
        'title: 表单测试解读',
        'documents:',
        '  - guofa-2019-5',
        'form: 问答',
        'publishedAt: 2019-02-20',
        '---',
        '',
        '## 一、为什么出台',
        '',
        '正文。',
        '',
      ].join('\n'),
    );
    const errors = checkContent(root).problems.filter((p) => p.file === file && p.severity === 'error');
    expect(errors).toEqual([]);
    await page.close();

    // The same file builds into its page, with the title typed in the form.
    const build = spawnSync('npx', ['astro', 'build'], { cwd: root, encoding: 'utf8', env: productionBuildEnv() });
    if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
    const html = readFileSync(join(root, 'dist/jiedu', added.replace(/\.mdx$/, ''), 'index.html'), 'utf8');
    expect(html).toMatch(/<h1[^>]*>[^<]*表单测试解读/);
  }, 900_000);

  it('a value the check refuses is shown in Chinese next to the form, and saving it writes no file', async () => {
    const before = interpretationFiles();
    const page = await openNewInterpretation();
    await page.getByLabel('标题', { exact: true }).fill('没有原文件的解读');
    await pickOption(page, 'form', '文字解读');
    await (await inputOf(page, 'publishedAt')).fill('2019-02-20');
    // The preview pane shows the check's problem while the editor types.
    const panel = page.locator('iframe').contentFrame().locator('[data-check="problems"]');
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toContain('documents (原文件)');
    await publishNow(page);
    const toast = page.getByText(/保存内容失败/);
    await toast.waitFor({ timeout: 30_000 });
    const text = await toast.innerText();
    expect(text).toContain('检查发现 1 个错误，没有保存');
    expect(text).toContain('documents (原文件)');
    expect(interpretationFiles()).toEqual(before);
    await page.close();
  });
});

describe('form editor: infographics', () => {
  it('a key figure inserted through the component dialog is written as hand-written MDX, and the preview shows the rendered image', async () => {
    const before = readdirSync(join(root, 'content/infographics')).sort();
    const page = await openNew('infographics');
    await page.getByLabel('标题', { exact: true }).fill('一图读懂表单测试');
    await pickOption(page, 'document', '国发〔2019〕5号');
    await (await inputOf(page, 'publishedAt')).fill('2019-02-20');
    const body = page.locator('label[for^="body-field-"]').locator('xpath=../..');
    await body.locator('[contenteditable="true"]').first().click();
    // A section heading (the image build needs at least one ## section), from the toolbar as editors do.
    await body.getByRole('button', { name: '标题' }).click();
    await page.getByRole('menuitem', { name: '标题 2' }).click();
    await page.keyboard.type('主要目标');
    await page.keyboard.press('Enter');
    await body.getByRole('button', { name: '添加组件' }).click();
    await page.getByRole('menuitem', { name: '关键数字' }).click();
    await (await inputOf(page, 'value')).fill('2020');
    await (await inputOf(page, 'unit')).fill('年底');
    await (await inputOf(page, 'label')).fill('相关部门全覆盖');
    const image = page.locator('iframe').contentFrame().locator('[data-image="ok"] img').first();
    await expect.poll(async () => (await image.getAttribute('src', { timeout: 1000 }).catch(() => null)) ?? '', { timeout: 90_000 }).toMatch(/^data:image\/png;base64,/);
    await publishNow(page);

    const files = () => readdirSync(join(root, 'content/infographics')).sort();
    await expect.poll(() => files().length, { timeout: 60_000 }).toBe(before.length + 1);
    const added = files().find((f) => !before.includes(f))!;
    expect(readFileSync(join(root, 'content/infographics', added), 'utf8')).toBe(
      [
        '---',
        'title: 一图读懂表单测试',
        'document: guofa-2019-5',
        'publishedAt: 2019-02-20',
        '---',
        '',
        '## 主要目标',
        '',
        '<Figure value="2020" unit="年底" label="相关部门全覆盖" />',
        '',
      ].join('\n'),
    );
    await page.close();
  });
});

describe('form editor: the workflow on local Git branches (npm run cms -- --workflow)', () => {
  let repo: string;
  let workflow: CmsServer;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'jiedu-cms-workflow-'));
    cpSync('content', join(repo, 'content'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.name=测试', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'content');
    git('config', 'user.name', '测试编辑');
    git('config', 'user.email', 'bianji@example.org');
    workflow = await startCmsServer({ root: repo, port: 0, proxyPort: 0, workflow: true, signer: '李审签' });
  }, 120_000);
  afterAll(async () => {
    await workflow?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('moving an interpretation to 就绪 records who signed it off and when; publishing brings it into main', async () => {
    const page = await openNew('interpretations', workflow);
    await page.getByLabel('标题', { exact: true }).fill('审签测试解读');
    await pickOption(page, 'documents', '国发〔2019〕5号');
    await pickOption(page, 'form', '问答');
    await (await inputOf(page, 'publishedAt')).fill('2019-02-20');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const branches = () => git('branch', '--list', 'cms/*', '--format=%(refname:short)').split('\n').filter(Boolean);
    await expect.poll(branches, { timeout: 60_000 }).toHaveLength(1);
    const branch = branches()[0]!;
    const file = `content/interpretations/${branch.split('/').at(-1)}.mdx`;
    // decap-server makes the branch first, then commits the file on it.
    const onBranch = () => {
      try {
        return execFileSync('git', ['show', `${branch}:${file}`], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        return '';
      }
    };
    await expect.poll(onBranch, { timeout: 30_000 }).toContain('title: 审签测试解读');
    expect(onBranch()).not.toContain('signOff');

    for (const status of ['审核中', '就绪']) {
      await page.getByRole('button', { name: /^状态: / }).click();
      await page.getByRole('menuitem', { name: status }).click();
      await page.getByRole('button', { name: `状态: ${status}` }).waitFor({ timeout: 30_000 });
    }
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await expect.poll(onBranch, { timeout: 30_000 }).toContain(`signOff:\n  by: 李审签\n  at: ${today}\n`);
    expect(onBranch()).toBe(
      ['---', 'title: 审签测试解读', 'documents:', '  - guofa-2019-5', 'form: 问答', 'publishedAt: 2019-02-20', 'signOff:', '  by: 李审签', `  at: ${today}`, '---', ''].join('\n'),
    );
    expect(git('status', '--porcelain')).toBe('');

    // Decap asks “确定要发布吗？” in a browser dialog in the workflow.
    page.on('dialog', (dialog) => void dialog.accept());
    await publishNow(page);
    await expect.poll(() => existsSync(join(repo, file)), { timeout: 60_000 }).toBe(true);
    expect(readFileSync(join(repo, file), 'utf8')).toContain('signOff:\n  by: 李审签\n');
    expect(checkContent(repo).problems.filter((p) => p.file === file && p.severity === 'error')).toEqual([]);
    await page.close();
  }, 300_000);
});

describe('production build', () => {
  it('contains no editing UI: no /admin/ and no Decap code', () => {
    expect(existsSync('dist/index.html')).toBe(true);
    expect(existsSync('dist/admin')).toBe(false);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(html|js|mjs)$/.test(e.name) && /CMS_MANUAL_INIT|decap-cms/.test(readFileSync(full, 'utf8'))) offenders.push(full);
      }
    };
    walk('dist');
    expect(offenders).toEqual([]);
  });
});
