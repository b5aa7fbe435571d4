/**
 * The importer's hast → mdast step (src/import/to-mdast.ts) works on the tree it is given instead of a copy, and must
 * give exactly what rehype-remark's toMdast gives: the same mdast for every HTML body of the corpus, after the same
 * sanitising steps, and the tree it was given is the one changed (no copy made).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root as HastRoot } from 'hast';
import rehypeParse from 'rehype-parse';
import { toMdast } from 'hast-util-to-mdast';
import { unified } from 'unified';
import { sanitizeContentTree } from '../../../src/markdown/sanitize';
import { toMdastInPlace } from '../../../src/import/to-mdast';

const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'corpus');
const parser = unified().use(rehypeParse, { fragment: true });

/** The corpus bodies in HTML (documents' body_html), each parsed and sanitised as the importer does. */
const bodies = readFileSync(join(CORPUS, 'documents.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { id: string; body_html?: string })
  .filter((r) => r.body_html);

function sanitised(html: string): HastRoot {
  return sanitizeContentTree(parser.parse(html) as HastRoot, { source: html }).tree as HastRoot;
}

describe('toMdastInPlace', () => {
  it('gives the mdast of rehype-remark for every HTML body of the corpus', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const { id, body_html } of bodies) {
      const expected = toMdast(sanitised(body_html!), { document: true });
      expect(toMdastInPlace(sanitised(body_html!)), id).toEqual(expected);
    }
  });

  it('changes the tree it is given instead of copying it (whitespace minified in place)', () => {
    const tree = sanitised('<p>  一  <b> 二 </b>\n\n  三 </p>');
    const before = JSON.stringify(tree);
    toMdastInPlace(tree);
    expect(JSON.stringify(tree)).not.toBe(before);
  });
});
