/**
 * A large JSON Lines export is read record by record (openInput) and its bodies go to the conversion threads while
 * the rest is still being read (importCatalogue), instead of after the whole export was read and checked.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCatalogue } from '../../../src/import/importer';
import { openInput, readInput } from '../../../src/import/read-input';
import { tempDirs } from '../../support/temp-dirs';

const temp = tempDirs();

const record = (n: number) =>
  JSON.stringify({
    id: `s-${n}`,
    title: `示例市人民政府关于第${n}号测试事项的通知`,
    kind: '规范性文件',
    doc_number: `示府〔2024〕${n}号`,
    issuer: '示例市人民政府',
    date: '2024-03-01',
    body: `第${n}号。\n一、为做好第${n}号事项，现通知如下。\n二、本通知自印发之日起施行。`,
  });

describe('openInput', () => {
  it('gives a JSON Lines file record by record: what is after a record is read only when it is taken, and the table ends as readInput gives it', () => {
    const file = join(temp('stream-input'), 'export.jsonl');
    writeFileSync(file, [record(1), record(2), '{不是 JSON', JSON.stringify({ id: 's-4', 标题: '第四', 未知键: 1 })].join('\n'));
    const { table, records } = openInput(file);
    const iterator = records[Symbol.iterator]();
    expect(iterator.next().value?.fields.id).toBe('s-1');
    // The third line has not been read yet.
    expect(table.unreadable).toEqual([]);
    const rest = [...{ [Symbol.iterator]: () => iterator }];
    expect(rest.map((r) => r.fields.id)).toEqual(['s-2', 's-4']);
    const whole = readInput(file);
    expect(table.unreadable).toEqual(whole.unreadable);
    expect(table.problems).toEqual(whole.problems);
    expect(table.names).toEqual(whole.names);
    expect([whole.records[0]!.fields, ...rest.map((r) => r.fields)]).toEqual(whole.records.map((r) => r.fields));
  });
});

describe('importCatalogue', () => {
  it('converts bodies on the threads while the export is still being read', async () => {
    const root = temp('stream-import');
    mkdirSync(join(root, 'content'), { recursive: true });
    const count = 400;
    const file = join(root, 'export.jsonl');
    writeFileSync(file, `${Array.from({ length: count }, (_, i) => record(i + 1)).join('\n')}\n`);
    // While reading, the progress line gives the bodies converted of the records read so far.
    const reports: [number, number][] = [];
    const result = await importCatalogue({ root, inputs: [file], workers: 2, onProgress: (done, total) => reports.push([done, total]) });
    expect(result.imported).toBe(count);
    const duringReading = reports.filter(([done, total]) => done > 0 && total < count);
    expect(duringReading.length).toBeGreaterThan(0);
  });
});
