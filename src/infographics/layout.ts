/**
 * Stage 2 of the image: model → satori element trees, one per part (masthead, each section, footer),
 * so the long image can be cut at section boundaries and each section downloaded alone.
 * Plain {type, props} objects, no JSX. All text is broken into lines by linebreak.ts before satori sees it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { domainToUnicode } from 'node:url';
import { entryUrl } from '../content/registry';
import type { LoadedFonts } from './fonts';
import { FONT_FAMILY } from './fonts';
import { breakAddress, breakLines } from './linebreak';
import type { Block, InfographicContext, InfographicModel, KeyFigure, Section } from './model';
import { qrCodeImage } from './qr';
import { DESIGN_WIDTH, PAGE_PADDING, type Palette, TYPE } from './themes';

/** Satori style object (a subset of CSS, camelCase). */
export type Style = Record<string, string | number>;

/** A node of the element tree satori renders: a box, or an image (the footer's QR code) of the given size. */
export interface El {
  type: 'div' | 'img';
  props: { style: Style; children?: El[] | string; lang?: string; src?: string; width?: number; height?: number };
}

/** One part of the long image. */
export interface LayoutPart {
  /** masthead, section, footer; sectionFooter is the strip appended to a section downloaded alone. */
  kind: 'masthead' | 'section' | 'footer' | 'sectionFooter';
  /** Section number, for kind section. */
  section?: number;
  element: El;
}

/** What the layout needs besides the model. */
export interface LayoutInput {
  model: InfographicModel;
  context: InfographicContext;
  palette: Palette;
  fonts: LoadedFonts;
}

/**
 * Versions of the libraries whose output the layout depends on besides satori and sharp: budoux (where titles break)
 * and qrcode (the QR matrix), for the image cache key (cache.ts), so that upgrading either renders every image again.
 */
export function layoutLibraryVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versionOf = (name: string): string => {
    try {
      // budoux's exports map hides its package.json: walk up from its entry point to the package folder.
      let dir = path.dirname(require.resolve(name));
      for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
        try {
          const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
          if (pkg.name === name && pkg.version) return pkg.version;
        } catch {
          // No package.json at this level: go up.
        }
      }
    } catch {
      // Not installed: the render would fail anyway, with the module's own error.
    }
    return 'unknown';
  };
  return { budoux: versionOf('budoux'), qrcode: versionOf('qrcode') };
}

/** Width satori lays out at; every part is this wide. */
export const WIDTH = DESIGN_WIDTH;
const CONTENT = WIDTH - 2 * PAGE_PADDING;
/** px kept free at the end of each line, so rounding in satori never wraps a line a second time. */
const SLACK = 2;

function div(style: Style, children?: El[] | string): El {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children } };
}

/** Lines of text as explicit line elements, broken by our rules at `width`. */
export function textBlock(
  fonts: LoadedFonts,
  text: string,
  o: { size: number; width: number; color: string; weight?: 400 | 700; lineHeight?: number; phrases?: boolean },
): El {
  const weight = o.weight ?? 400;
  const lines = breakLines(text, o.width - SLACK, (s) => fonts.measure(s, o.size, weight), { phrases: o.phrases });
  return div(
    { flexDirection: 'column', width: o.width },
    lines.map((line) =>
      div(
        { fontSize: o.size, fontWeight: weight, color: o.color, lineHeight: o.lineHeight ?? TYPE.lineHeight, whiteSpace: 'pre' },
        line,
      ),
    ),
  );
}

/** Lays out every part of an infographic: masthead (with the lead), sections, footer, and the strip for single sections. */
export function layoutInfographic(input: LayoutInput): LayoutPart[] {
  const { model, palette: p } = input;
  const parts: LayoutPart[] = [{ kind: 'masthead', element: root(p.page, masthead(input)) }];
  for (const s of model.sections) parts.push({ kind: 'section', section: s.number, element: root(p.page, [section(input, s)]) });
  parts.push({ kind: 'footer', element: root(p.footerBg, [footer(input)]) });
  parts.push({ kind: 'sectionFooter', element: root(p.footerBg, [sectionFooter(input)]) });
  return parts;
}

function root(background: string, children: El[]): El {
  return {
    type: 'div',
    props: {
      lang: 'zh-CN',
      style: {
        display: 'flex',
        flexDirection: 'column',
        width: WIDTH,
        backgroundColor: background,
        fontFamily: FONT_FAMILY,
        boxSizing: 'border-box',
      },
      children,
    },
  };
}

function masthead(input: LayoutInput): El[] {
  const { model, context, palette: p, fonts } = input;
  const inner = CONTENT;
  const head = div(
    { flexDirection: 'column', backgroundColor: p.mastheadBg, padding: `56px ${PAGE_PADDING}px 44px` },
    [
      div({ marginBottom: 20 }, [
        div(
          {
            fontSize: TYPE.mastheadKicker,
            fontWeight: 700,
            color: p.mastheadText,
            border: `2px solid ${p.mastheadText}`,
            borderRadius: 8,
            padding: '2px 16px',
            lineHeight: 1.4,
          },
          '图解',
        ),
      ]),
      textBlock(fonts, model.meta.title, { size: TYPE.mastheadTitle, weight: 700, width: inner, color: p.mastheadText, lineHeight: TYPE.headingLineHeight, phrases: true }),
      div({ height: 2, backgroundColor: p.mastheadMuted, marginTop: 28, marginBottom: 20, width: 96 }),
      textBlock(fonts, `发文机关：${context.issuer}`, { size: TYPE.small, width: inner, color: p.mastheadMuted }),
      textBlock(fonts, `发布日期：${model.meta.publishedAt ?? '未发布（草稿）'}`, { size: TYPE.small, width: inner, color: p.mastheadMuted }),
    ],
  );
  const children = [head];
  if (model.lead.length) {
    children.push(div({ flexDirection: 'column', padding: `40px ${PAGE_PADDING}px 0` }, blocks(input, model.lead, CONTENT)));
  }
  return children;
}

function section(input: LayoutInput, s: Section): El {
  const { palette: p, fonts } = input;
  const badge = 72;
  const titleWidth = CONTENT - badge - 20;
  return div({ flexDirection: 'column', padding: `48px ${PAGE_PADDING}px 8px` }, [
    div({ alignItems: 'center', marginBottom: 28 }, [
      div(
        {
          width: badge,
          height: badge,
          borderRadius: 12,
          backgroundColor: p.primary,
          color: p.onPrimary,
          fontSize: TYPE.sectionNumber,
          fontWeight: 700,
          alignItems: 'center',
          justifyContent: 'center',
          marginRight: 20,
          flexShrink: 0,
        },
        String(s.number).padStart(2, '0'),
      ),
      textBlock(fonts, s.title, { size: TYPE.sectionTitle, weight: 700, width: titleWidth, color: p.heading, lineHeight: TYPE.headingLineHeight, phrases: true }),
    ]),
    div({ flexDirection: 'column' }, blocks(input, s.blocks, CONTENT)),
  ]);
}

function blocks(input: LayoutInput, list: Block[], width: number): El[] {
  return list.map((b) => div({ flexDirection: 'column', marginBottom: 32 }, [block(input, b, width)]));
}

function block(input: LayoutInput, b: Block, width: number): El {
  const { palette: p, fonts } = input;
  switch (b.kind) {
    case 'paragraph':
      return textBlock(fonts, b.text, { size: TYPE.body, width, color: p.text });
    case 'list':
      return div(
        { flexDirection: 'column' },
        b.items.map((item, i) => markedItem(input, b.ordered ? `${i + 1}.` : '●', item, width, p.muted)),
      );
    case 'figures':
      return figures(input, b.figures, width);
    case 'steps':
      return steps(input, b.title, b.steps, width);
    case 'compare':
      return compare(input, b, width);
    case 'note': {
      const inner = width - 8 - 2 * 28;
      return div({ backgroundColor: p.noteBg, borderRadius: 12 }, [
        div({ width: 8, backgroundColor: p.noteBar, borderRadius: '12px 0 0 12px' }),
        div({ flexDirection: 'column', padding: '24px 28px' }, [
          textBlock(fonts, b.title, { size: TYPE.body, weight: 700, width: inner, color: p.noteTitle }),
          ...b.paragraphs.map((t) => textBlock(fonts, t, { size: TYPE.body, width: inner, color: p.text })),
        ]),
      ]);
    }
  }
}

function markedItem(input: LayoutInput, marker: string, text: string, width: number, markerColor: string): El {
  const { palette: p, fonts } = input;
  const markerWidth = 44;
  const bullet = marker === '●';
  return div({ marginBottom: 12 }, [
    div(
      {
        width: markerWidth,
        flexShrink: 0,
        color: markerColor,
        fontSize: bullet ? TYPE.small : TYPE.body,
        fontWeight: 700,
        lineHeight: bullet ? (TYPE.body * TYPE.lineHeight) / TYPE.small : TYPE.lineHeight,
      },
      marker,
    ),
    textBlock(fonts, text, { size: TYPE.body, width: width - markerWidth, color: p.text }),
  ]);
}

/** Columns of a figure row: up to three, four as two by two. */
function figureColumns(n: number): number {
  return n <= 3 ? n : n === 4 ? 2 : 3;
}

function figures(input: LayoutInput, list: KeyFigure[], width: number): El {
  const { palette: p, fonts } = input;
  const cols = figureColumns(list.length);
  const gap = 20;
  const cardWidth = Math.floor((width - gap * (cols - 1)) / cols);
  const pad = 24;
  const inner = cardWidth - 2 * pad;
  const rows: El[] = [];
  for (let i = 0; i < list.length; i += cols) {
    const row = list.slice(i, i + cols);
    rows.push(
      div(
        { marginBottom: i + cols < list.length ? gap : 0 },
        row.map((f, j) => {
          // A long value shrinks to fit its card rather than wrap.
          let size: number = TYPE.figureValue;
          while (size > 40 && fonts.measure(f.value, size, 700) > inner - SLACK) size -= 4;
          const unitFits = fonts.measure(f.value, size, 700) + fonts.measure(f.unit, TYPE.figureUnit, 700) + 6 <= inner - SLACK;
          const valueLine = div({ alignItems: 'flex-end', flexWrap: 'wrap' }, [
            div({ fontSize: size, fontWeight: 700, color: p.accent, lineHeight: 1.15, whiteSpace: 'pre' }, f.value),
            ...(f.unit && unitFits
              ? [div({ fontSize: TYPE.figureUnit, fontWeight: 700, color: p.accent, lineHeight: 1.6, marginLeft: 6, whiteSpace: 'pre' }, f.unit)]
              : []),
          ]);
          return div(
            {
              flexDirection: 'column',
              width: cardWidth,
              marginLeft: j === 0 ? 0 : gap,
              backgroundColor: p.card,
              border: `2px solid ${p.cardBorder}`,
              borderTop: `8px solid ${p.accent}`,
              borderRadius: 12,
              padding: `20px ${pad - 2}px 24px`,
            },
            [
              valueLine,
              ...(f.unit && !unitFits ? [textBlock(fonts, f.unit, { size: TYPE.figureUnit, weight: 700, width: inner, color: p.accent })] : []),
              div({ height: 12 }),
              textBlock(fonts, f.label, { size: TYPE.small, width: inner - 4, color: p.muted, lineHeight: 1.5 }),
            ],
          );
        }),
      ),
    );
  }
  return div({ flexDirection: 'column' }, rows);
}

function steps(input: LayoutInput, title: string | undefined, list: string[], width: number): El {
  const { palette: p, fonts } = input;
  const circle = 52;
  const textWidth = width - circle - 24 - 2 * 24;
  const children: El[] = [];
  if (title) children.push(div({ marginBottom: 20 }, [textBlock(fonts, title, { size: TYPE.body, weight: 700, width: width - 48, color: p.heading })]));
  list.forEach((step, i) => {
    const last = i === list.length - 1;
    children.push(
      div({ alignItems: 'stretch' }, [
        div({ flexDirection: 'column', alignItems: 'center', width: circle, marginRight: 24, flexShrink: 0 }, [
          div(
            {
              width: circle,
              height: circle,
              borderRadius: circle / 2,
              backgroundColor: p.primary,
              color: p.onPrimary,
              fontSize: TYPE.small,
              fontWeight: 700,
              alignItems: 'center',
              justifyContent: 'center',
            },
            String(i + 1),
          ),
          ...(last ? [] : [div({ width: 4, flexGrow: 1, backgroundColor: p.cardBorder, minHeight: 16 })]),
        ]),
        div({ flexDirection: 'column', paddingTop: 4, paddingBottom: last ? 0 : 24 }, [
          textBlock(fonts, step, { size: TYPE.body, width: textWidth, color: p.text }),
        ]),
      ]),
    );
  });
  return div({ flexDirection: 'column', backgroundColor: p.card, border: `2px solid ${p.cardBorder}`, borderRadius: 12, padding: 22 }, children);
}

function compare(input: LayoutInput, b: Extract<Block, { kind: 'compare' }>, width: number): El {
  const { palette: p, fonts } = input;
  const gap = 20;
  const pad = 22;
  const half = Math.floor((width - gap) / 2);
  const halfInner = half - 2 * pad;
  // Side by side when every item fits in three lines of a half column; stacked otherwise.
  const fitsSideBySide = [...b.before, ...b.after].every(
    (t) => breakLines(t, halfInner - 36 - SLACK, (s) => fonts.measure(s, TYPE.small, 400)).length <= 3,
  );
  const sideWidth = fitsSideBySide ? half : width;
  const sideInner = sideWidth - 2 * pad;
  const side = (label: string, items: string[], bg: string, titleColor: string, marginLeft: number, marginTop: number) =>
    div({ flexDirection: 'column', width: sideWidth, backgroundColor: bg, borderRadius: 12, padding: pad, marginLeft, marginTop }, [
      div({ marginBottom: 12 }, [textBlock(fonts, label, { size: TYPE.body, weight: 700, width: sideInner, color: titleColor })]),
      ...items.map((t) =>
        items.length > 1
          ? div({}, [
              div({ width: 36, flexShrink: 0, fontSize: TYPE.small, color: titleColor, lineHeight: TYPE.lineHeight }, '●'),
              textBlock(fonts, t, { size: TYPE.small, width: sideInner - 36, color: p.text }),
            ])
          : textBlock(fonts, t, { size: TYPE.small, width: sideInner, color: p.text }),
      ),
    ]);
  return div({ flexDirection: 'column' }, [
    div({ marginBottom: 16 }, [textBlock(fonts, b.label, { size: TYPE.body, weight: 700, width, color: p.heading })]),
    div({ flexDirection: fitsSideBySide ? 'row' : 'column', alignItems: 'stretch' }, [
      side(b.beforeLabel, b.before, p.beforeBg, p.beforeTitle, 0, 0),
      side(b.afterLabel, b.after, p.afterBg, p.afterTitle, fitsSideBySide ? gap : 0, fitsSideBySide ? 0 : gap),
    ]),
  ]);
}

/**
 * Where the image came from, for an image forwarded alone: the page's address, printed short (host and path) and as
 * a QR code to the whole address (the canonical URL of the page, /tujie/<id>/ under baseUrl). Undefined without a
 * site address.
 */
export function pageAddress(model: Pick<InfographicModel, 'id'>, context: Pick<InfographicContext, 'siteUrl'>): { url: string; short: string } | undefined {
  if (!context.siteUrl) return undefined;
  const url = new URL(entryUrl('infographics', model.id), context.siteUrl);
  // A Chinese domain name (北京市人民政府.政务) is printed as readers type it; the QR code keeps its ASCII form.
  const host = domainToUnicode(url.hostname) + (url.port ? `:${url.port}` : '');
  return { url: url.href, short: `${host}${decodeURI(url.pathname)}` };
}

/** px of one QR module at 1x (10 at 2x): readable from a phone screen and after a messenger recompresses the image. */
export const QR_MODULE = 5;
const QR_GAP = 32;

/**
 * The footer's source note: the lines given on the left, the QR code to the page on the right, and under both the
 * short address. Footer and section strip differ only in their first lines.
 */
function sourceNote(input: LayoutInput, padding: string, lines: (width: number) => El[]): El {
  const { model, context, palette: p, fonts } = input;
  const address = pageAddress(model, context);
  const qr = address ? qrCodeImage(address.url, QR_MODULE) : undefined;
  const textWidth = CONTENT - (qr ? qr.size + QR_GAP : 0);
  const o = { size: TYPE.small, color: p.footerText, lineHeight: 1.5 } as const;
  const children: El[] = [
    div({ alignItems: 'flex-start' }, [
      div({ flexDirection: 'column', width: textWidth }, lines(textWidth)),
      ...(qr
        ? [{ type: 'img', props: { src: qr.src, width: qr.size, height: qr.size, style: { width: qr.size, height: qr.size, marginLeft: QR_GAP, flexShrink: 0 } } } satisfies El]
        : []),
    ]),
  ];
  if (address) {
    const addressLines = breakAddress(address.short, CONTENT - SLACK, (s) => fonts.measure(s, TYPE.small, 700));
    children.push(
      div({ flexDirection: 'column', marginTop: 20 }, [
        textBlock(fonts, '文字版和原文件全文：扫码或访问', { ...o, width: CONTENT }),
        ...addressLines.map((line) => div({ fontSize: TYPE.small, fontWeight: 700, color: p.footerText, lineHeight: 1.5, whiteSpace: 'pre' }, line)),
      ]),
    );
  }
  return div({ flexDirection: 'column', padding }, children);
}

function footer(input: LayoutInput): El {
  const { model, context, palette: p, fonts } = input;
  return sourceNote(input, `36px ${PAGE_PADDING}px 40px`, (width) => {
    const o = { size: TYPE.small, width, color: p.footerText, lineHeight: 1.5 } as const;
    return [
      textBlock(fonts, `原文件：《${context.documentTitle}》`, { ...o, phrases: true }),
      ...(context.docNumber ? [textBlock(fonts, `文号：${context.docNumber}`, o)] : []),
      textBlock(fonts, `发文机关：${context.issuer}`, o),
      textBlock(fonts, `发布日期：${model.meta.publishedAt ?? '未发布（草稿）'}`, o),
      div({ height: 2, backgroundColor: p.footerText, marginTop: 16, marginBottom: 16, width: 96 }),
      textBlock(fonts, `${context.siteName}　制图`, { ...o, weight: 700 }),
    ];
  });
}

function sectionFooter(input: LayoutInput): El {
  const { model, context, palette: p, fonts } = input;
  return sourceNote(input, `28px ${PAGE_PADDING}px 32px`, (width) => {
    const o = { size: TYPE.small, width, color: p.footerText, lineHeight: 1.5 } as const;
    return [
      textBlock(fonts, model.meta.title, { ...o, weight: 700, phrases: true }),
      textBlock(fonts, `发文机关：${context.issuer}　${model.meta.publishedAt ?? '未发布（草稿）'}`, o),
      textBlock(fonts, `${context.siteName}　制图`, o),
    ];
  });
}
