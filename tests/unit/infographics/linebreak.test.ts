import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDefaultSimplifiedChineseParser } from 'budoux';
import { describe, expect, it } from 'vitest';
import satori from 'satori';
import { loadFonts } from '../../../src/infographics/fonts';
import { type El, layoutInfographic, textBlock } from '../../../src/infographics/layout';
import { paletteOf } from '../../../src/infographics/themes';
import { CONTEXT, allBlocksModel } from './fixtures';
import { NO_LINE_END, NO_LINE_START, atomize, breakAddress, breakLines, isOrphanLine, phraseBoundaries, phrasesOf } from '../../../src/infographics/linebreak';
import { TYPE } from '../../../src/infographics/themes';

const fonts = loadFonts();
const SIZE = 30;
const measure = (s: string) => fonts.measure(s, SIZE, 400);
const { paragraphs } = JSON.parse(readFileSync('tests/fixtures/infographics/real-paragraphs.json', 'utf8')) as {
  paragraphs: { source: string; text: string }[];
};

/** Every rule broken by a set of lines, as readable strings (empty when none). */
function violations(lines: string[]): string[] {
  const found: string[] = [];
  lines.forEach((line, i) => {
    const first = line[0]!;
    const last = line[line.length - 1]!;
    if (NO_LINE_START.has(first) && i > 0) found.push(`line ${i + 1} starts with ${first}: ${line}`);
    if (NO_LINE_END.has(last) && i < lines.length - 1) found.push(`line ${i + 1} ends with ${last}: ${line}`);
    const next = lines[i + 1];
    if (next && ((last === '—' && next[0] === '—') || (last === '…' && next[0] === '…'))) found.push(`${last}${last} split after line ${i + 1}`);
    if (next && last === '—' && /\d/.test(next[0]!)) found.push(`range split after line ${i + 1}`);
  });
  return found;
}

describe('Chinese line breaking', () => {
  it('real government text breaks at every width without a line starting with closing or ending with opening punctuation', () => {
    expect(paragraphs.length).toBeGreaterThan(30);
    let linesChecked = 0;
    for (const { text } of paragraphs) {
      // From 6 to 30 characters a line: every width a phone layout could use.
      for (let em = 6; em <= 30; em++) {
        const lines = breakLines(text, em * SIZE, measure);
        expect(violations(lines), `${text.slice(0, 20)}… at ${em} em`).toEqual([]);
        // Nothing is lost or added: the lines put together are the paragraph.
        expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        linesChecked += lines.length;
      }
    }
    expect(linesChecked).toBeGreaterThan(10_000);
  });

  it('every line fits its width when measured with the font', () => {
    for (const { text } of paragraphs.slice(0, 10)) {
      for (const em of [8, 13, 21]) {
        for (const line of breakLines(text, em * SIZE, measure)) expect(measure(line)).toBeLessThanOrEqual(em * SIZE);
      }
    }
  });

  it('a comma that would start a line takes the character before it along', () => {
    // 坚持全面覆盖。 — at 6 em the full stop falls on the 7th position.
    // At 6 em the full stop would start line 2 under a naive break; 盖 moves down with it.
    expect(breakLines('坚持全面覆盖。将“双随机、一公开”作为市场监管的基本手段和方式', 6 * SIZE, measure).join(' | ')).toMatchInlineSnapshot(`"坚持全面覆 | 盖。将“双随 | 机、一公开” | 作为市场监管 | 的基本手段和 | 方式"`);
  });

  it('an opening quote or bracket never ends a line; it moves down with the word it opens', () => {
    const lines = breakLines('按照“谁检查、谁录入、谁公开”的原则（以下称省级平台）公示', 5 * SIZE, measure);
    expect(violations(lines)).toEqual([]);
    expect(lines.join(' | ')).toMatchInlineSnapshot(`"按照“谁检 | 查、谁录 | 入、谁公 | 开”的原则 | （以下称省 | 级平台） | 公示"`);
  });

  it('—— and …… are never split, and a range like 60%—70% stays whole where it fits', () => {
    // The corpus has no ——/……; these sentences follow its style, the dash range is real (国办发〔2019〕2号).
    const text = '一图读懂——抽查事项、抽查计划、抽查结果……都要公开；采购总用量的60%—70%估算采购总量';
    for (let em = 6; em <= 20; em++) {
      const lines = breakLines(text, em * SIZE, measure);
      expect(violations(lines), `at ${em} em: ${lines.join(' | ')}`).toEqual([]);
      expect(lines.join('')).toBe(text);
    }
    expect(atomize('懂——抽……都')).toEqual(['懂', '——', '抽', '……', '都']);
  });

  it('Latin words and numbers stay whole, and spaces between them are where lines break', () => {
    expect(atomize('2019年底3.5%www.gov.cn')).toEqual(['2019', '年', '底', '3.5', '%', 'www.gov.cn']);
    for (let em = 3; em <= 6; em++) expect(breakLines('费率3.5%以下', em * SIZE, measure).some((l) => l.includes('3.5%'))).toBe(true);
    const lines = breakLines('Open Graph image of the Policy Interpretation Studio', 8 * SIZE, measure);
    for (const line of lines) expect(line).toBe(line.trim());
    expect(lines.join(' ')).toBe('Open Graph image of the Policy Interpretation Studio');
  });

  it('a piece wider than the line is split by character as a last resort', () => {
    const url = 'http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm';
    const lines = breakLines(`原文：${url}`, 8 * SIZE, measure);
    expect(lines.join('')).toBe(`原文：${url}`);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(8 * SIZE);
  });

  it('satori draws each line we measured as fitting on a single line', async () => {
    // Without whiteSpace: pre, satori would wrap a line whose real width exceeded ours.
    const width = 13 * SIZE;
    const heights: number[] = [];
    for (const { text } of paragraphs.slice(0, 6)) {
      const block = textBlock(fonts, text, { size: SIZE, width, color: '#000000' });
      const lines = block.props.children as { props: { style: Record<string, unknown>; children: string } }[];
      for (const line of lines) delete line.props.style.whiteSpace;
      await satori(block as never, {
        width,
        fonts: fonts.satori,
        onNodeDetected: (node) => {
          if (node.textContent) heights.push(node.height);
        },
      });
    }
    expect(heights.length).toBeGreaterThan(20);
    for (const h of heights) expect(h).toBeLessThanOrEqual(SIZE * 1.6 + 1);
  });
});

/**
 * The punctuation of W3C clreq's appendix tables (https://www.w3.org/TR/clreq/#table_of_pause_or_stop_punctuation_marks
 * and the two tables after it), by the rule of §行首行尾禁则 (#prohibition_rules_for_line_start_end) that applies to
 * each at the strict level (严格处理). Written out here from clreq, not taken from linebreak.ts.
 */
const CLREQ = {
  /** 点号, 结束引号, 结束括号 and 结束书名号, 连接号, 间隔号, 分隔号: never at the start of a line. */
  lineStart: {
    点号: ['。', '．', '，', '、', '：', '；', '！', '‼', '？', '⁇'],
    结束引号: ['」', '』', '”', '’'],
    结束括号: ['）', '】', '〗', '〕', '］', '｝', '》', '〉'],
    连接号: ['～', '-', '–', '—'],
    间隔号: ['·', '・', '‧'],
    分隔号: ['/', '／'],
  },
  /** 开始引号, 开始括号 and 开始书名号, and (GB 法) 分隔号: never at the end of a line. */
  lineEnd: {
    开始引号: ['「', '『', '“', '‘'],
    开始括号: ['（', '【', '〖', '〔', '［', '｛', '《', '〈'],
    分隔号: ['/', '／'],
  },
  /** 破折号 and 省略号 (strict level): never at the start of a line, and never split (§符号分离禁则). */
  paired: ['——', '⸺', '……', '⋯⋯'],
};

describe('clreq line breaking rules (W3C Requirements for Chinese Text Layout)', () => {
  // Ten one-em characters, so that at 5 em the sixth position is the first of line 2.
  const before = '一二三四五';
  const after = '六七八九十';

  it('no mark of 点号, 结束引号, 结束括号, 连接号, 间隔号 or 分隔号 starts a line; the character before it moves down with it', () => {
    for (const [kind, marks] of Object.entries(CLREQ.lineStart)) {
      for (const mark of marks) {
        const lines = breakLines(`${before}${mark}${after}`, 5 * SIZE, measure);
        expect(lines.slice(1).map((l) => l[0]), `${kind} ${mark}: ${lines.join(' | ')}`).not.toContain(mark);
        expect(lines.join('')).toBe(`${before}${mark}${after}`);
      }
    }
  });

  it('no mark of 开始引号, 开始括号 or (GB 法) 分隔号 ends a line; it moves down with the character after it', () => {
    for (const [kind, marks] of Object.entries(CLREQ.lineEnd)) {
      for (const mark of marks) {
        // The mark falls on the last position of line 1.
        const lines = breakLines(`一二三四${mark}${after}一二三`, 5 * SIZE, measure);
        expect(lines.slice(0, -1).map((l) => l[l.length - 1]), `${kind} ${mark}: ${lines.join(' | ')}`).not.toContain(mark);
        expect(lines.join('')).toBe(`一二三四${mark}${after}一二三`);
      }
    }
  });

  it('破折号 and 省略号 (——, ⸺, ……, ⋯⋯) never start a line and are never split', () => {
    for (const mark of CLREQ.paired) {
      // Where the mark would start line 2, and where it would be split across the break.
      for (const text of [`${before}${mark}${after}`, `一二三四${mark}${after}`]) {
        const lines = breakLines(text, 5 * SIZE, measure);
        expect(lines.slice(1).some((l) => l.startsWith(mark[0]!)), `${mark}: ${lines.join(' | ')}`).toBe(false);
        expect(lines.some((l) => l.includes(mark)), `${mark} split: ${lines.join(' | ')}`).toBe(true);
      }
    }
  });

  it('the exported sets hold every mark of clreq\'s tables at the rule clreq gives it', () => {
    const start = Object.values(CLREQ.lineStart).flat();
    const end = Object.values(CLREQ.lineEnd).flat();
    expect(start.filter((c) => !NO_LINE_START.has(c))).toEqual([]);
    expect(end.filter((c) => !NO_LINE_END.has(c))).toEqual([]);
    expect(CLREQ.paired.map((m) => m[0]!).filter((c) => !NO_LINE_START.has(c))).toEqual([]);
  });
});

describe('orphans (clreq 孤字: a last line of one character)', () => {
  it('幼儿/园 becomes 幼/儿园: the last line takes the character before it', () => {
    // At 9 em the naive break leaves 园 alone on line 2.
    expect(breakLines('加快建设普惠性幼儿园', 9 * SIZE, measure)).toEqual(['加快建设普惠性幼', '儿园']);
    // Nothing to take from: a text of one character, a line before that is one unbreakable word.
    expect(breakLines('园', 5 * SIZE, measure)).toEqual(['园']);
    expect(breakLines('Interpretation园', 7 * SIZE, measure).join('')).toBe('Interpretation园');
  });

  it('one character with its punctuation (园。) is an orphan too', () => {
    expect(breakLines('加快建设普惠性幼儿园。', 9 * SIZE, measure)).toEqual(['加快建设普惠性幼', '儿园。']);
    expect(isOrphanLine('园。')).toBe(true);
    expect(isOrphanLine('“园”。')).toBe(true);
    expect(isOrphanLine('儿园')).toBe(false);
    expect(isOrphanLine('2019')).toBe(false);
  });

  it('no paragraph of real government text ends in an orphan where moving one character avoids it', () => {
    let avoided = 0;
    for (const { text } of paragraphs) {
      for (let em = 6; em <= 30; em++) {
        const lines = breakLines(text, em * SIZE, measure);
        const last = lines[lines.length - 1]!;
        if (lines.length > 1 && isOrphanLine(last)) {
          // Only where the line before cannot give a character: it holds one group, or the two would not fit.
          const prev = lines[lines.length - 2]!;
          expect(measure(prev.slice(-1) + last) > em * SIZE || [...prev].length <= 1, `${text.slice(0, 12)}… at ${em} em: ${prev} | ${last}`).toBe(true);
        }
        if (lines.length > 1 && [...lines[lines.length - 1]!.replace(/[\p{P}\s]/gu, '')].length === 2) avoided++;
      }
    }
    expect(avoided).toBeGreaterThan(0);
  });
});

/** The titles of the sample infographics: frontmatter title and every ## heading of content/infographics/*.mdx. */
function sampleTitles(): { title: string; kind: 'masthead' | 'section' }[] {
  const titles: { title: string; kind: 'masthead' | 'section' }[] = [];
  for (const file of readdirSync('content/infographics').filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(path.join('content/infographics', file), 'utf8');
    titles.push({ title: /^title:\s*(.+)$/m.exec(text)![1]!.trim(), kind: 'masthead' });
    for (const m of text.matchAll(/^## (.+)$/gm)) titles.push({ title: m[1]!.trim(), kind: 'section' });
  }
  return titles;
}

describe('titles break at phrase boundaries (BudouX, Simplified Chinese)', () => {
  const bold = (size: number) => (s: string) => fonts.measure(s, size, 700);
  // The layout's title widths: the masthead's full content width, a section title beside its number badge.
  const widths = { masthead: { size: TYPE.mastheadTitle, width: 670 - 2 }, section: { size: TYPE.sectionTitle, width: 670 - 72 - 20 - 2 } };

  it('every line break of a sample title falls between two phrases, and clreq holds', () => {
    const titles = sampleTitles();
    expect(titles.filter((t) => t.kind === 'masthead').length).toBeGreaterThanOrEqual(3);
    let breaks = 0;
    for (const { title, kind } of titles) {
      const { size, width } = widths[kind];
      // Narrower widths too: a longer title or a smaller card must still break between phrases.
      for (const w of [width, Math.round(width * 0.75), Math.round(width * 0.5)]) {
        const lines = breakLines(title, w, bold(size), { phrases: true });
        expect(lines.join('')).toBe(title);
        expect(violations(lines), title).toEqual([]);
        const boundaries = [0, ...phraseBoundaries(title)].sort((a, b) => a - b);
        let at = 0;
        for (const line of lines.slice(0, -1)) {
          at += line.length;
          // A phrase wider than the whole line is the one place a break may fall inside a phrase.
          if (!boundaries.includes(at)) {
            const from = boundaries.filter((b) => b < at).pop()!;
            const to = boundaries.find((b) => b > at) ?? title.length;
            expect(bold(size)(title.slice(from, to)), `${title} at ${w}px: ${lines.join(' | ')}`).toBeGreaterThan(w);
          }
          breaks++;
        }
        // Every phrase boundary is also one of BudouX's.
        let end = 0;
        const budoux = new Set(phrasesOf(title).map((p) => (end += p.length)));
        expect(boundaries.slice(1).filter((b) => !budoux.has(b))).toEqual([]);
      }
    }
    expect(breaks).toBeGreaterThan(10);
  });

  it('the phrases are those of budoux\'s loadDefaultSimplifiedChineseParser', () => {
    const official = loadDefaultSimplifiedChineseParser();
    const texts = [...sampleTitles().map((t) => t.title), ...paragraphs.slice(0, 20).map((p) => p.text)];
    for (const text of texts) expect(phrasesOf(text)).toEqual(official.parse(text));
  });

  it('the sample mastheads keep their words whole', () => {
    const { size, width } = widths.masthead;
    const lines = (t: string) => breakLines(t, width, bold(size), { phrases: true }).join(' | ');
    expect(lines('一图读懂《关于全面推行部门联合“双随机、一公开”监管的意见》')).toMatchInlineSnapshot(`"一图读懂《关于全面推行部门 | 联合“双随机、一公开”监管 | 的意见》"`);
    expect(lines('一图读懂《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（示例）')).toMatchInlineSnapshot(`"一图读懂《国务院关于在市场 | 监管领域全面推行部门联合 | “双随机、一公开”监管的 | 意见》（示例）"`);
    expect(lines('一图读懂政府性融资担保基金如何支持小微企业和“三农”发展（示例）')).toMatchInlineSnapshot(`"一图读懂政府性 | 融资担保基金如何支持小微 | 企业和“三农”发展（示例）"`);
  });

  it('the layout breaks the masthead and section titles by phrase', () => {
    const title = '一图读懂《关于全面推行部门联合“双随机、一公开”监管的意见》';
    const heading = '加快建设普惠性幼儿园和托育服务体系的保障措施';
    const model = { ...allBlocksModel(), meta: { ...allBlocksModel().meta, title } };
    model.sections = [{ ...model.sections[0]!, title: heading }];
    const parts = layoutInfographic({ model, context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
    /** The text of every line element of `size` px in a tree. */
    const linesOf = (el: El, size: number): string[] =>
      typeof el.props.children === 'string'
        ? el.props.style.fontSize === size ? [el.props.children] : []
        : (el.props.children ?? []).flatMap((c) => linesOf(c, size));
    const masthead = linesOf(parts.find((p) => p.kind === 'masthead')!.element, TYPE.mastheadTitle);
    expect(masthead).toEqual(breakLines(title, 668, bold(TYPE.mastheadTitle), { phrases: true }));
    const section = linesOf(parts.find((p) => p.kind === 'section')!.element, TYPE.sectionTitle);
    expect(section).toEqual(breakLines(heading, widths.section.width, bold(TYPE.sectionTitle), { phrases: true }));
    expect(section.length).toBeGreaterThan(1);
  });
});

describe('web addresses', () => {
  it('a long address breaks after a slash, never before one', () => {
    const lines = breakAddress('zcjd.example.gov.cn/tujie/guofa-2019-5-shili-tujie/', 12 * SIZE, measure);
    expect(lines.join('')).toBe('zcjd.example.gov.cn/tujie/guofa-2019-5-shili-tujie/');
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(12 * SIZE);
    expect(lines.slice(1).every((l) => !l.startsWith('/'))).toBe(true);
    expect(lines[0]!.endsWith('/')).toBe(true);
  });
});
