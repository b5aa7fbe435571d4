// The sample site as built: a page for every published entry, and not one Chinese character of an
// imported body lost between the catalogue record, the content file and the published page.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import type { Element, Root, Text } from 'hast';
import { checkContent } from '../../src/check/validate';
import { chineseCharSequence, firstDifference } from '../../src/import/fidelity';
import { DIST, pageHtml } from './site-helpers';

const { entries } = checkContent(process.cwd());
const published = <T extends { data: Record<string, unknown> }>(e: T) => e.data.draft !== true;

/** Text of the page's article body (the element search indexes), tags dropped, entities decoded. */
function articleText(html: string): string {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  let text = '';
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'article') return;
    visit(node, 'text', (t: Text) => {
      text += t.value;
    });
    return false;
  });
  return text;
}

describe('the built sample site', () => {
  it('has a page for every published document and interpretation', () => {
    const expected = [
      ...[...entries.documents.values()].filter(published).map((e) => `wenjian/${e.source.id}/index.html`),
      ...[...entries.interpretations.values()].filter(published).map((e) => `jiedu/${e.source.id}/index.html`),
    ];
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.filter((p) => !existsSync(join(DIST, p)))).toEqual([]);
  });

  it('publishes no draft', () => {
    const drafts = [...entries.interpretations.values()].filter((e) => e.data.draft === true);
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.filter((e) => existsSync(join(DIST, 'jiedu', e.source.id)))).toEqual([]);
  });

  const records = ['documents.jsonl', 'interpretations.jsonl'].flatMap((file) =>
    readFileSync(join(process.cwd(), 'tests', 'fixtures', 'corpus', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; body: string | null }),
  );
  const byImportId = new Map(
    (['documents', 'interpretations'] as const).flatMap((c) =>
      [...entries[c].values()].map((e) => [(e.data.importedFrom as { id: string } | undefined)?.id, { collection: c, entry: e }] as const),
    ),
  );

  it.each(records.filter((r) => r.body).map((r) => [r.id, r] as const))(
    'record %s keeps every Chinese character in its content file and on its page',
    (_id, record) => {
      const target = byImportId.get(record.id);
      expect(target, `no content file imported from ${record.id}`).toBeDefined();
      const { collection, entry } = target!;
      const source = chineseCharSequence(record.body!);
      expect(firstDifference(source, chineseCharSequence(entry.source.body))).toBeUndefined();
      if (entry.data.draft === true) return;
      const page = pageHtml(`/${collection === 'documents' ? 'wenjian' : 'jiedu'}/${entry.source.id}/`);
      expect(firstDifference(source, chineseCharSequence(articleText(page)))).toBeUndefined();
    },
  );
});
