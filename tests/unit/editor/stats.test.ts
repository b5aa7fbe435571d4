import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import chineseDays from 'chinese-days';
import { computeYearStats, formatYearStats, statsToCsv, yearsWithContent, type StatsInput } from '../../../src/site/stats';
import { checkContent, type CheckedEntry } from '../../../src/check/validate';
import { isPublished, todayInChina } from '../../../src/check/publication';
import { FORMS } from '../../../src/schemas/interpretation';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the year-end numbers on hand-made data', () => {
  const input: StatsInput = {
    year: 2019,
    workingDays: 3,
    organizationNames: new Map([
      ['a', '甲机关'],
      ['b', '乙机关'],
    ]),
    documents: [
      // 2019-02-01 is a Friday; 02-02 and 02-03 are make-up working days (调休) before the Spring Festival holiday
      // of 02-04 to 02-10, so 02-11 is the 3rd working day after it and 02-12 the 4th.
      { id: 'd1', title: '文件一', docNumber: '甲发[2019]1号', issuer: 'a', publishedAt: '2019-02-01', requiresInterpretation: true },
      { id: 'd2', title: '文件二', issuer: 'b', publishedAt: '2019-03-01', requiresInterpretation: true },
      { id: 'd3', title: '文件三', issuer: 'b', publishedAt: '2019-05-06', requiresInterpretation: true },
      { id: 'd4', title: '文件四', issuer: 'a', publishedAt: '2019-06-03', requiresInterpretation: false },
      { id: 'd5', title: '去年的文件', issuer: 'a', publishedAt: '2018-12-03', requiresInterpretation: true },
    ],
    interpretations: [
      { id: 'i1', title: '解读一', documents: ['d1'], form: '问答', publishedAt: '2019-02-11' },
      { id: 'i2', title: '解读二', documents: ['d1'], form: '文字解读', publishedAt: '2019-02-12' },
      { id: 'i3', title: '解读三', documents: ['d2'], form: '文字解读', publishedAt: '2019-03-01' },
      { id: 'i4', title: '解读四', documents: ['d4'], form: '专家解读', publishedAt: '2019-12-31' },
      { id: 'i5', title: '去年的解读', documents: ['d5'], form: '问答', publishedAt: '2018-12-04' },
      { id: 'i6', title: '没有日期的解读', documents: ['d3'], form: '问答' },
      { id: 'i7', title: '一图读懂国家的条例', documents: [], form: '图解', publishedAt: '2019-04-02', externalDocuments: [{ title: '国家的条例', url: 'https://www.gov.cn/x' }] },
    ],
    infographics: [
      { id: 'g1', title: '图解一', document: 'd1', publishedAt: '2019-02-13' },
      { id: 'g2', title: '图解二', document: 'd2', publishedAt: '2020-01-02' },
    ],
  };
  const s = computeYearStats(input);

  it('counts interpretations of the year by form and by month', () => {
    expect(s.interpretations.total).toBe(5);
    expect(s.interpretations.byForm).toEqual({ ...Object.fromEntries(FORMS.map((f) => [f, 0])), 问答: 1, 文字解读: 2, 专家解读: 1, 图解: 1 });
    expect(s.interpretations.byMonth).toEqual([0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('counts an interpretation of the form 图解 as an infographic too, and those of originals not on this site', () => {
    expect(s.infographics).toEqual({ total: 2, entries: 1, interpretationForm: 1, byMonth: [0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(s.interpretations.ofExternalDocuments).toBe(1);
    expect(formatYearStats(s)).toContain('图解：2 幅（图解 1 幅，图解形式的解读 1 篇）');
  });

  it('lists the documents of the year that need an interpretation and have none', () => {
    expect(s.documents.total).toBe(4);
    expect(s.documents.requiringInterpretation).toBe(3);
    // d3 has only an interpretation without a date: it still counts as interpreted (it is on the site).
    expect(s.documents.withoutInterpretation).toEqual([]);
    const without = computeYearStats({ ...input, interpretations: input.interpretations.filter((i) => i.id !== 'i6') });
    expect(without.documents.withoutInterpretation.map((d) => [d.id, d.issuerName])).toEqual([['d3', '乙机关']]);
  });

  it('counts the share published within the working days on the official calendar, overall and by issuer', () => {
    // d1: its first interpretation i1 came on the 3rd working day (on time); i2, a day later, is a follow-up and
    // not measured. d2: i3 on the same day. d3: its only interpretation has no date. d5: interpreted in 2018.
    expect(s.timeliness.overall).toEqual({ onTime: 2, measured: 2, percent: 100 });
    expect(formatYearStats(s)).toContain('3 个工作日内发布的解读（按需要解读的原文件，看第一篇解读）：100%（2/2 件）\n  甲机关：100%（1/1 件）');
    expect(s.timeliness.byIssuer).toEqual([
      { issuer: 'a', issuerName: '甲机关', onTime: 1, measured: 1, percent: 100 },
      { issuer: 'b', issuerName: '乙机关', onTime: 1, measured: 1, percent: 100 },
    ]);
  });

  it('exports a CSV that spreadsheets open with the Chinese intact', () => {
    const csv = statsToCsv(s);
    expect(csv.startsWith('\uFEFF指标,分项,数值,说明\r\n')).toBe(true);
    expect(csv.split('\r\n').filter((l) => l.startsWith('3个工作日内') || l.startsWith('需要解读') || l.startsWith('解读总数'))).toMatchInlineSnapshot(`
      [
        "解读总数,,5,2019 年发布",
        "需要解读的原文件,,3,",
        "需要解读但没有解读的原文件,,0,",
        "3个工作日内发布的解读比例,全部,100,2/2",
        "3个工作日内发布的解读比例,甲机关,100,1/1",
        "3个工作日内发布的解读比例,乙机关,100,1/1",
      ]
    `);
  });

  it('quotes a CSV cell with a comma, a quote or a line break, so the row stays whole', () => {
    const quoted = { id: 'd6', title: '关于"双随机,一公开"的\n通知', issuer: 'b', publishedAt: '2019-07-01', requiresInterpretation: true };
    const csv = statsToCsv(computeYearStats({ ...input, documents: [...input.documents, quoted] }));
    expect(csv).toContain('\r\n需要解读但没有解读的原文件,d6,1,"《关于""双随机,一公开""的\n通知》乙机关 2019-07-01"\r\n');
  });

  it('lists the years that have content, newest first', () => {
    expect(yearsWithContent(input)).toEqual([2020, 2019, 2018]);
  });
});

describe('timeliness counts the first interpretation of each document only', () => {
  // 2019-05-06 is a Monday: 05-09 is the 3rd working day after it, 05-10 the 4th.
  const doc = (id: string, issuer = 'a', publishedAt = '2019-05-06') => ({ id, title: id, issuer, publishedAt, requiresInterpretation: true });
  const interp = (id: string, documents: string[], publishedAt?: string) => ({ id, title: id, documents, form: '文字解读' as const, publishedAt });
  const stats = (documents: StatsInput['documents'], interpretations: StatsInput['interpretations'], year = 2019) =>
    computeYearStats({ year, workingDays: 3, organizationNames: new Map([['a', '甲机关'], ['b', '乙机关']]), documents, interpretations, infographics: [] }).timeliness;

  it('does not count a late follow-up of a document first interpreted on time', () => {
    const t = stats([doc('d')], [interp('later', ['d'], '2019-09-02'), interp('first', ['d'], '2019-05-09')]);
    expect(t.overall).toEqual({ onTime: 1, measured: 1, percent: 100 });
  });

  it('counts a document whose first interpretation came late as late, whatever follows', () => {
    const t = stats([doc('d')], [interp('first', ['d'], '2019-05-10'), interp('again', ['d'], '2019-05-10')]);
    expect(t.overall).toEqual({ onTime: 0, measured: 1, percent: 0 });
    expect(t.byIssuer).toEqual([{ issuer: 'a', issuerName: '甲机关', onTime: 0, measured: 1, percent: 0 }]);
  });

  it('takes an earlier interpretation that names the document second as its first one', () => {
    const t = stats([doc('lead', 'a'), doc('companion', 'b')], [interp('both', ['lead', 'companion'], '2019-05-08'), interp('own', ['companion'], '2019-06-03')]);
    expect(t.overall).toEqual({ onTime: 2, measured: 2, percent: 100 });
    expect(t.byIssuer.map((r) => [r.issuer, r.onTime, r.measured])).toEqual([['a', 1, 1], ['b', 1, 1]]);
  });

  it('measures a document in the year of its first interpretation, not again in the year of a follow-up', () => {
    const documents = [doc('d', 'a', '2019-12-30')];
    const interpretations = [interp('first', ['d'], '2019-12-31'), interp('next-year', ['d'], '2020-03-02')];
    expect(stats(documents, interpretations, 2019).overall).toEqual({ onTime: 1, measured: 1, percent: 100 });
    expect(stats(documents, interpretations, 2020).overall).toEqual({ onTime: 0, measured: 0, percent: null });
  });

  it('skips undated interpretations and documents that need no interpretation or are not on the site', () => {
    const t = stats(
      [doc('d'), { ...doc('free'), requiresInterpretation: false }],
      [interp('undated', ['d']), interp('dated', ['d'], '2019-05-13'), interp('free', ['free'], '2019-12-02'), interp('elsewhere', ['not-on-site'], '2019-12-02')],
    );
    expect(t.overall).toEqual({ onTime: 0, measured: 1, percent: 0 });
  });
});

// ---- The sample content, counted a second way: the files read with regular expressions. ----

interface RawEntry {
  id: string;
  fm: string;
}

function readRaw(dir: string, ext: string): RawEntry[] {
  const path = join(ROOT, 'content', dir);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ id: f.slice(0, -ext.length), fm: /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(join(path, f), 'utf8'))?.[1] ?? '' }));
}

const field = (fm: string, key: string) => new RegExp(`^${key}: *['"]?([^'"\\n]*?)['"]?\\s*$`, 'm').exec(fm)?.[1];
const listField = (fm: string, key: string) => [...(new RegExp(`^${key}:\\n((?:[ \\t]+- .*\\n?)+)`, 'm').exec(fm)?.[1] ?? '').matchAll(/- *(\S+)/g)].map((m) => m[1]!);
const today = todayInChina();
const live = (e: RawEntry) => field(e.fm, 'draft') !== 'true' && !((field(e.fm, 'publishAt') ?? '') > today);

/** Working days after `from` up to `to`, straight from the calendar package. */
function lateness(from: string, to: string): number {
  let n = 0;
  const d = new Date(`${from}T00:00:00Z`);
  for (;;) {
    d.setUTCDate(d.getUTCDate() + 1);
    const s = d.toISOString().slice(0, 10);
    if (s > to) return n;
    const y = Number(s.slice(0, 4));
    const work = y >= 2004 && y <= 2026 ? chineseDays.isWorkday(s) : d.getUTCDay() % 6 !== 0;
    if (work) n++;
  }
}

describe('the year-end numbers of the sample content', () => {
  const { entries, site } = checkContent(ROOT);
  const published = <T,>(map: Map<string, CheckedEntry>) => [...map.values()].filter((e) => isPublished(e.data, today)).map((e) => ({ id: e.source.id, ...e.data }) as T);
  const base = {
    documents: published<StatsInput['documents'][number]>(entries.documents),
    interpretations: published<StatsInput['interpretations'][number]>(entries.interpretations),
    infographics: published<StatsInput['infographics'][number]>(entries.infographics),
    organizationNames: new Map<string, string>(),
    workingDays: site?.timeliness.workingDays ?? 3,
  };
  const docs = readRaw('documents', '.md').filter(live);
  const interps = readRaw('interpretations', '.mdx').filter(live);
  const infos = readRaw('infographics', '.mdx').filter(live);
  const years = [...new Set([...interps, ...infos].map((e) => field(e.fm, 'publishedAt')?.slice(0, 4)).filter((y): y is string => !!y))].map(Number);

  it('has sample content to count', () => {
    expect(interps.length).toBeGreaterThan(0);
    expect(years.length).toBeGreaterThan(0);
  });

  it('matches an independent count of every year: totals, forms, months, infographics, missing interpretations, timeliness', () => {
    for (const year of years) {
      const s = computeYearStats({ ...base, year });
      const y = `${year}-`;
      const ofYear = interps.filter((e) => field(e.fm, 'publishedAt')?.startsWith(y));
      expect(s.interpretations.total, `${year} total`).toBe(ofYear.length);
      for (const form of FORMS) expect(s.interpretations.byForm[form], `${year} ${form}`).toBe(ofYear.filter((e) => field(e.fm, 'form') === form).length);
      for (let m = 1; m <= 12; m++) {
        const mm = `${y}${String(m).padStart(2, '0')}-`;
        expect(s.interpretations.byMonth[m - 1], `${year}-${m}`).toBe(ofYear.filter((e) => field(e.fm, 'publishedAt')!.startsWith(mm)).length);
      }
      expect(s.infographics.total, `${year} infographics`).toBe(
        infos.filter((e) => field(e.fm, 'publishedAt')?.startsWith(y)).length + ofYear.filter((e) => field(e.fm, 'form') === '图解').length,
      );

      const interpreted = new Set(interps.flatMap((e) => listField(e.fm, 'documents')));
      const needing = docs.filter((d) => field(d.fm, 'publishedAt')?.startsWith(y) && field(d.fm, 'requiresInterpretation') === 'true');
      expect(s.documents.requiringInterpretation, `${year} requiring`).toBe(needing.length);
      expect(s.documents.withoutInterpretation.map((d) => d.id).sort(), `${year} missing`).toEqual(needing.filter((d) => !interpreted.has(d.id)).map((d) => d.id).sort());

      // Each document that needs an interpretation, measured by its earliest dated interpretation, in that year.
      let measured = 0;
      let onTime = 0;
      for (const d of docs.filter((d) => field(d.fm, 'requiresInterpretation') === 'true')) {
        const dates = interps
          .filter((e) => listField(e.fm, 'documents').includes(d.id))
          .map((e) => field(e.fm, 'publishedAt'))
          .filter((p): p is string => !!p)
          .sort();
        if (!dates[0]?.startsWith(y)) continue;
        measured++;
        if (lateness(field(d.fm, 'publishedAt')!, dates[0]) <= base.workingDays) onTime++;
      }
      expect([s.timeliness.overall.onTime, s.timeliness.overall.measured], `${year} timeliness`).toEqual([onTime, measured]);
    }
  });
});

describe('npm run stats', () => {
  it('prints the numbers and writes JSON and CSV', () => {
    const out = mkdtempSync(join(tmpdir(), 'jiedu-stats-'));
    const r = spawnSync('npx', ['tsx', 'scripts/stats.ts', '--year', '2019', '--json', join(out, 's.json'), '--csv', join(out, 's.csv')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2019 年政策解读统计');
    const json = JSON.parse(readFileSync(join(out, 's.json'), 'utf8'));
    expect(json.year).toBe(2019);
    expect(readFileSync(join(out, 's.csv'), 'utf8')).toContain(`解读总数,,${json.interpretations.total},2019 年发布`);
  });

  it('refuses a year that is not four digits', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/stats.ts', '--year', '19'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('年份 “19” 格式不对，写四位数字，例如 --year 2019。');
  });
});
