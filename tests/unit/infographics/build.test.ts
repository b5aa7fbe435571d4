import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInfographics, listFiles, loadInfographic } from '../../../src/infographics/build';
import { ContentError, formatProblem } from '../../../src/lib/problems';
import { FIXTURES } from './fixtures';

// A copy of the fixture site, so a test can break a source without touching the committed one.
let root: string;
let cacheDir: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tujie-site-'));
  cpSync(path.join(FIXTURES, 'site'), root, { recursive: true });
  cacheDir = path.join(root, '.cache', 'infographics');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('building the images of a site', () => {
  it('publishes every non-draft infographic and a social card for every interpretation, infographic and organisation, one of the site, none per document', async () => {
    const outDir = path.join(root, 'dist');
    const report = await buildInfographics({ root, cacheDir, outDir, workers: 0 });
    expect(listFiles(outDir)).toEqual([
      'og/infographics/short.png',
      'og/interpretations/wenzi.png',
      // The document guofa-2019-5's page shows its issuer's card; every page without a card of its own the site's.
      'og/organizations/guowuyuan.png',
      'og/site/site.png',
      'tujie/short/short-section-1.png',
      'tujie/short/short-section-2.png',
      'tujie/short/short.png',
    ]);
    expect(report.infographics.map((i) => i.id)).toEqual(['short']);
    const card = await sharp(path.join(outDir, 'og/interpretations/wenzi.png')).metadata();
    expect([card.width, card.height, card.format]).toEqual([1200, 630, 'png']);
  });

  it('a second build renders nothing: every image comes from the cache', async () => {
    const report = await buildInfographics({ root, cacheDir, outDir: path.join(root, 'dist2'), workers: 0 });
    expect(report.infographics.every((i) => i.cached)).toBe(true);
    expect(report.cards.rendered).toBe(0);
  });

  it('gives a page the model, the text version and the image sizes of an infographic', async () => {
    const loaded = await loadInfographic('short', { root, cacheDir });
    expect(loaded.textId).toBe('tujie-text-short');
    expect(loaded.html).toContain('<h2 id="tujie-text-short-1"><span class="tujie-number">1.</span> 怎么抽</h2>');
    expect(loaded.alt).toBe('图解：双随机、一公开');
    expect(loaded.images).toHaveLength(1);
    const [image] = loaded.images;
    expect(image!.width).toBe(750);
    expect(image!.href).toMatch(/^\/tujie\/short\/short\.png\?v=[0-9a-f]{10}$/);
    expect(image!.fileName).toBe('图解：双随机、一公开.png');
    const file = path.join(root, 'dist', 'tujie', 'short', 'short.png');
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height, statSync(file).size]).toEqual([image!.width, image!.height, image!.bytes]);
    // The page stacks the slices in the long image's place: together exactly as tall, each published.
    expect(image!.slices.reduce((h, s) => h + s.height, 0)).toBe(image!.height);
    for (const slice of image!.slices) {
      expect(slice.src).toMatch(/^\/tujie\/short\/short(-top|-rest)?\.png\?v=[0-9a-f]{10}$/);
      expect(await sharp(path.join(root, 'dist', slice.src.replace(/\?.*$/, ''))).metadata()).toMatchObject({ width: slice.width, height: slice.height });
    }
    expect(loaded.sections.map((s) => [s.number, s.title])).toEqual([[1, '怎么抽'], [2, '怎么公开']]);
    expect(loaded.socialCard).toBe('/og/infographics/short.png');
  });

  it('a failed render publishes nothing, not even the images that did render', async () => {
    // A second infographic whose one section is taller than the (lowered) limit fails the whole build.
    const para = '抽查事项、抽查计划、抽查结果都要及时、准确、规范向社会公开，实现阳光监管，杜绝任性执法。';
    writeFileSync(
      path.join(root, 'content', 'infographics', 'tall.mdx'),
      `---\ntitle: 太长\ndocument: guofa-2019-5\npublishedAt: 2019-02-15\n---\n\n## 很长\n\n${Array.from({ length: 8 }, () => para).join('\n\n')}\n`,
    );
    const outDir = path.join(root, 'dist-failed');
    const error = await buildInfographics({ root, cacheDir, outDir, workers: 0, maxHeight: 1200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems.map(formatProblem).join('\n')).toContain('content/infographics/tall.mdx:7');
    expect(listFiles(outDir)).toEqual([]);
    rmSync(path.join(root, 'content', 'infographics', 'tall.mdx'));
  });

  it('a source with errors stops the build before anything renders, with every problem', async () => {
    writeFileSync(path.join(root, 'content', 'infographics', 'broken.mdx'), `---\ntitle: 坏\ndocument: guofa-2019-5\npublishedAt: 2019-02-15\n---\n\n## 节\n\n<Chart />\n\n<Figure value="1" />\n`);
    const error = await buildInfographics({ root, cacheDir, outDir: path.join(root, 'dist-broken'), workers: 0 }).catch((e: unknown) => e);
    expect((error as ContentError).problems.filter((p) => p.severity === 'error').map((p) => `${p.line} ${p.field ?? ''}`)).toEqual(['9 ', '11 label']);
    await expect(loadInfographic('broken', { root, cacheDir })).rejects.toBeInstanceOf(ContentError);
    rmSync(path.join(root, 'content', 'infographics', 'broken.mdx'));
  });

  it('a draft is not rendered, even when it has errors, and an entry scheduled after today is not published', async () => {
    const report = await buildInfographics({ root, cacheDir, outDir: path.join(root, 'dist3'), workers: 0, publish: false });
    expect(report.infographics.map((i) => i.id)).toEqual(['short']);
  });
});
