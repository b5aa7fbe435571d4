import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import satori from 'satori';
import { loadFonts } from '../../../src/infographics/fonts';
import { textBlock } from '../../../src/infographics/layout';
import { NO_LINE_END, NO_LINE_START, atomize, breakLines } from '../../../src/infographics/linebreak';

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
    expect(lines.join(' | ')).toMatchInlineSnapshot(`"按照“谁检 | 查、谁录 | 入、谁公 | 开”的原则 | （以下称省 | 级平台）公 | 示"`);
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
