// Cache keys of entry pages for Astro's incremental build (src/content/page-cache-key.ts): a body edit re-renders
// that page only; any metadata or site setting re-renders every keyed page.
import { describe, expect, it } from 'vitest';
import { pageCacheKey, siteDataDigest } from '../../../src/content/page-cache-key';

const doc = (id: string, title: string, digest: string) => ({ id, data: { title, issuer: { collection: 'organizations', id: 'gwy' } }, digest });
const settings = { name: '示例网站', baseUrl: 'https://example.gov.cn/' };

describe('page cache keys', () => {
  const a = doc('a', '关于甲的通知', 'a1');
  const b = doc('b', '关于乙的通知', 'b1');
  const digest = siteDataDigest({ documents: [a, b], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, settings);
  const keyA = pageCacheKey(digest, a);

  it('keeps a page’s key when only another entry’s body changed (its digest, not its metadata)', () => {
    const edited = siteDataDigest({ documents: [a, { ...b, digest: 'b2' }], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, settings);
    expect(edited).toBe(digest);
    expect(pageCacheKey(edited, a)).toBe(keyA);
    expect(pageCacheKey(edited, { ...b, digest: 'b2' })).not.toBe(pageCacheKey(digest, b));
  });

  it('changes every key when an entry’s metadata, an organisation, the site settings or the set of entries change', () => {
    const variants = [
      siteDataDigest({ documents: [a, doc('b', '关于乙的通知（修订）', 'b1')], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, settings),
      siteDataDigest({ documents: [a, b], organizations: [{ id: 'gwy', data: { name: '国务院办公厅' } }] }, settings),
      siteDataDigest({ documents: [a, b], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, { ...settings, name: '另一网站' }),
      siteDataDigest({ documents: [a], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, settings),
      siteDataDigest({ documents: [a, b, doc('c', '关于丙的通知', 'c1')], organizations: [{ id: 'gwy', data: { name: '国务院' } }] }, settings),
    ];
    for (const v of variants) {
      expect(v).not.toBe(digest);
      expect(pageCacheKey(v, a)).not.toBe(keyA);
    }
  });

  it('gives no key to an entry without a digest, so Astro always renders its page', () => {
    expect(keyA).toMatch(/^[0-9a-f]{64}$/);
    expect(pageCacheKey(digest, { id: 'x', data: {} })).toBeUndefined();
  });
});
