import { describe, expect, it } from 'vitest';
import { groupBy } from '../../../src/lib/group-by';

describe('groupBy (the lists of an organisation page, built once per build)', () => {
  const docs = [
    { id: 'a', issuer: 'guowuyuan', coIssuers: ['caizhengbu'] },
    { id: 'b', issuer: 'caizhengbu', coIssuers: [] },
    { id: 'c', issuer: undefined, coIssuers: [] },
    // An issuer also written as co-issuer is listed once.
    { id: 'd', issuer: 'guowuyuan', coIssuers: ['guowuyuan'] },
  ];

  it('lists each entry under each of its keys once, in the entries order, skipping undefined keys', () => {
    const byOrg = groupBy(docs, (d) => [d.issuer, ...d.coIssuers]);
    expect([...byOrg].map(([k, v]) => [k, v.map((d) => d.id)])).toEqual([
      ['guowuyuan', ['a', 'd']],
      ['caizhengbu', ['a', 'b']],
    ]);
  });

  it('reads each entry once, whatever the number of keys: one pass, not one scan per organisation', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `d${i}`, issuer: `org-${i % 50}`, coIssuers: [] as string[] }));
    let calls = 0;
    const byOrg = groupBy(many, (d) => {
      calls++;
      return [d.issuer];
    });
    expect(byOrg.size).toBe(50);
    expect(calls).toBe(many.length);
  });
});
