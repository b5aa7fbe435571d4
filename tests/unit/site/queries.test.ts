import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Entries as the content layer hands them to the pages: id and validated data (references as { id }). */
const COLLECTIONS: Record<string, { id: string; data: Record<string, unknown> }[]> = {
  documents: [
    { id: 'live', data: { title: '已发布', publishedAt: '2026-11-01', issuer: { id: 'org' } } },
    { id: 'draft', data: { title: '草稿', publishedAt: '2026-11-02', draft: true, issuer: { id: 'org' } } },
    { id: 'due-today', data: { title: '今天上线', publishedAt: '2026-11-27', publishAt: '2026-11-27', issuer: { id: 'org' } } },
    { id: 'tomorrow', data: { title: '明天上线', publishedAt: '2026-11-28', publishAt: '2026-11-28', issuer: { id: 'org' } } },
  ],
  interpretations: [
    { id: 'live-jiedu', data: { title: '解读', publishedAt: '2026-11-01', documents: [{ id: 'live' }] } },
    { id: 'draft-jiedu', data: { title: '未完成的解读', publishedAt: '2026-11-01', draft: true, documents: [{ id: 'live' }] } },
    { id: 'later-jiedu', data: { title: '定时解读', publishedAt: '2026-12-01', publishAt: '2026-12-01', documents: [{ id: 'live' }] } },
  ],
  infographics: [
    { id: 'live-tujie', data: { title: '图解', publishedAt: '2026-11-01', document: { id: 'live' } } },
    { id: 'later-tujie', data: { title: '定时图解', publishedAt: '2026-12-01', publishAt: '2026-12-01', document: { id: 'live' } } },
  ],
  organizations: [{ id: 'org', data: { name: '国务院' } }],
};

vi.mock('astro:content', () => ({
  getCollection: async (name: string, filter?: (e: unknown) => boolean) => (COLLECTIONS[name] ?? []).filter((e) => (filter ? filter(e) : true)),
}));

/** loadSiteContent keeps one result per build: a fresh module per test. */
async function load() {
  vi.resetModules();
  return (await import('../../../src/site/queries')).loadSiteContent();
}

describe('loadSiteContent: what the pages get', () => {
  beforeEach(() => {
    // 2026-11-27 10:00 in China, so "today" is fixed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T02:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('a built site gets only published entries: no draft, nothing scheduled after today, also in the links between them', async () => {
    vi.stubEnv('DEV', false);
    const content = await load();
    expect(content.documents.map((d) => d.id)).toEqual(['due-today', 'live']);
    expect(content.interpretations.map((i) => i.id)).toEqual(['live-jiedu']);
    expect(content.infographics.map((i) => i.id)).toEqual(['live-tujie']);
    expect(content.interpretationsOf.get('live')?.map((i) => i.id)).toEqual(['live-jiedu']);
    expect(content.infographicsOf.get('live')?.map((i) => i.id)).toEqual(['live-tujie']);
    expect(content.documentById.has('tomorrow')).toBe(false);
  });

  it('the preview (npm run dev) gets drafts and scheduled entries too, newest first', async () => {
    vi.stubEnv('DEV', true);
    const content = await load();
    expect(content.documents.map((d) => d.id)).toEqual(['tomorrow', 'due-today', 'draft', 'live']);
    expect(content.interpretationsOf.get('live')?.map((i) => i.id)).toEqual(['later-jiedu', 'draft-jiedu', 'live-jiedu']);
  });
});
