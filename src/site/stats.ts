/**
 * The year-end numbers an openness self-assessment report (政务公开工作年度报告) needs: interpretations by
 * form and by month, infographics, documents that need an interpretation and have none, and the share of
 * interpretations published within the working-day limit, overall and by issuer. A pure function over plain
 * data, so `npm run stats` and the /tongji/ page give the same numbers.
 */
import { stringify } from 'csv-stringify/sync';
import { FORMS } from '../schemas/interpretation';
import { normalizeDocNumber } from '../lib/doc-number';
import { workingDaysAfter } from '../lib/working-days';

type Form = (typeof FORMS)[number];

/** A published original document, as the statistics need it. */
export interface StatsDocument {
  id: string;
  title: string;
  docNumber?: string;
  /** Issuer id (content/organizations/). */
  issuer: string;
  publishedAt: string;
  requiresInterpretation: boolean;
}

/** A published interpretation. */
export interface StatsInterpretation {
  id: string;
  title: string;
  /** Ids of the documents it interprets, lead document first. */
  documents: string[];
  form: Form;
  publishedAt?: string;
  /** Originals it interprets that are not on this site (externalDocuments), when it has any. */
  externalDocuments?: readonly unknown[];
}

/** A published infographic. */
export interface StatsInfographic {
  id: string;
  title: string;
  document: string;
  publishedAt?: string;
}

/** Everything the statistics read: only entries on the site (see src/check/publication.ts). */
export interface StatsInput {
  year: number;
  documents: readonly StatsDocument[];
  interpretations: readonly StatsInterpretation[];
  infographics: readonly StatsInfographic[];
  /** Issuer id → name, for the by-issuer table. */
  organizationNames: ReadonlyMap<string, string>;
  /** Working days allowed between a document and its interpretation (site timeliness config). */
  workingDays: number;
}

/** A share: how many of how many, and the percentage rounded to one decimal (null when nothing was measured). */
export interface Share {
  onTime: number;
  measured: number;
  percent: number | null;
}

/** A document that needs an interpretation and has none on the site. */
export interface MissingInterpretation {
  id: string;
  title: string;
  docNumber?: string;
  issuer: string;
  issuerName: string;
  publishedAt: string;
}

/** The numbers of one year. */
export interface YearStats {
  year: number;
  interpretations: {
    /** Interpretations published in the year. */
    total: number;
    /** Per form (解读形式), every form listed, in the schema's order. */
    byForm: Record<Form, number>;
    /** Per month, January first (12 numbers). */
    byMonth: number[];
    /** Of the total, interpretations of an original document that is not on this site (externalDocuments). */
    ofExternalDocuments: number;
  };
  infographics: {
    /**
     * Infographics (图解) published in the year: the infographic entries plus the interpretations whose form is
     * 图解 (an office that publishes its 图解 as a page or a link counts them as infographics in its report).
     */
    total: number;
    /** Of the total, infographic entries (content/infographics/). */
    entries: number;
    /** Of the total, interpretations of the form 图解 (also counted among the interpretations). */
    interpretationForm: number;
    byMonth: number[];
  };
  documents: {
    /** Documents published in the year. */
    total: number;
    /** Of those, documents marked requiresInterpretation. */
    requiringInterpretation: number;
    /** Of those, the ones with no interpretation on the site, oldest first. */
    withoutInterpretation: MissingInterpretation[];
  };
  timeliness: {
    workingDays: number;
    /**
     * Documents on the site that require an interpretation and whose FIRST interpretation (the earliest dated
     * interpretation naming the document anywhere in its `documents`) was published in the year; on time when
     * that first interpretation came no later than `workingDays` working days after the document. Later
     * follow-up interpretations of the same document are not measured, so they are never "late" (issue 14:
     * timeliness is about how soon a document was first interpreted). Interpretations without a date cannot
     * be measured and are not taken as a first one.
     */
    overall: Share;
    /** The same per issuer of the document, by name. */
    byIssuer: (Share & { issuer: string; issuerName: string })[];
  };
}

function inYear(date: string | undefined, year: number): date is string {
  return date !== undefined && date.startsWith(`${year}-`);
}

function share(onTime: number, measured: number): Share {
  return { onTime, measured, percent: measured ? Math.round((onTime / measured) * 1000) / 10 : null };
}

/**
 * Document id → the publication date (YYYY-MM-DD) of its first interpretation: the earliest `publishedAt` among
 * the interpretations that name the document anywhere in `documents`, of every year. Undated ones are skipped.
 */
export function firstInterpretationDates(interpretations: readonly StatsInterpretation[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const i of interpretations) {
    if (!i.publishedAt) continue;
    for (const id of new Set(i.documents)) {
      const known = first.get(id);
      if (known === undefined || i.publishedAt < known) first.set(id, i.publishedAt);
    }
  }
  return first;
}

/** Computes the numbers of `input.year`. */
export function computeYearStats(input: StatsInput): YearStats {
  const { year, workingDays } = input;
  const documentById = new Map(input.documents.map((d) => [d.id, d]));
  const nameOf = (id: string) => input.organizationNames.get(id) ?? id;

  const interpretations = input.interpretations.filter((i) => inYear(i.publishedAt, year));
  const byForm = Object.fromEntries(FORMS.map((f) => [f, 0])) as Record<Form, number>;
  const byMonth = Array.from({ length: 12 }, () => 0);
  for (const i of interpretations) {
    byForm[i.form]++;
    byMonth[Number(i.publishedAt!.slice(5, 7)) - 1]!++;
  }

  const infographics = input.infographics.filter((g) => inYear(g.publishedAt, year));
  const infographicForm = interpretations.filter((i) => i.form === '图解');
  const infographicsByMonth = Array.from({ length: 12 }, () => 0);
  for (const g of [...infographics, ...infographicForm]) infographicsByMonth[Number(g.publishedAt!.slice(5, 7)) - 1]!++;

  const interpreted = new Set(input.interpretations.flatMap((i) => i.documents));
  const documents = input.documents.filter((d) => inYear(d.publishedAt, year));
  const requiring = documents.filter((d) => d.requiresInterpretation);
  const withoutInterpretation = requiring
    .filter((d) => !interpreted.has(d.id))
    .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id))
    .map((d) => ({
      id: d.id,
      title: d.title,
      docNumber: d.docNumber ? normalizeDocNumber(d.docNumber) : undefined,
      issuer: d.issuer,
      issuerName: nameOf(d.issuer),
      publishedAt: d.publishedAt,
    }));

  const perIssuer = new Map<string, { onTime: number; measured: number }>();
  let onTime = 0;
  let measured = 0;
  for (const [documentId, first] of firstInterpretationDates(input.interpretations)) {
    const document = documentById.get(documentId);
    if (!document || !document.requiresInterpretation || !inYear(first, year)) continue;
    const ok = workingDaysAfter(document.publishedAt, first) <= workingDays;
    measured++;
    if (ok) onTime++;
    const row = perIssuer.get(document.issuer) ?? { onTime: 0, measured: 0 };
    row.measured++;
    if (ok) row.onTime++;
    perIssuer.set(document.issuer, row);
  }
  const byIssuer = [...perIssuer]
    .map(([issuer, r]) => ({ issuer, issuerName: nameOf(issuer), ...share(r.onTime, r.measured) }))
    .sort((a, b) => b.measured - a.measured || a.issuerName.localeCompare(b.issuerName, 'zh-CN'));

  return {
    year,
    interpretations: {
      total: interpretations.length,
      byForm,
      byMonth,
      ofExternalDocuments: interpretations.filter((i) => (i.externalDocuments?.length ?? 0) > 0).length,
    },
    infographics: {
      total: infographics.length + infographicForm.length,
      entries: infographics.length,
      interpretationForm: infographicForm.length,
      byMonth: infographicsByMonth,
    },
    documents: { total: documents.length, requiringInterpretation: requiring.length, withoutInterpretation },
    timeliness: { workingDays, overall: share(onTime, measured), byIssuer },
  };
}

/** Years with any published interpretation, infographic or document, newest first. */
export function yearsWithContent(input: Pick<StatsInput, 'documents' | 'interpretations' | 'infographics'>): number[] {
  const years = new Set<number>();
  for (const e of [...input.documents, ...input.interpretations, ...input.infographics]) {
    if (e.publishedAt) years.add(Number(e.publishedAt.slice(0, 4)));
  }
  return [...years].sort((a, b) => b - a);
}

/** A percentage as written in a report: 85.7%, or 无 when nothing was measured. */
export function formatPercent(s: Share): string {
  return s.percent === null ? '无' : `${s.percent}%`;
}

/**
 * The numbers as one CSV table (指标, 分项, 数值, 说明), UTF-8 with a byte-order mark so spreadsheet
 * programs open the Chinese correctly.
 */
export function statsToCsv(stats: YearStats): string {
  const rows: (string | number)[][] = [['指标', '分项', '数值', '说明']];
  const y = stats.year;
  rows.push(['解读总数', '', stats.interpretations.total, `${y} 年发布`]);
  for (const form of FORMS) rows.push(['解读形式', form, stats.interpretations.byForm[form], '']);
  stats.interpretations.byMonth.forEach((n, m) => rows.push(['解读月份', `${y}-${String(m + 1).padStart(2, '0')}`, n, '']));
  rows.push(['解读本站以外原文件的解读', '', stats.interpretations.ofExternalDocuments, '原文件不在本站（如国家或其他机关的文件）']);
  rows.push(['图解总数', '', stats.infographics.total, `${y} 年发布，含图解形式的解读 ${stats.infographics.interpretationForm} 篇`]);
  stats.infographics.byMonth.forEach((n, m) => rows.push(['图解月份', `${y}-${String(m + 1).padStart(2, '0')}`, n, '']));
  rows.push(['原文件总数', '', stats.documents.total, `${y} 年发布`]);
  rows.push(['需要解读的原文件', '', stats.documents.requiringInterpretation, '']);
  rows.push(['需要解读但没有解读的原文件', '', stats.documents.withoutInterpretation.length, '']);
  for (const d of stats.documents.withoutInterpretation) {
    rows.push(['需要解读但没有解读的原文件', d.docNumber ?? d.id, 1, `《${d.title}》${d.issuerName} ${d.publishedAt}`]);
  }
  const t = stats.timeliness;
  const label = `${t.workingDays}个工作日内发布的解读比例`;
  rows.push([label, '全部', t.overall.percent ?? '', `${t.overall.onTime}/${t.overall.measured}`]);
  for (const r of t.byIssuer) rows.push([label, r.issuerName, r.percent ?? '', `${r.onTime}/${r.measured}`]);
  // Excel on Windows reads a CSV without a BOM as GBK. With CRLF records csv-stringify quotes only cells holding
  // the whole CRLF, so a lone line break in a title is matched explicitly or it would split the row.
  return stringify(rows, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** The numbers as plain text for the terminal. */
export function formatYearStats(stats: YearStats): string {
  const y = stats.year;
  const lines = [
    `${y} 年政策解读统计`,
    '',
    `解读：${stats.interpretations.total} 篇`,
    `  按形式：${FORMS.map((f) => `${f} ${stats.interpretations.byForm[f]}`).join('，')}`,
    `  按月份：${stats.interpretations.byMonth.map((n, m) => `${m + 1}月 ${n}`).join('，')}`,
    `  其中解读本站以外原文件的：${stats.interpretations.ofExternalDocuments} 篇`,
    `图解：${stats.infographics.total} 幅（图解 ${stats.infographics.entries} 幅，图解形式的解读 ${stats.infographics.interpretationForm} 篇）`,
    `原文件：${stats.documents.total} 件，其中需要解读 ${stats.documents.requiringInterpretation} 件，没有解读 ${stats.documents.withoutInterpretation.length} 件`,
  ];
  for (const d of stats.documents.withoutInterpretation) {
    lines.push(`  - ${d.publishedAt} ${d.docNumber ? `${d.docNumber} ` : ''}《${d.title}》（${d.issuerName}，${d.id}）`);
  }
  const t = stats.timeliness;
  lines.push(`${t.workingDays} 个工作日内发布的解读（按需要解读的原文件，看第一篇解读）：${formatPercent(t.overall)}（${t.overall.onTime}/${t.overall.measured} 件）`);
  for (const r of t.byIssuer) lines.push(`  ${r.issuerName}：${formatPercent(r)}（${r.onTime}/${r.measured} 件）`);
  return lines.join('\n');
}
