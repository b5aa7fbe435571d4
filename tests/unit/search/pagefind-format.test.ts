// The undocumented parts of Pagefind's output the search relies on, checked on a tiny index built with the
// installed Pagefind: after an upgrade, a failure here names what changed and which of our files reads it
// (see "Upgrading Pagefind" in src/search/README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pagefind from 'pagefind';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePagefindFile, readIndexedPages, type IndexedPage } from '../../../src/search/fragments';
import { FIELDS_END_ID } from '../../../src/search/fields';
import { excerptParts, splitWords, textBlocks } from '../../../src/search/result-files';
import { PAGEFIND_RESULT_FIELDS } from '../../../src/search/shards';

// pagefind's package exports no package.json: read it from the installed package's folder.
const version = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'pagefind', 'package.json'), 'utf8')) as { version: string }).version;
const changed = (what: string, reader: string) =>
  `Pagefind ${version} changed ${what}; ${reader} relies on it. See "Upgrading Pagefind" in src/search/README.md.`;

// A document page as the site renders it (src/search/fields.ts): weighted title, hidden metadata and filters, the
// end-of-fields marker, then the text, whose title is two lines in the source as in 国办发〔2019〕4号.
const PAGE = `<html lang="zh-CN"><body><main>
<div data-pagefind-body><p data-pagefind-weight="7">国务院办公厅关于加强三级公立医院绩效考核工作的意见</p>
<div data-pagefind-ignore><span data-pagefind-meta="title">国务院办公厅关于加强三级公立医院绩效考核工作的意见</span><span data-pagefind-meta="type">原文件</span><span data-pagefind-filter="type">原文件</span><span data-pagefind-sort="date">2019-01-30</span></div><span id="${FIELDS_END_ID}"></span></div>
<article data-pagefind-body><p>国务院办公厅关于加强</p><p>三级公立医院绩效考核工作的意见</p><p>为进一步深化公立医院改革，经国务院同意，现就加强三级公立医院绩效考核工作提出以下意见。</p><p>一、总体要求</p></article>
</main></body></html>`;

let dir: string;
let page: IndexedPage | undefined;
let readError: unknown;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jiedu-pagefind-format-'));
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind ${version} could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addHTMLFile({ url: '/wenjian/guobanfa-2019-4/', content: PAGE });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length) throw new Error(written.errors.join('; '));
  } finally {
    await pagefind.close();
  }
  try {
    page = readIndexedPages(dir)[0];
  } catch (error) {
    readError = error;
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`the installed Pagefind (${version}) writes what the search reads`, () => {
  it('one fragment file per page: fragment/<id>.pf_fragment, gzip of "pagefind_dcd" and JSON', () => {
    const fragments = existsSync(join(dir, 'fragment')) ? readdirSync(join(dir, 'fragment')) : [];
    expect(fragments.filter((f) => f.endsWith('.pf_fragment')).length, changed('where it writes page fragments (fragment/*.pf_fragment)', 'readIndexedPages in src/search/fragments.ts')).toBe(1);
    const bytes = readFileSync(join(dir, 'fragment', fragments[0]!));
    expect(() => JSON.parse(decodePagefindFile(bytes).toString('utf8')), changed('how a fragment is encoded (gzip, "pagefind_dcd" signature, JSON)', 'decodePagefindFile in src/search/fragments.ts')).not.toThrow();
    expect(readError, changed('the fragment files', 'readIndexedPages in src/search/fragments.ts')).toBeUndefined();
  });

  it('a fragment has url, content, word_count, meta, filters and anchors', () => {
    expect(page?.url, changed('the fragment field "url"', 'writeResultFiles in src/search/index-site.ts (result cards)')).toBe('/wenjian/guobanfa-2019-4/');
    expect(typeof page?.content, changed('the fragment field "content" (the indexed text)', 'writeResultFiles and textBlocks (text blocks of excerpts)')).toBe('string');
    expect(typeof page?.word_count, changed('the fragment field "word_count"', 'IndexedPage in src/search/fragments.ts')).toBe('number');
    expect(page?.meta?.title, changed('the fragment field "meta" (data-pagefind-meta)', 'result cards (src/search/result-files.ts)')).toBe('国务院办公厅关于加强三级公立医院绩效考核工作的意见');
    expect(page?.filters?.type, changed('the fragment field "filters" (data-pagefind-filter)', 'IndexedPage in src/search/fragments.ts')).toEqual(['原文件']);
    expect(page?.anchors?.map((a) => Object.keys(a).sort()), changed('the fragment field "anchors" (elements with an id and their word location)', 'writeResultFiles (where the page text starts)')).toEqual([['element', 'id', 'location', 'text']]);
  });

  it('Chinese text is words separated by zero-width spaces, counted as Pagefind counts word locations', () => {
    const content = page?.content ?? '';
    expect(content.includes('\u200B'), changed('the separator of segmented Chinese words in "content" (zero-width space U+200B)', 'splitWords in src/search/result-files.ts')).toBe(true);
    const words = splitWords(content);
    const start = page?.anchors?.find((a) => a.id === FIELDS_END_ID)?.location ?? -1;
    // The marker's location is the first word of the text after the fields: word locations index splitWords.
    expect(words.slice(start, start + 3).join(''), changed('how anchor locations count words', 'writeResultFiles (text blocks start at the page text) and excerptStart')).toBe('国务院办公厅');
  });

  it('a block element without closing punctuation ends with the word ". ", one with it with a trailing space', () => {
    const words = splitWords(page?.content ?? '');
    const start = page?.anchors?.find((a) => a.id === FIELDS_END_ID)?.location ?? 0;
    const afterLine = words[words.indexOf('加强', start) + 1];
    expect(afterLine, changed('the end of a block element without punctuation (the word ". ")', 'sentencesOf and renderWords in src/search/result-files.ts (excerpts)')).toBe('. ');
    expect(words.some((w) => w === '。 '), changed('the end of a block element with punctuation ("。 ")', 'sentencesOf in src/search/result-files.ts (excerpts)')).toBe(true);
    // The text's last block element: Pagefind trims the space.
    expect(words.at(-1), changed('the end of the last block element (".")', 'excerptParts in src/search/result-files.ts')).toBe('.');
  });

  it('an excerpt from this index is a clean sentence with whole words marked', () => {
    const words = splitWords(page?.content ?? '');
    const start = page?.anchors?.find((a) => a.id === FIELDS_END_ID)?.location ?? 0;
    const text = excerptParts(textBlocks(words, start)[0]!, start, [], ['三级公立医院'])
      .map((p) => (p.mark ? `[${p.text}]` : p.text))
      .join('');
    expect(text, changed('the indexed text', 'excerptParts in src/search/result-files.ts')).toBe('为进一步深化[公立医院]改革，经国务院同意，现就加强[三级公立医院]绩效考核工作提出以下意见。一、总体要求');
  });

  it('pagefind.js builds results with the text the indexer patches once', () => {
    const script = readFileSync(join(dir, 'pagefind.js'), 'utf8');
    expect(script.split(PAGEFIND_RESULT_FIELDS).length - 1, changed(`the result fields in pagefind.js ("${PAGEFIND_RESULT_FIELDS}")`, 'patchPagefindScript and PAGEFIND_RESULT_FIELDS in src/search/shards.ts (merged shards)')).toBe(1);
  });
});
