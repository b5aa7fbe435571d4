import { describe, expect, it, vi } from 'vitest';

// page-meta imports queries.ts, which loads collections through astro:content; these tests pass content directly.
vi.mock('astro:content', () => ({ getCollection: async () => [] }));

const { interpretationMeta, articleKeywords, articleContentSource } = await import('../../../src/site/page-meta');
const { interpretationJsonLd } = await import('../../../src/site/json-ld');
type SiteContent = import('../../../src/site/queries').SiteContent;
type InterpretationEntry = import('../../../src/site/queries').InterpretationEntry;
type Site = import('../../../src/schemas/site').Site;

const site = { name: '某市政策解读', baseUrl: 'https://zcjd.example.gov.cn', contact: { organiser: '某市人民政府办公室' } } as unknown as Site;

const live = { id: 'live', data: { title: '关于推进某项工作的通知', docNumber: '某府〔2026〕3号', topic: '综合政务\\其他', issuer: { id: 'org' } } };

/** What loadSiteContent gives the pages: only published documents are in documentById (sched is scheduled). */
function contentWith(documents: (typeof live)[]): SiteContent {
  return {
    documents,
    interpretations: [],
    infographics: [],
    organizations: new Map([['org', { id: 'org', data: { name: '某市人民政府' } }]]),
    documentById: new Map(documents.map((d) => [d.id, d])),
    interpretationsOf: new Map(),
    infographicsOf: new Map(),
  } as unknown as SiteContent;
}

function interpretation(data: Record<string, unknown>): InterpretationEntry {
  return { id: 'sched-jiedu', data: { title: '一图读懂某项工作', form: '图文解读', publishedAt: '2026-11-01', documents: [{ id: 'sched' }], ...data } } as unknown as InterpretationEntry;
}

describe('interpretationMeta: the meta tags release verify requires', () => {
  it('an interpretation of a scheduled document without keywords or office still has Keywords and ContentSource', () => {
    const meta = interpretationMeta(interpretation({}), contentWith([]), site);
    expect(meta).toEqual({ keywords: ['图文解读', '一图读懂某项工作'], contentSource: '某市人民政府办公室' });
  });

  it("an interpretation of a published document takes the document's 文号, topic and issuer", () => {
    const meta = interpretationMeta(interpretation({ documents: [{ id: 'sched' }, { id: 'live' }] }), contentWith([live]), site);
    expect(meta).toEqual({ keywords: ['某府〔2026〕3号', '综合政务\\其他'], contentSource: '某市人民政府' });
  });

  it("the editor's keywords and office come first", () => {
    const meta = interpretationMeta(interpretation({ keywords: ['营商环境'], office: { id: 'org' } }), contentWith([]), site);
    expect(meta).toEqual({ keywords: ['营商环境'], contentSource: '某市人民政府' });
  });

  it("an external document gives its 文号 and issuer when no document is published", () => {
    const external = [{ title: '国务院关于某事的通知', docNumber: '国发〔2026〕1号', issuer: '国务院', url: 'https://www.gov.cn/x' }];
    const meta = interpretationMeta(interpretation({ externalDocuments: external }), contentWith([]), site);
    expect(meta).toEqual({ keywords: ['国发〔2026〕1号'], contentSource: '国务院' });
  });
});

describe('article meta fallbacks of the layout', () => {
  it('a page that passes no keywords gets its title, and no source the site organiser', () => {
    expect(articleKeywords([], '标题')).toEqual(['标题']);
    expect(articleKeywords(undefined, '标题')).toEqual(['标题']);
    expect(articleKeywords([' 甲 ', '甲', ''], '标题')).toEqual(['甲']);
    expect(articleContentSource('', site)).toBe('某市人民政府办公室');
    expect(articleContentSource('某局', site)).toBe('某局');
  });
});

describe('interpretationJsonLd: about', () => {
  it('leaves out documents that are not published', () => {
    const ld = interpretationJsonLd(interpretation({ documents: [{ id: 'sched' }, { id: 'live' }] }), contentWith([live]), site);
    expect(ld.about).toEqual([{ '@type': 'Legislation', '@id': 'https://zcjd.example.gov.cn/wenjian/live/' }]);
  });
});
