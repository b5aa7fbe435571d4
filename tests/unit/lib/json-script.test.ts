import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { serializeJsonForScript } from '../../../src/lib/json-script';
import { CORPUS } from '../../fixtures/hostile/corpus';

describe('JSON for a <script> element (JSON-LD)', () => {
  const values = CORPUS.frontmatter.map((f) => f.value);

  it('has no <, >, &, U+2028 or U+2029 in its text, whatever the values', () => {
    for (const v of values) expect(serializeJsonForScript({ name: v })).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('parses back to exactly the same data', () => {
    const data = { name: values, n: 1, nested: { ok: true, text: '国发〔2019〕5号 & <附件>' } };
    expect(JSON.parse(serializeJsonForScript(data))).toEqual(data);
  });

  it('stays one script element when put in a page: the HTML parser sees no end tag inside it', () => {
    for (const v of values) {
      const tree = fromHtml(`<script type="application/ld+json">${serializeJsonForScript({ name: v })}</script><p>after</p>`, { fragment: true });
      expect(tree.children.map((c) => (c.type === 'element' ? c.tagName : c.type))).toEqual(['script', 'p']);
    }
  });

  it('throws on a value with no JSON form instead of writing "undefined"', () => {
    expect(() => serializeJsonForScript(undefined)).toThrow(TypeError);
  });
});
