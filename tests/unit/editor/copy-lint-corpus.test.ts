import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fixCopy } from '../../../src/check/lint/copy-lint';
import { readContentTree } from '../../../src/content/files';

// Issue 14 item 5: copy-lint fixes never change meaning. The corpus is what editors write beside the marks the
// lint touches; each line goes through the real --fix (a paragraph of an interpretation, every pass).
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'editor');
const CORPUS = readFileSync(join(FIXTURES, 'cases', 'biaodian-yuliao.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [input, expected] = l.split('\t') as [string, string];
    return { input, expected: expected === '=' ? input : expected };
  });

/** The corpus lines as they are after `npm run check -- --fix`, each written as its own paragraph. */
function fixedByCheck(): string[] {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-corpus-'));
  cpSync(join(FIXTURES, 'project'), root, { recursive: true });
  mkdirSync(join(root, 'content', 'interpretations'), { recursive: true });
  const head = '---\ntitle: 语料\ndocuments:\n  - guofa-2019-5\nform: 文字解读\npublishedAt: 2019-02-15\n---\n\n';
  const path = join(root, 'content', 'interpretations', 'yuliao.mdx');
  // Markdown would read "1.总体要求" at the start of a line as a list only with a space; the rest are paragraphs.
  writeFileSync(path, head + CORPUS.map((c) => c.input).join('\n\n') + '\n');
  fixCopy(root, readContentTree(root).files);
  return readFileSync(path, 'utf8').slice(head.length).trimEnd().split('\n\n');
}

/** What must survive any fix: numbers with their separators, times, standards codes and URLs. */
function meaningTokens(text: string): string[] {
  return [
    ...(text.match(/https?:\/\/\S+?(?=[，。\p{Script=Han}]|$)/gu) ?? []),
    ...(text.match(/GB(?:\/T)? \d+(?:-\d{4})?/g) ?? []),
    ...(text.match(/\d+(?:[.,:\-]\d+)*%?/g) ?? []),
  ];
}

describe('the copy-lint corpus through npm run check -- --fix', () => {
  const fixed = fixedByCheck();

  it('has one paragraph out for each line in', () => {
    expect(fixed).toHaveLength(CORPUS.length);
  });

  it.each(CORPUS.map((c, i) => [c.input, c.expected, i] as const))('%s → %s', (_input, expected, i) => {
    expect(fixed[i]).toBe(expected);
  });

  it('never changes a number, time, standards code or URL', () => {
    CORPUS.forEach((c, i) => expect(meaningTokens(fixed[i]!), c.input).toEqual(meaningTokens(c.input)));
  });
});
