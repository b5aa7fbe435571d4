// What the footer shows and where it links, from content/site.yaml (src/site/government-footer.ts).
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../src/schemas/site';
import { errorReportUrl, governmentFooter, policeFilingUrl } from '../../../src/site/government-footer';

const site = (extra: Record<string, unknown> = {}, contact: Record<string, unknown> = {}) =>
  SiteSchema.parse({
    name: '某市人民政府政策解读',
    siteIdCode: '4401000001',
    baseUrl: 'https://zcjd.guangzhou.gov.cn',
    columns: { documents: '政策文件', interpretations: '政策解读', infographics: '图解' },
    contact: { organiser: '某市人民政府办公厅', ...contact },
    ...extra,
  });

describe('the government footer', () => {
  it('the 公安 number links to the filing platform with its 14 digits', () => {
    expect(policeFilingUrl('京公网安备11010502030143号')).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143');
    expect(policeFilingUrl('京公网安备 11010502030143号')).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143');
    expect(policeFilingUrl('京公网安备110105号')).toBeUndefined();
  });

  it('"我为政府网站找错" carries the 网站标识码 and the page the reader was on', () => {
    expect(errorReportUrl('4401000001', 'https://zcjd.guangzhou.gov.cn/jiedu/a-b/')).toBe(
      'https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?siteCode=4401000001&url=https%3A%2F%2Fzcjd.guangzhou.gov.cn%2Fjiedu%2Fa-b%2F',
    );
    expect(errorReportUrl('bm09000013')).toBe('https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?siteCode=bm09000013');
  });

  it('lists 主办单位, contact, 网站标识码 and both filing numbers in that order, each linked where it has a place to go', () => {
    const footer = governmentFooter(
      site({ filing: { icp: '粤ICP备05070218号-1', police: '粤公网安备44010402000001号' } }, { phone: '020-1234 5678', email: 'zwgk@gz.gov.cn', address: '某路 1 号' }),
    );
    expect(footer.lines).toEqual([
      { label: '主办单位', text: '某市人民政府办公厅' },
      { label: '联系电话', text: '020-1234 5678', href: 'tel:02012345678' },
      { label: '电子邮箱', text: 'zwgk@gz.gov.cn', href: 'mailto:zwgk@gz.gov.cn' },
      { label: '地址', text: '某路 1 号' },
      { label: '网站标识码', text: '4401000001' },
      { label: '', text: '粤ICP备05070218号-1', href: 'https://beian.miit.gov.cn/' },
      { label: '', text: '粤公网安备44010402000001号', href: 'https://beian.mps.gov.cn/#/query/webSearch?code=44010402000001' },
    ]);
    expect(footer.conac).toBeUndefined();
  });

  it('shows nothing that content/site.yaml does not say', () => {
    expect(governmentFooter(site()).lines.map((l) => l.label)).toEqual(['主办单位', '网站标识码']);
  });

  it('an ICP number in the older place contact.icp is shown; filing.icp wins when both are written', () => {
    expect(governmentFooter(site({}, { icp: '粤ICP备05070218号' })).lines.at(-1)).toMatchObject({ text: '粤ICP备05070218号' });
    expect(governmentFooter(site({ filing: { icp: '粤ICP备05070218号-2' } }, { icp: '粤ICP备05070218号' })).lines.at(-1)).toMatchObject({ text: '粤ICP备05070218号-2' });
  });

  it('the 党政机关网站标识 keeps its certificate link and local image, with a default alt text', () => {
    const footer = governmentFooter(site({ filing: { conac: { url: 'https://bszs.conac.cn/sitename?method=show&id=1A2B', logo: '/images/site/dz.png' } } }));
    expect(footer.conac).toEqual({ url: 'https://bszs.conac.cn/sitename?method=show&id=1A2B', logo: '/images/site/dz.png', alt: '党政机关网站标识' });
  });

  it('the schema refuses a 标识 image from another site or outside public/', () => {
    for (const logo of ['https://dcs.conac.cn/image/red.png', '//dcs.conac.cn/red.png', '/../secret.png', '/images/../../x.png', '/images/site/dz.exe']) {
      expect(SiteSchema.safeParse({ ...site(), filing: { conac: { url: 'https://bszs.conac.cn/x', logo } } }).success, logo).toBe(false);
    }
  });
});
