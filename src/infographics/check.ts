/**
 * The infographic part of `npm run check`: every rule the image build enforces, without rendering. Each source
 * goes through the same parser as the build (parse.ts: headings, components and their props, Steps, limits) and,
 * when it parses cleanly, through the same layout (layout.ts), whose part heights measure.ts computes from the
 * element trees, so a section too tall for an image is an error with the line of its ## heading before
 * satori or sharp run. The build (render.ts) still applies the same limit to what it renders.
 */
import type { SourceFile } from '../content/files';
import { ContentError, type Problem } from '../lib/problems';
import { defaultFontPaths, loadFonts, type LoadedFonts } from './fonts';
import { findMissingGlyphs } from './glyphs';
import { layoutInfographic } from './layout';
import { WEBP_MAX, findTooTallParts } from './measure';
import { infographicContext, parseInfographicFile } from './sources';
import { paletteOf } from './themes';

/** What the check knows besides the infographic files: the entries the masthead and footer name, and the site. */
export interface InfographicCheckInput {
  /** Project root, where the fonts are found (node_modules). */
  root: string;
  /** The infographic files (collection infographics) that could be read. */
  files: readonly SourceFile[];
  /** Frontmatter of every document that passed its schema, by id. */
  documents: ReadonlyMap<string, Record<string, unknown>>;
  /** Organisation names by id. */
  organizationNames: ReadonlyMap<string, string>;
  /** Site name, theme and address (content/site.yaml), when it passed its schema. */
  site?: { name: string; theme: string; baseUrl?: string };
  /** Problems other rules already reported: a parser error on a line that already has an error is not repeated. */
  reported: readonly Problem[];
  /** Largest 2x height of one part; WebP's limit unless a test sets a smaller one. */
  maxHeight?: number;
  /** Fonts to measure with; loaded from the project when not given. */
  fonts?: LoadedFonts;
}

/**
 * Problems the image build would hit in each infographic, with file, line and fix in Chinese: the parser's
 * (a ### heading, a <Figure value> over 8 characters, a <Steps> of one step …) and parts taller than an image.
 * Frontmatter is left to the schema check, which reports it with the field.
 */
export function checkInfographics(input: InfographicCheckInput): Problem[] {
  const problems: Problem[] = [];
  const errorLines = new Set(input.reported.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line ?? 0}`));
  let fonts = input.fonts;
  for (const source of input.files) {
    if (source.collection !== 'infographics' || source.data === undefined) continue;
    const { model, problems: parsed } = parseInfographicFile(source);
    // A problem of the whole body (no ## section at all) has no line of its own: it is reported where the body
    // starts. Problems above the body are the frontmatter's, left to the schema check.
    const body = parsed
      .map((p) => (p.line === undefined ? { ...p, line: source.bodyLine } : p))
      .filter((p) => p.line! >= source.bodyLine && !errorLines.has(`${p.file}:${p.line}`));
    problems.push(...body);
    // A model with errors is not what the build would render; its heights would mislead.
    if (parsed.some((p) => p.severity === 'error')) continue;
    if (!fonts) {
      try {
        fonts = loadFonts(defaultFontPaths(input.root));
      } catch (e) {
        if (!(e instanceof ContentError)) throw e;
        problems.push(...e.problems);
        return problems;
      }
    }
    const doc = input.documents.get(model.meta.document);
    const context = infographicContext(model.meta.document, doc, input.organizationNames, input.site?.name ?? '政策解读', input.site?.baseUrl);
    const parts = layoutInfographic({ model, context, palette: paletteOf(input.site?.theme ?? 'zhengwu-red'), fonts });
    problems.push(...findTooTallParts(model, parts, input.maxHeight ?? WEBP_MAX));
    // Characters no font has would be empty boxes in the image (glyphs.ts; cmaps read once per process).
    problems.push(...findMissingGlyphs(model, context, source, fonts));
  }
  return problems;
}
