import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { CARD_HEIGHT, CARD_WIDTH, cardTitleLines, renderSocialCard } from '../../../src/infographics/social-card';

const fonts = loadFonts();

describe('social card', () => {
  it('is a 1200×630 PNG', async () => {
    const png = await renderSocialCard({ title: '图解：个人所得税专项附加扣除暂行办法', kindLabel: '图解', issuer: '国务院', date: '2018-12-22', siteName: '政策解读示范站' }, 'qingshan-blue');
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', CARD_WIDTH, CARD_HEIGHT]);
  });

  it('a title longer than three lines is shortened with an ellipsis', () => {
    const title = '国务院办公厅关于印发文化体制改革中经营性文化事业单位转制为企业和进一步支持文化企业发展两个规定的通知的解读与问答汇编及有关政策说明';
    const lines = cardTitleLines(title, fonts);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(title.startsWith(lines.join('').replace(/…$/, ''))).toBe(true);
  });

  it('a title breaks between phrases, not inside a word', () => {
    const lines = cardTitleLines('国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见', fonts);
    expect(lines.join(' | ')).toMatchInlineSnapshot(`"国务院关于在市场监管领域全面推行 | 部门联合“双随机、一公开”监管的 | 意见"`);
  });

  it('a short title is kept whole', () => {
    expect(cardTitleLines('政策解读', fonts)).toEqual(['政策解读']);
  });
});
