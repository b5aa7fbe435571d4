import { describe, expect, it } from 'vitest';
import { pageLastmod } from '../../../src/integrations/sitemap';

describe('the date a page gives the sitemap', () => {
  it('is the JSON-LD dateModified of an interpretation, its last revision, not its PubDate', () => {
    const html = '<meta name="PubDate" content="2019-02-15 00:00"><script type="application/ld+json">{"datePublished":"2019-02-15","dateModified":"2019-03-01"}</script>';
    expect(pageLastmod(html)).toBe('2019-03-01');
  });

  it('is the PubDate of a document or infographic page', () => {
    expect(pageLastmod('<meta name="PubDate" content="2019-02-15 00:00"><script type="application/ld+json">{"datePublished":"2019-02-15"}</script>')).toBe('2019-02-15');
  });

  it('is absent for list, topic and other pages without a date', () => {
    expect(pageLastmod('<meta name="ColumnType" content="其他"><title>政策解读</title>')).toBeUndefined();
  });
});
