/**
 * The rendered long image of an infographic as the form holds it, for the form editor's preview pane: the entry is
 * written the way the form writes it into a temporary copy of content/ (so its masthead and footer name the
 * original document as the build would), parsed and rendered by the image build's own stages (src/infographics/:
 * parseInfographic, renderImages with the dev server's fast `preview` encoding). Nothing under `root` is written.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFontPaths, loadFonts, type LoadedFonts } from '../infographics/fonts';
import { parseInfographic } from '../infographics/parse';
import { renderImages } from '../infographics/render';
import { readContentForImages } from '../infographics/sources';
import { formatProblem, ContentError } from '../lib/problems';
import { entryPath, formDataToFileText } from './check-entry';

/** What the preview pane shows: the long image's pieces at 1x as PNG data URLs, or why there is none. */
export interface InfographicPreview {
  /** data:image/png;base64,… of each piece of the long image, top to bottom (one unless it had to be cut). */
  images: string[];
  /** The problems that stop the image (parser errors, a section too tall), formatted as `npm run check` prints them. */
  problems: string[];
}

let fonts: LoadedFonts | undefined;

/**
 * Renders the infographic `slug` (undefined for a new one) with the form's values `data`, against the content of
 * the project at `root`; `fontRoot` is where node_modules with the fonts is. Takes a few seconds the first time
 * (the fonts are read once per process).
 */
export async function renderInfographicPreview(root: string, fontRoot: string, slug: string | undefined, data: Record<string, unknown>): Promise<InfographicPreview> {
  const file = entryPath(root, 'infographics', slug);
  const copy = mkdtempSync(join(tmpdir(), 'jiedu-cms-image-'));
  try {
    cpSync(join(root, 'content'), join(copy, 'content'), { recursive: true });
    writeFileSync(join(copy, file), formDataToFileText('infographics', data));
    const content = readContentForImages(copy);
    const source = content.infographics.find((i) => i.file === file);
    if (!source) return { images: [], problems: ['图解的字段部分读不出来：请先按检查结果改正。'] };
    const { model, problems } = parseInfographic(source.source, file);
    const errors = [...problems, ...content.problems.filter((p) => p.file === file)].filter((p) => p.severity === 'error');
    if (errors.length) return { images: [], problems: errors.map(formatProblem) };
    fonts ??= loadFonts(defaultFontPaths(fontRoot));
    const { files, long } = await renderImages({ model, context: source.context, theme: content.site.theme, fonts }, { encoding: 'preview' });
    const images = long.map((piece) => files.find((f) => f.image.file === piece.image.file)!).map((f) => `data:image/${f.image.format};base64,${f.data.toString('base64')}`);
    return { images, problems: [] };
  } catch (e) {
    if (e instanceof ContentError) return { images: [], problems: e.problems.map(formatProblem) };
    throw e;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
