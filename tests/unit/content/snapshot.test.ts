// The content snapshot (src/content/snapshot.ts): a build's check, image build, content layer and pages read each
// content file once; the preview reads again only what changed; without a held snapshot every read is fresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { contentReadCounts, resetContentReadCounts } from '../../../src/content/files';
import { holdSnapshot, invalidateSnapshot, readSnapshot, releaseSnapshots } from '../../../src/content/snapshot';
import { snapshotLoader } from '../../../src/content/loader';
import { checkContent } from '../../../src/check/validate';
import { parseAll } from '../../../src/infographics/build';
import { readContentForImages, readContentForImagesCached } from '../../../src/infographics/sources';
import { COLLECTIONS, type CollectionName } from '../../../src/content/registry';
import { CHECK_SCHEMAS } from '../../../src/schemas/collections';

const SITE = join(import.meta.dirname, '..', '..', 'fixtures', 'infographics', 'site');

/** A copy of the fixture site that a test may change. */
function copySite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-snapshot-'));
  cpSync(SITE, dir, { recursive: true });
  return dir;
}

/** Every file under content/, relative to the root. */
function contentFiles(root: string): string[] {
  return readdirSync(join(root, 'content'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort();
}

/** Read counts of the files under `root`, by path relative to it. */
function readsUnder(root: string): Record<string, number> {
  return Object.fromEntries([...contentReadCounts()].filter(([f]) => f.startsWith(`${root}/`)).map(([f, n]) => [relative(root, f), n]));
}

type Stored = { id: string; data: Record<string, unknown>; body?: string; filePath?: string; digest?: string; rendered?: { html: string }; deferredRender?: boolean };

/** Runs a collection's loader as Astro's content layer does, with a store in memory; the schema is the check's. */
async function loadCollection(root: string, collection: CollectionName, store = new Map<string, Stored>(), watcher?: unknown) {
  const warnings: string[] = [];
  const context = {
    collection,
    config: { root: pathToFileURL(`${root}/`) },
    logger: { warn: (m: string) => warnings.push(m), info: () => {}, error: (m: string) => warnings.push(m) },
    watcher,
    generateDigest: (text: string) => String(text.length) + text.slice(0, 40),
    parseData: async ({ data }: { data: Record<string, unknown> }) => CHECK_SCHEMAS[collection].parse(data),
    renderMarkdown: async (text: string) => ({ html: `<p>${text.replace(/^---\n---\n/, '').slice(0, 20)}</p>`, metadata: {} }),
    store: {
      get: (id: string) => store.get(id),
      set: (entry: Stored) => (store.set(entry.id, entry), true),
      keys: () => [...store.keys()],
      delete: (id: string) => store.delete(id),
      addModuleImport: () => {},
    },
  } as unknown as LoaderContext;
  await snapshotLoader(collection).load(context);
  return { store, warnings };
}

beforeEach(() => {
  releaseSnapshots();
  resetContentReadCounts();
});
afterEach(() => releaseSnapshots());

describe('one snapshot per run', () => {
  it('a build reads each content file once: the check, the images at build start and end, the content layer and the pages', async () => {
    holdSnapshot(SITE);
    // astro:config:setup — the content check, infographics included.
    const check = checkContent(SITE);
    // The fixture's draft holds an unknown component on purpose: the check reports it without rendering.
    expect(new Set(check.problems.filter((p) => p.severity === 'error').map((p) => p.file))).toEqual(new Set(['content/infographics/draft.mdx']));
    // Astro's content layer: every collection through the snapshot loader.
    for (const collection of COLLECTIONS) await loadCollection(SITE, collection);
    // astro:build:start and astro:build:done — the images' content and every published infographic parsed.
    parseAll(readContentForImages(SITE));
    parseAll(readContentForImages(SITE));
    // Each infographic page (loadInfographic) and each social card in the preview.
    for (let i = 0; i < 3; i++) readContentForImagesCached(SITE);

    const reads = readsUnder(SITE);
    expect(Object.keys(reads).sort()).toEqual(contentFiles(SITE));
    expect(Object.entries(reads).filter(([, n]) => n !== 1)).toEqual([]);
  });

  it('every consumer gets the same snapshot and the same check result while it is held', () => {
    holdSnapshot(SITE);
    const first = readSnapshot(SITE);
    expect(readSnapshot(SITE)).toBe(first);
    expect(checkContent(SITE)).toBe(checkContent(SITE));
    expect(first.entriesOf('infographics').map((f) => f.id)).toEqual(['draft', 'scheduled', 'short']);
    expect(first.site?.file).toBe('content/site.yaml');
  });

  it('without a held snapshot every read sees the files as they are now', () => {
    const root = copySite();
    expect(checkContent(root).problems.some((p) => p.file === 'content/documents/guofa-2019-5.md')).toBe(false);
    writeFileSync(join(root, 'content', 'documents', 'guofa-2019-5.md'), '没有元数据\n');
    expect(checkContent(root).problems.some((p) => p.file === 'content/documents/guofa-2019-5.md' && p.severity === 'error')).toBe(true);
    expect(readsUnder(root)['content/documents/guofa-2019-5.md']).toBe(2);
  });

  it('after a change in the preview, only the changed file is read again, and new and removed files are noticed', () => {
    const root = copySite();
    holdSnapshot(root);
    const before = readSnapshot(root);
    const changed = join(root, 'content', 'interpretations', 'wenzi.mdx');
    writeFileSync(changed, before.files.find((f) => f.id === 'wenzi')!.raw.replace('title:', 'title: 新'));
    writeFileSync(join(root, 'content', 'organizations', 'new-office.yaml'), 'name: 新机构\n');
    invalidateSnapshot(root, changed);
    invalidateSnapshot(root, changed);
    invalidateSnapshot(root, join(root, 'content', 'organizations', 'new-office.yaml'));
    const after = readSnapshot(root);
    expect(after).not.toBe(before);
    expect(after.generation).toBe(before.generation + 1);
    expect(after.files.find((f) => f.id === 'wenzi')!.raw).toContain('title: 新');
    expect(after.entriesOf('organizations').map((f) => f.id)).toContain('new-office');
    // Unchanged files are the very objects read before.
    expect(after.files.find((f) => f.id === 'guofa-2019-5')).toBe(before.files.find((f) => f.id === 'guofa-2019-5'));
    const reads = readsUnder(root);
    expect(reads['content/interpretations/wenzi.mdx']).toBe(2);
    expect(reads['content/organizations/new-office.yaml']).toBe(1);
    expect(Object.entries(reads).filter(([f, n]) => n !== 1 && !f.endsWith('wenzi.mdx'))).toEqual([]);
  });
});

describe('the content loader', () => {
  it('stores what Astro needs to render: Markdown rendered, MDX as a module to compile, with file paths relative to the root', async () => {
    const { store: documents } = await loadCollection(SITE, 'documents');
    const doc = documents.get('guofa-2019-5')!;
    expect(doc.filePath).toBe('content/documents/guofa-2019-5.md');
    expect(doc.rendered?.html).toMatch(/^<p>/);
    expect(doc.body).toBe(readSnapshot(SITE).files.find((f) => f.id === 'guofa-2019-5')!.body.trim());
    const { store: interpretations } = await loadCollection(SITE, 'interpretations');
    expect(interpretations.get('wenzi')).toMatchObject({ filePath: 'content/interpretations/wenzi.mdx', deferredRender: true });
    const { store: organizations } = await loadCollection(SITE, 'organizations');
    expect(organizations.get('guowuyuan')).toMatchObject({ data: { name: expect.any(String) }, body: undefined });
  });

  it('leaves out an entry with a schema error and says so in Chinese, instead of stopping the preview', async () => {
    const root = copySite();
    const file = join(root, 'content', 'interpretations', 'wenzi.mdx');
    const raw = readSnapshot(root).files.find((f) => f.id === 'wenzi')!.raw;
    writeFileSync(file, raw.replace(/^form:.*$/m, 'form: 问答解读'));
    // A build stops, naming the file, as glob() would.
    await expect(loadCollection(root, 'interpretations')).rejects.toThrow('解读有 1 个文件不能发布：content/interpretations/wenzi.mdx（元数据有错误）');
    // The preview (which has a watcher) goes on without it.
    const watcher = { add: () => {}, on: () => {} };
    const { store, warnings } = await loadCollection(root, 'interpretations', new Map([['gone', { id: 'gone', data: {} }]]), watcher);
    expect(store.has('wenzi')).toBe(false);
    expect(store.has('gone')).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('content/interpretations/wenzi.mdx（元数据有错误）')]);
    const { store: documents } = await loadCollection(root, 'documents');
    expect([...documents.keys()]).toEqual(['guofa-2019-5']);
  });
});
