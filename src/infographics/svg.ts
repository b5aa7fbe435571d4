/**
 * Stage 3 of the image, satori: the layout's element trees → SVG, one per part, at the image width (or any width
 * and height, for the social card). Satori runs on the calling thread, so parts are converted one after another.
 */
import satori from 'satori';
import type { LoadedFonts } from './fonts';
import { withFallbackGlyphs } from './glyphs';
import { type El, type LayoutPart, WIDTH } from './layout';

/** Renders the parts' SVGs with satori. */
export async function partsToSvg(parts: LayoutPart[], fonts: LoadedFonts): Promise<string[]> {
  const svgs: string[] = [];
  // Sequential: satori runs on this thread, so parallel calls would only interleave.
  for (const part of parts) svgs.push(await elementToSvg(part.element, fonts, WIDTH));
  return svgs;
}

/** One element tree to SVG at the given width (height follows the content, or is fixed when given). */
export function elementToSvg(element: El, fonts: LoadedFonts, width: number, height?: number): Promise<string> {
  // satori's types name React's ReactNode; our plain {type, props} objects are what it reads.
  // Characters Noto Sans SC lacks come from fallback fonts, loaded when a text needs them (fonts.ts, glyphs.ts).
  return satori(withFallbackGlyphs(element, fonts) as unknown as Parameters<typeof satori>[0], {
    width,
    ...(height ? { height } : {}),
    fonts: fonts.satori,
    loadAdditionalAsset: fonts.loadAdditionalAsset,
  });
}

/** Height in px of a satori SVG, from its root element's height attribute; 0 when it has none. */
export function svgHeight(svg: string): number {
  const m = /^<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return m ? parseFloat(m[1]!) : 0;
}
