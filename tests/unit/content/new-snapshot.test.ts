// `npm run new` chooses documents and organisations from the content snapshot (src/new/documents.ts), as the check
// and stats do: a run that holds the snapshot reads no content file twice, and without a hold the disk is read afresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { contentReadCounts, resetContentReadCounts } from '../../../src/content/files';
import { holdSnapshot, readSnapshot, releaseSnapshots } from '../../../src/content/snapshot';
import { loadChoices } from '../../../src/new/documents';

const SITE = join(import.meta.dirname, '..', '..', 'fixtures', 'infographics', 'site');

/** A copy of the fixture site that a test may change. */
function copySite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-new-snapshot-'));
  cpSync(SITE, dir, { recursive: true });
  return dir;
}

/** Read counts of the files under `root`, by path relative to it. */
function readsUnder(root: string): Record<string, number> {
  return Object.fromEntries([...contentReadCounts()].filter(([f]) => f.startsWith(`${root}/`)).map(([f, n]) => [relative(root, f), n]));
}

beforeEach(() => {
  releaseSnapshots();
  resetContentReadCounts();
});
afterEach(() => releaseSnapshots());

describe('npm run new and the content snapshot', () => {
  it('choosing documents and organisations in a run that holds the snapshot reads no content file again', () => {
    const root = copySite();
    holdSnapshot(root);
    readSnapshot(root);
    const afterFirstRead = readsUnder(root);
    expect(afterFirstRead['content/documents/guofa-2019-5.md']).toBe(1);

    const { documents, organizations } = loadChoices(root);

    expect(documents.map((d) => d.id)).toEqual(['guofa-2019-5']);
    expect(organizations.map((o) => ({ id: o.id, name: o.name }))).toEqual([{ id: 'guowuyuan', name: '国务院' }]);
    expect(readsUnder(root)).toEqual(afterFirstRead);
  });

  it('without a held snapshot a document written after an earlier read is among the choices', () => {
    const root = copySite();
    expect(loadChoices(root).documents.map((d) => d.id)).toEqual(['guofa-2019-5']);
    writeFileSync(
      join(root, 'content/documents/guobanfa-2020-1.md'),
      '---\ntitle: 国务院办公厅关于测试的通知\ndocNumber: 国办发〔2020〕1号\nissuer: guowuyuan\npublishedAt: 2020-01-10\n---\n\n正文。\n',
    );

    const { documents } = loadChoices(root);

    expect(documents.map((d) => ({ id: d.id, docNumber: d.docNumber, publishedAt: d.publishedAt }))).toEqual([
      { id: 'guobanfa-2020-1', docNumber: '国办发〔2020〕1号', publishedAt: '2020-01-10' },
      { id: 'guofa-2019-5', docNumber: '国发〔2019〕5号', publishedAt: '2019-02-15' },
    ]);
  });
});
