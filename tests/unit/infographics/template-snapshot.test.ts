import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { renderImages } from '../../../src/infographics/render';
import { renderSocialCard } from '../../../src/infographics/social-card';
import { THEMES } from '../../../src/schemas/site';
import { CONTEXT, FIXTURES, allBlocksModel } from './fixtures';

const fonts = loadFonts();
const REFERENCES = path.join(FIXTURES, 'references');
/** Set UPDATE_INFOGRAPHIC_SNAPSHOTS=1 to write new reference images after an intended change of a template. */
const UPDATE = process.env.UPDATE_INFOGRAPHIC_SNAPSHOTS === '1';

/** Compares an image with its committed reference PNG: same size, and at most 0.1% of pixels visibly different. */
async function expectMatchesReference(image: Buffer, name: string): Promise<void> {
  const file = path.join(REFERENCES, `${name}.png`);
  const actual = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (UPDATE || !existsSync(file)) {
    mkdirSync(REFERENCES, { recursive: true });
    writeFileSync(file, await sharp(image).png({ compressionLevel: 9 }).toBuffer());
    if (!UPDATE) throw new Error(`reference ${name}.png did not exist and was written; check it and run again`);
    return;
  }
  const expected = await sharp(readFileSync(file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = expected.info;
  expect({ width: actual.info.width, height: actual.info.height }).toEqual({ width, height });
  const diff = pixelmatch(actual.data, expected.data, undefined, width, height, { threshold: 0.1 });
  expect(diff / (width * height)).toBeLessThanOrEqual(0.001);
}

describe('template snapshots', () => {
  for (const theme of THEMES) {
    it(`an infographic with every block renders as its reference image in theme ${theme}`, async () => {
      const { files } = await renderImages({ model: allBlocksModel(), context: CONTEXT, theme, fonts });
      const long = files.find((f) => f.image.file === 'all-blocks.png')!;
      expect(long.image.width).toBe(750);
      await expectMatchesReference(long.data, `all-blocks-${theme}`);
    });
  }

  it('a section downloaded alone renders as its reference image', async () => {
    const { files } = await renderImages({ model: allBlocksModel(), context: CONTEXT, theme: 'zhengwu-red', fonts });
    const section = files.find((f) => f.image.file === 'all-blocks-section-2.png')!;
    expect(section.image.width).toBe(750);
    await expectMatchesReference(section.data, 'all-blocks-section-2');
  });

  it('a social card renders as its reference image', async () => {
    const png = await renderSocialCard(
      { title: '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见', kindLabel: '政策解读', issuer: '国务院', date: '2019-02-15', siteName: '政策解读示范站' },
      'zhengwu-red',
      fonts,
    );
    await expectMatchesReference(png, 'social-card-zhengwu-red');
  });
});
