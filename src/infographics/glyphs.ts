/**
 * Characters an infographic image cannot draw (issue 15). Noto Sans SC lacks some characters editors really write:
 * symbols (✔ ☑), emoji (✅) and the rare characters of people's and place names in CJK extension B and later (𠮷 𡈼).
 * fonts.ts draws what it can from fallback fonts (FALLBACK_FONTS); this file
 * - finds, for `npm run check`, every character of an infographic's image that no font has, as an error naming the
 *   character, its code point, file, line and field, and the fix (findMissingGlyphs);
 * - keeps satori from drawing a fallback character as an empty box (withFallbackGlyphs, used by render.ts).
 * Nothing here loads satori or sharp: the check must stay fast (cmaps are read once per process, in fonts.ts).
 */
import type { Problem } from '../lib/problems';
import { FONT_FAMILY, type LoadedFonts } from './fonts';
import type { Block, InfographicContext, InfographicModel } from './model';

/** Where an infographic's text is, for messages: what the image draws, and the line, field and label it came from. */
interface PlacedText {
  text: string;
  /** 1-based line where the text (or the block holding it) starts. */
  line: number;
  field: string;
  label: string;
}

/** Unicode blocks editors may meet, for messages (Unicode 16 block ranges). */
const BLOCKS: readonly [number, number, string][] = [
  [0x3400, 0x4dbf, 'CJK 扩展 A 区汉字'],
  [0xe000, 0xf8ff, '私用区字符（通常是自造字，只有造字的字库才有）'],
  [0x2600, 0x27bf, '符号'],
  [0x2460, 0x24ff, '带圈或带括号的编号'],
  [0x1f000, 0x1faff, 'emoji 或符号'],
  [0x20000, 0x2a6df, 'CJK 扩展 B 区汉字'],
  [0x2a700, 0x2b73f, 'CJK 扩展 C 区汉字'],
  [0x2b740, 0x2b81f, 'CJK 扩展 D 区汉字'],
  [0x2b820, 0x2ceaf, 'CJK 扩展 E 区汉字'],
  [0x2ceb0, 0x2ebef, 'CJK 扩展 F 区汉字'],
  [0x2ebf0, 0x2ee5f, 'CJK 扩展 I 区汉字'],
  [0x2f800, 0x2fa1f, 'CJK 兼容汉字补充'],
  [0x30000, 0x3134f, 'CJK 扩展 G 区汉字'],
  [0x31350, 0x323af, 'CJK 扩展 H 区汉字'],
  [0xf0000, 0x10ffff, '私用区字符（通常是自造字，只有造字的字库才有）'],
];

/** U+20BB7 style code point notation. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function blockName(cp: number): string {
  return BLOCKS.find(([from, to]) => cp >= from && cp <= to)?.[2] ?? '字符';
}

function blockTexts(b: Block): Omit<PlacedText, 'line'>[] {
  switch (b.kind) {
    case 'paragraph':
      return [{ text: b.text, field: 'paragraph', label: '段落' }];
    case 'list':
      return b.items.map((text) => ({ text, field: 'list', label: '列表项' }));
    case 'steps':
      return [
        ...(b.title ? [{ text: b.title, field: 'title', label: '<Steps> 标题' }] : []),
        ...b.steps.map((text) => ({ text, field: 'steps', label: '步骤' })),
      ];
    case 'figures':
      return b.figures.flatMap((f) => [
        { text: f.value, field: 'value', label: '<Figure> 数字' },
        { text: f.unit, field: 'unit', label: '<Figure> 单位' },
        { text: f.label, field: 'label', label: '<Figure> 说明' },
      ]);
    case 'compare':
      return [
        { text: b.label, field: 'label', label: '<Compare> 对比项' },
        { text: b.beforeLabel, field: 'before', label: '<Compare> 原来' },
        ...b.before.map((text) => ({ text, field: 'before', label: '<Compare> 原来' })),
        { text: b.afterLabel, field: 'after', label: '<Compare> 现在' },
        ...b.after.map((text) => ({ text, field: 'after', label: '<Compare> 现在' })),
      ];
    case 'note':
      return [{ text: b.title, field: 'title', label: '<Note> 标题' }, ...b.paragraphs.map((text) => ({ text, field: 'note', label: '提示' }))];
  }
}

/** Every text of the model the image draws, with the line of its block. */
function placedTexts(model: InfographicModel, titleLine: number): PlacedText[] {
  const texts: PlacedText[] = [{ text: model.meta.title, line: titleLine, field: 'title', label: '标题' }];
  const blocks = (bs: Block[]) => bs.flatMap((b) => blockTexts(b).map((t) => ({ ...t, line: b.line })));
  texts.push(...blocks(model.lead));
  for (const s of model.sections) texts.push({ text: s.title, line: s.line, field: 'heading', label: '分节标题' }, ...blocks(s.blocks));
  return texts;
}

/** The infographic source as the check has it: path, whole text, and the line of a frontmatter field. */
export interface GlyphSource {
  /** Path relative to the project root, forward slashes. */
  file: string;
  /** Whole text of the .mdx file. */
  raw: string;
  /** 1-based line of a frontmatter field, e.g. ['title']. */
  lineOf(path: readonly PropertyKey[]): number;
}

/**
 * Every character the infographic's images would draw as an empty box: characters that neither Noto Sans SC nor any
 * fallback font (fonts.ts FALLBACK_FONTS) has. One error per character and line, naming the character, its code
 * point (U+20BB7), its Unicode block, the file, line and field, and the fix, in Chinese. Also an error for each emoji
 * sequence the monochrome emoji font draws in pieces (👍🏻 skin tones, 1️⃣ keycaps, 🇨🇳 flags, ZWJ sequences). Texts from other files shown
 * in the masthead and footer (the original document's title, 文号 and issuer, the site name) are reported on the
 * line of `document`. Reads only cmaps (once per process), never renders.
 */
export function findMissingGlyphs(model: InfographicModel, context: InfographicContext, source: GlyphSource, fonts: LoadedFonts): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const lines = source.raw.split(/\r?\n/);
  const fallbackNames = fonts.coverage.fallbacks.map((f) => f.name).join('、');
  const report = (ch: string, line: number, field: string, label: string, where: string) => {
    const cp = ch.codePointAt(0)!;
    if (seen.has(`${cp}:${line}`)) return;
    seen.add(`${cp}:${line}`);
    const code = codePointLabel(cp);
    problems.push({
      severity: 'error',
      file: source.file,
      line,
      field,
      label,
      message:
        `${where}“${ch}”（${code}，${blockName(cp)}）在图解用的字体里都没有（${FONT_FAMILY}` +
        `${fallbackNames ? `，补充字体 ${fallbackNames}` : ''}），图片上会显示成空白方框。`,
      fix:
        `把“${ch}”换成常用字或改写，或把这段内容做成图片；` +
        `如必须在图中显示，请技术人员在 src/infographics/fonts.ts 的 FALLBACK_FONTS 中加入含 ${code} 的 OFL 字体包（npm i -E 包名@版本）。`,
    });
  };
  // The block's line, or the first line from there that holds the text (a list item, a later paragraph line).
  const lineOf = (t: PlacedText, text: string) => {
    const at = lines.findIndex((l, i) => i >= t.line - 1 && l.includes(text));
    return at >= 0 ? at + 1 : t.line;
  };
  for (const t of placedTexts(model, source.lineOf(['title']))) {
    for (const ch of t.text) {
      if (fonts.coverage.fontOf(ch.codePointAt(0)!) < 0) report(ch, lineOf(t, ch), t.field, t.label, '');
    }
    for (const { segment } of graphemes().segment(t.text)) {
      const sequence = emojiSequence(segment);
      if (!sequence || seen.has(`${segment}:${lineOf(t, segment)}`)) continue;
      seen.add(`${segment}:${lineOf(t, segment)}`);
      const codes = [...segment].map((c) => codePointLabel(c.codePointAt(0)!)).join(' ');
      problems.push({
        severity: 'error',
        file: source.file,
        line: lineOf(t, segment),
        field: t.field,
        label: t.label,
        message: `“${segment}”（${codes}）是${sequence.what}，图解的单色 emoji 字体画不成一个图形，图片上会画成分开的几块。`,
        fix: sequence.fix,
      });
    }
  }
  const shown: [string, string][] = [
    [context.documentTitle, '刊头和页脚显示的原文件标题'],
    [context.docNumber ?? '', '页脚显示的原文件文号'],
    [context.issuer, '刊头显示的发文机关'],
    [context.siteName, '页脚显示的站点名称（content/site.yaml）'],
  ];
  for (const [text, what] of shown) {
    for (const ch of text) {
      if (fonts.coverage.fontOf(ch.codePointAt(0)!) < 0) report(ch, source.lineOf(['document']), 'document', '原文件', `${what}“${text}”中的`);
    }
  }
  return problems;
}

// Made on first use: creating a segmenter loads ICU's break rules (tens of ms), which a check without infographics
// (`npm run check -- <interpretation>`) never needs.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'grapheme' }));

/**
 * What kind of emoji sequence a grapheme is, when the monochrome Noto Emoji cannot draw it as one shape (it has no
 * ligatures for these): skin tones, keycaps, flags and joined (ZWJ) emoji. A character with U+FE0F alone is fine.
 */
function emojiSequence(grapheme: string): { what: string; fix: string } | undefined {
  if ([...grapheme].length < 2) return undefined;
  if (/\p{Emoji_Modifier}/u.test(grapheme)) {
    const plain = grapheme.replace(/\p{Emoji_Modifier}/gu, '');
    return { what: '带肤色的 emoji', fix: `去掉肤色，写成“${plain}”，或改用文字。` };
  }
  if (grapheme.includes('\u20e3')) return { what: '键帽数字 emoji', fix: '写成带圈数字（如“①”）或普通数字。' };
  if (/\p{Regional_Indicator}/u.test(grapheme)) return { what: '旗帜 emoji', fix: '写国家或地区的名称，如“中国”。' };
  if (grapheme.includes('\u200d') && /\p{Extended_Pictographic}/u.test(grapheme)) return { what: '由几个 emoji 组合成的 emoji', fix: '换成单个 emoji（如“👍”“✅”）或文字。' };
  return undefined;
}

/** An element tree as satori reads it: {type, props: {style, children}}. */
interface Node {
  type: string;
  props: { style?: object; children?: Node[] | string; [prop: string]: unknown };
}

/**
 * The element tree with every character Noto Sans SC lacks (𠮷 𡈼 ✅ ✔ …) in a text element of its own; the same
 * tree object when there is none, so ordinary text renders exactly as before. Two reasons:
 * - satori 0.63 remembers the font it chose for a character by its first UTF-16 unit (font.ts resolveFont,
 *   `word.charCodeAt(0)`), the same high surrogate for 1024 code points: after 𠀡 (Noto Sans TC) the next 𠀋 (only
 *   in Noto Sans JP) in the same text is drawn with Noto Sans TC, as an empty box, and that shaped run is cached for
 *   later images too. Alone in its text element a character gets a resolver of its own.
 * - satori draws a space after a character in the font of that character (Noto Emoji's space is twice as wide):
 *   alone, only the character itself comes from the fallback font, so the widths linebreak.ts measured hold.
 */
export function withFallbackGlyphs<T>(element: T, fonts: Pick<LoadedFonts, 'coverage'>): T {
  return isolateCharacters(element as unknown as Node, (cp) => fonts.coverage.fontOf(cp) !== 0) as unknown as T;
}

/** The tree with each character `isolate` picks in a span of its own; the same object when nothing changes. */
export function isolateCharacters(node: Node, isolate: (codePoint: number) => boolean): Node {
  const children = node.props.children;
  if (typeof children === 'string') {
    const pieces: string[] = [];
    let run = '';
    for (const ch of children) {
      if (isolate(ch.codePointAt(0)!)) {
        if (run) pieces.push(run);
        pieces.push(ch);
        run = '';
      } else run += ch;
    }
    if (run) pieces.push(run);
    if (pieces.length === 1 && pieces[0] === children) return node;
    return { ...node, props: { ...node.props, children: pieces.map((text) => ({ type: 'span', props: { children: text } })) } };
  }
  if (!Array.isArray(children)) return node;
  const next = children.map((c) => (typeof c === 'object' && c !== null ? isolateCharacters(c, isolate) : c));
  return next.every((c, i) => c === children[i]) ? node : { ...node, props: { ...node.props, children: next } };
}
