// The scale benchmark's generated content (tests/support/scale-site.ts): valid for the check, unique 文号 and 索引号,
// bodies of real corpus paragraphs at the asked length, and the same files for the same options.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../../src/check/validate';
import { corpusDirectory, corpusParagraphs, scaleDocumentId, writeScaleContent } from '../../support/scale-site';

const PROJECT = process.cwd();
const root = mkdtempSync(join(tmpdir(), 'jiedu-scale-'));
const content = join(root, 'content');
const summary = writeScaleContent(PROJECT, content, { documents: 24, interpretations: 5, infographics: 2, bodyChars: 3000 });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const frontmatterField = (text: string, field: string) => new RegExp(`^${field}: (.+)$`, 'mu').exec(text)?.[1];
const documents = readdirSync(join(content, 'documents')).map((f) => readFileSync(join(content, 'documents', f), 'utf8'));

describe('the generated scale site', () => {
  it('writes the asked numbers of entries', () => {
    expect(summary).toMatchObject({ documents: 24, interpretations: 5, infographics: 2 });
    expect(readdirSync(join(content, 'documents'))).toHaveLength(24);
    expect(readdirSync(join(content, 'interpretations'))).toHaveLength(5);
    expect(readdirSync(join(content, 'infographics'))).toHaveLength(2);
    expect(readdirSync(join(content, 'documents'))[0]).toBe(`${scaleDocumentId(0)}.md`);
  });

  it('passes the check without errors', () => {
    // The project root gives the check its schemas and organisations; the generated content is what it reads.
    const result = checkContent(PROJECT, content);
    expect([...result.entries.documents.keys()].sort()).toEqual(Array.from({ length: 24 }, (_, n) => scaleDocumentId(n)));
    expect(result.entries.interpretations.size).toBe(5);
    expect(result.entries.infographics.size).toBe(2);
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
  });

  it('gives every document its own 文号 and 索引号', () => {
    const numbers = documents.map((d) => frontmatterField(d, 'docNumber'));
    const indexNumbers = documents.map((d) => frontmatterField(d, 'indexNumber'));
    expect(new Set(numbers).size).toBe(24);
    expect(new Set(indexNumbers).size).toBe(24);
    expect(indexNumbers.every((n) => /^\d{9}\/\d{4}-\d{5}$/.test(n ?? ''))).toBe(true);
  });

  it('makes bodies of the asked length from corpus paragraphs', () => {
    const paragraphs = new Set(corpusParagraphs(corpusDirectory(PROJECT)));
    for (const doc of documents) {
      const body = doc.replace(/^---\n[\s\S]*?\n---\n\n/u, '');
      const texts = body.split('\n\n').filter((p) => !p.startsWith('## ')).map((p) => p.trim());
      expect(texts.every((p) => paragraphs.has(p))).toBe(true);
      expect(texts.join('').length).toBeGreaterThanOrEqual(3000);
      expect(texts.join('').length).toBeLessThan(3000 + 2000);
    }
  });

  it('writes the same files for the same options', () => {
    const again = mkdtempSync(join(tmpdir(), 'jiedu-scale-'));
    try {
      writeScaleContent(PROJECT, join(again, 'content'), { documents: 24, interpretations: 5, infographics: 2, bodyChars: 3000 });
      for (const f of readdirSync(join(content, 'documents'))) {
        expect(readFileSync(join(again, 'content', 'documents', f), 'utf8')).toBe(readFileSync(join(content, 'documents', f), 'utf8'));
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
