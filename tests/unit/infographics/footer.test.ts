import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rendererVersions } from '../../../src/infographics/cache';
import { loadFonts } from '../../../src/infographics/fonts';
import { type El, layoutInfographic, pageAddress } from '../../../src/infographics/layout';
import { renderImages } from '../../../src/infographics/render';
import { elementToSvg } from '../../../src/infographics/svg';
import { WIDTH } from '../../../src/infographics/layout';
import { paletteOf } from '../../../src/infographics/themes';
import { CONTEXT, allBlocksModel } from './fixtures';

const fonts = loadFonts();
/** The page of the fixture infographic all-blocks on the fixture site. */
const PAGE_URL = 'https://zcjd.example.gov.cn/tujie/all-blocks/';

/** All text of an element tree, line elements joined by newlines. */
function textOf(el: El): string {
  const c = el.props.children;
  if (typeof c === 'string') return c;
  return (c ?? []).map(textOf).join('\n');
}

/** Every line element of a tree (a string child) with its font size and weight. */
function lines(el: El, size = 16, weight = 400): { text: string; size: number; weight: number }[] {
  const s = el.props.style;
  const here = { size: (s.fontSize as number | undefined) ?? size, weight: (s.fontWeight as number | undefined) ?? weight };
  const c = el.props.children;
  if (typeof c === 'string') return [{ text: c, ...here }];
  return (c ?? []).flatMap((child) => lines(child, here.size, here.weight));
}

/** The QR code found in the bottom `height` px of an image file (any format sharp reads), decoded; null when none. */
async function decodeBottom(file: Buffer, height = 800): Promise<string | null> {
  const meta = await sharp(file).metadata();
  const h = Math.min(height * (meta.width! > WIDTH ? 2 : 1), meta.height!);
  const { data, info } = await sharp(file)
    .extract({ left: 0, top: meta.height! - h, width: meta.width!, height: h })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

describe('the footer says where the image came from', () => {
  const parts = layoutInfographic({ model: allBlocksModel(), context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
  const footer = parts.find((p) => p.kind === 'footer')!.element;
  const strip = parts.find((p) => p.kind === 'sectionFooter')!.element;

  it('the page address is the canonical URL of the infographic page, printed without https://', () => {
    expect(pageAddress(allBlocksModel(), CONTEXT)).toEqual({ url: PAGE_URL, short: 'zcjd.example.gov.cn/tujie/all-blocks/' });
    expect(pageAddress(allBlocksModel(), { siteUrl: 'https://www.example.gov.cn/zcjd/' })?.url).toBe('https://www.example.gov.cn/tujie/all-blocks/');
  });

  it('a Chinese domain name is printed in Chinese, and the QR code holds its ASCII form', () => {
    expect(pageAddress(allBlocksModel(), { siteUrl: 'https://北京市人民政府.政务' })).toEqual({
      url: 'https://xn--1lq2az1zq7nbwai50ag4l.xn--zfr164b/tujie/all-blocks/',
      short: '北京市人民政府.政务/tujie/all-blocks/',
    });
  });

  it('the footer of the long image and the strip of a section image give the short address, issuer and date', () => {
    for (const el of [footer, strip]) {
      const text = textOf(el).replace(/\n/g, '');
      expect(text).toContain('zcjd.example.gov.cn/tujie/all-blocks/');
      expect(text).toContain('国务院');
      expect(text).toContain('2019-02-15');
      expect(text).toContain(CONTEXT.siteName);
      // Untrue once the image is forwarded alone (issue 15).
      expect(text).not.toContain('同一页面');
    }
    expect(textOf(footer).replace(/\n/g, '')).toContain('国发〔2019〕5号');
  });

  it('the QR code drawn in the footer decodes to the page URL at 1x and 2x', async () => {
    for (const el of [footer, strip]) {
      const svg = await elementToSvg(el, fonts, WIDTH);
      for (const density of [72, 144]) {
        const png = await sharp(Buffer.from(svg), { density }).png().toBuffer();
        expect(await decodeBottom(png, 10_000)).toBe(PAGE_URL);
      }
    }
  });

  it('every published image that ends with a footer carries a QR code to the page: the long image and each section', async () => {
    const model = allBlocksModel();
    const { files, sections } = await renderImages({ model, context: CONTEXT, theme: 'qingshan-blue', fonts });
    const decoded = await Promise.all(files.map(async (f) => ({ file: f.image.file, text: await decodeBottom(f.data) })));
    const found = decoded.filter((d) => d.text !== null);
    // Nothing decodes to another address, and at least the long image and every section image hold the page's.
    expect(found.filter((d) => d.text !== PAGE_URL)).toEqual([]);
    expect(found.length, JSON.stringify(decoded)).toBeGreaterThanOrEqual(model.sections.length + 1);
    expect(sections).toHaveLength(model.sections.length);
    for (const s of sections) expect(found.map((d) => d.file), JSON.stringify(decoded)).toContain(s.image.file);
  });

  it('every line of the printed address fits the footer in the bold it is drawn in, however long the id', () => {
    const over: string[] = [];
    // Ids whose address measured in regular weight fits a line that in bold does not (0 is the sample guofa-2019-5's).
    for (const n of [0, 5, 12, 13, 20, 37]) {
      const model = { ...allBlocksModel(), id: `guofa-2019-5-shili-tujie${'-b'.repeat(n)}` };
      const el = layoutInfographic({ model, context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts }).find((p) => p.kind === 'footer')!.element;
      const address = JSON.stringify(el).includes('tujie/') ? lines(el).filter((l) => l.text.includes('/')) : [];
      expect(address.length).toBeGreaterThan(0);
      for (const l of address) if (fonts.measure(l.text, l.size, l.weight as 400 | 700) > WIDTH - 80) over.push(`${l.text} (${n})`);
    }
    expect(over).toEqual([]);
  });

  it('the image cache key names the versions of budoux and qrcode, so an upgrade renders every image again', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(rendererVersions()).toMatchObject({ budoux: pkg.dependencies.budoux, qrcode: pkg.dependencies.qrcode });
  });

  it('without a site address there is no QR code and no address, and nothing else is lost', () => {
    const { siteUrl: _, ...withoutUrl } = CONTEXT;
    const bare = layoutInfographic({ model: allBlocksModel(), context: withoutUrl, palette: paletteOf('zhengwu-red'), fonts });
    const el = bare.find((p) => p.kind === 'footer')!.element;
    expect(JSON.stringify(el)).not.toContain('"img"');
    expect(textOf(el)).toContain('国务院');
  });
});
