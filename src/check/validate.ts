/**
 * The content check: every rule editors live by, in one pass over content/, returning every problem.
 * Runs in `npm run check` and at the start of `npm run build`; no Astro imports, so tests call it directly.
 */
import type { z } from 'astro/zod';
import { ID_PATTERN, type CollectionName } from '../schemas/common';
import { SiteSchema, type Site } from '../schemas/site';
import { CHECK_SCHEMAS, type CheckedData } from '../schemas/collections';
import type { SourceFile } from '../content/files';
import { readSnapshot, type ContentSnapshot } from '../content/snapshot';
import { schemaIssuesToProblems } from './schema-messages';
import type { OrganizationName } from './organization-names';
import { hasNonStandardBrackets, parseDocNumber } from '../lib/doc-number';
import { nearestId } from './links';
import { labelOf } from '../schemas/field-labels';
import { isCalendarCovered, workingDayDeadline, workingDaysAfter } from '../lib/working-days';
import { sortProblems, type Problem } from '../lib/problems';
import { checkContentSafety } from './content-safety';
import { checkImages } from './images';
import { lintCopy } from './lint/copy-lint';
import { checkPublication, todayInChina } from './publication';
import { REGISTRY, contentDir as collectionDir, findRouteCollision } from '../content/registry';
import { checkInfographics } from '../infographics/check';
import { readSearchSynonyms } from '../search/search-synonyms-file';

/** An entry whose frontmatter passed its schema; `data` is what the schema returned (CheckedData of its collection). */
export interface CheckedEntry<T = Record<string, unknown>> {
  source: SourceFile;
  data: T;
}

/** The entries of every collection that passed their schema, by id, typed by their collection's schema. */
export type CheckedEntries = { [C in CollectionName]: Map<string, CheckedEntry<CheckedData<C>>> };

/** The result of a check: every problem, and the entries that passed their schema. */
export interface CheckResult {
  problems: Problem[];
  site?: Site;
  entries: CheckedEntries;
}

/** Official form of 索引号: organisation code (9 or 18 characters), /, year, -, 5-digit serial. */
const INDEX_NUMBER = /^([0-9A-Z]{9}|[0-9A-Z]{18})\/(\d{4})-(\d{5})$/;

/** Which bodies a check reads; see checkContent. */
export interface CheckOptions {
  /**
   * Paths relative to the project root (files, or folders ending without a slash) whose bodies are checked: content
   * safety, images, copy style, infographic rules. Every file's frontmatter and links are checked whatever this says.
   * Unset: every body. `npm run check -- <file>` sets it to the named files, so checking one file stays fast.
   */
  bodiesIn?: readonly string[];
  /**
   * false: the Chinese copy lint (lint/copy-lint.ts, warnings only) is not run. The build sets it: it stops on errors
   * and only counts warnings, and the lint's Markdown parse of every body was over half of the check's CPU time
   * (1,000 documents of 6,000 characters: 15 s of CPU, 8 s of it the lint). Unset: it runs.
   */
  copyStyle?: boolean;
}

/** Checks every file under content/ of the project at `projectRoot` (its snapshot: src/content/snapshot.ts). */
export function checkContent(projectRoot: string, contentDir?: string, options: CheckOptions = {}): CheckResult {
  return checkSnapshot(readSnapshot(projectRoot, contentDir), options);
}

/** Checks a content snapshot; the result is computed once per snapshot, day (China) and body selection, then shared. */
export function checkSnapshot(snapshot: ContentSnapshot, options: CheckOptions = {}): CheckResult {
  const lint = options.copyStyle === false ? ':no-copy-style' : '';
  return snapshot.memo(`check:${todayInChina()}:${options.bodiesIn?.join('\u0000') ?? '*'}${lint}`, () => runCheck(snapshot, options));
}

function runCheck(snapshot: ContentSnapshot, options: CheckOptions): CheckResult {
  const projectRoot = snapshot.root;
  const files = [...snapshot.files];
  const inBodies = (file: string) => options.bodiesIn === undefined || options.bodiesIn.some((p) => file === p || file.startsWith(`${p}/`));
  const bodies = files.filter((f) => inBodies(f.file));
  const problems = [...snapshot.problems];
  const entries: CheckResult['entries'] = {
    organizations: new Map(),
    documents: new Map(),
    interpretations: new Map(),
    infographics: new Map(),
  };
  // Every id per collection, valid or not, so a link to a file with a schema error is not reported twice.
  const known: Record<CollectionName, Map<string, SourceFile>> = {
    organizations: new Map(),
    documents: new Map(),
    interpretations: new Map(),
    infographics: new Map(),
  };
  let site: Site | undefined;
  // Names of the organisation files, so an issuer written as a name (广州市政府办公厅) gets its id as the fix.
  const schemaContext = { organizations: organizationNames(files) };

  for (const source of files) {
    if (source.collection === 'site') {
      if (source.data === undefined) continue;
      const parsed = SiteSchema.safeParse(source.data);
      if (parsed.success) site = parsed.data;
      else problems.push(...schemaIssuesToProblems(source, parsed.error.issues));
      continue;
    }
    const collection = source.collection;
    if (!ID_PATTERN.test(source.id)) {
      problems.push({
        severity: 'error',
        file: source.file,
        message: `文件名 "${source.id}" 不能用作网址：只能用小写英文字母、数字和连字符（-）。`,
        fix: `把文件改名为 ${suggestId(source.id)}${source.file.slice(source.file.lastIndexOf('.'))}。`,
      });
    }
    const collision = findRouteCollision(collection, source.id);
    if (collision) {
      const ext = source.file.slice(source.file.lastIndexOf('.'));
      problems.push({
        severity: 'error',
        file: source.file,
        message: `文件名 "${source.id}" 会占用网址 ${collision.url}，而这个网址是${collision.page}；发布后那个页面会被替换。`,
        fix: `把文件名改为 ${collision.suggestion}${ext}${/^\d+$/.test(source.id) ? '（文件名不能全是数字）' : ''}；如有别的文件链接到它，一并改写。`,
      });
    }
    const twin = known[collection].get(source.id);
    if (twin) {
      problems.push({
        severity: 'error',
        file: source.file,
        message: `编号 "${source.id}" 重复：${twin.file} 已使用这个文件名。`,
        fix: '给其中一个文件改名；同一类内容的文件名不能相同。',
      });
      continue;
    }
    known[collection].set(source.id, source);
    if (source.data === undefined) continue;
    const issues = parseInto(entries, collection, source);
    if (issues.length > 0) problems.push(...schemaIssuesToProblems(source, issues, schemaContext));
  }

  const ref = (from: SourceFile, path: PropertyKey[], collection: CollectionName, id: string | undefined) => {
    if (id === undefined || known[collection].has(id)) return;
    const near = nearestId(id, known[collection].keys());
    const nearTitle = near ? describeEntry(entries[collection].get(near)) : '';
    problems.push({
      severity: 'error',
      file: from.file,
      line: from.lineOf(path),
      field: path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join(''),
      label: labelOf(path),
      message: `找不到${REGISTRY[collection].name} "${id}"。${near ? `最接近的是 "${near}"${nearTitle}。` : ''}`,
      fix: `请检查 ${collectionDir(collection)} 下的文件名。`,
    });
  };

  const { documents, interpretations, infographics, organizations } = entries;

  checkDocuments(documents, organizations, ref, problems);

  const interpretationsOf = new Map<string, CheckedEntry<CheckedData<'interpretations'>>[]>();
  for (const entry of interpretations.values()) {
    const { source, data } = entry;
    data.documents.forEach((id, i) => {
      ref(source, ['documents', i], 'documents', id);
      if (!interpretationsOf.has(id)) interpretationsOf.set(id, []);
      interpretationsOf.get(id)!.push(entry);
    });
    ref(source, ['office'], 'organizations', data.office);
    if (data.draft && data.publishedAt === undefined) {
      problems.push({
        severity: 'warning',
        file: source.file,
        line: source.lineOf(['draft']),
        field: 'publishedAt',
        label: '发布日期',
        message: '草稿尚无发布日期，不会发布。',
        fix: '补上 publishedAt: YYYY-MM-DD 并删去 draft: true 后即可发布。',
      });
    }
  }
  for (const { source, data } of infographics.values()) {
    ref(source, ['document'], 'documents', data.document);
    ref(source, ['interpretation'], 'interpretations', data.interpretation);
  }

  const timeliness = site?.timeliness ?? { workingDays: 3, strict: false };
  for (const [id, { source, data }] of documents) {
    if (!data.requiresInterpretation || data.draft) continue;
    const its = (interpretationsOf.get(id) ?? []).filter((i) => !i.data.draft);
    // An interpretation that names this document but has an error of its own is reported there, not here again.
    if (its.length === 0 && !namedByUnreadInterpretation(files, entries.interpretations, id)) {
      problems.push({
        severity: 'warning',
        file: source.file,
        line: source.lineOf(['requiresInterpretation']),
        field: 'requiresInterpretation',
        label: '是否需要解读',
        message: `《${data.title}》需要解读，但还没有解读。`,
        fix: `在 content/interpretations/ 下新建解读，documents 写 ${id}；如确实不需要解读，把 requiresInterpretation 改为 false。`,
      });
      continue;
    }
    // Timeliness is measured by a document's first interpretation only, as the statistics count it
    // (src/site/stats.ts): a later follow-up interpretation is not late.
    const dated = its.flatMap(({ source: s, data: d }) => (d.publishedAt ? [{ iSource: s, published: d.publishedAt }] : []));
    for (const { iSource, published } of dated.sort((a, b) => a.published.localeCompare(b.published)).slice(0, 1)) {
      const iData = { publishedAt: published };
      const late = workingDaysAfter(data.publishedAt, published);
      if (late <= timeliness.workingDays) continue;
      const calendarNote = isCalendarCovered(iData.publishedAt) ? '' : '（该年份不在官方节假日数据内，按周一至周五计算）';
      problems.push({
        severity: timeliness.strict ? 'error' : 'warning',
        file: iSource.file,
        line: iSource.lineOf(['publishedAt']),
        field: 'publishedAt',
        label: '发布日期',
        message: `解读发布于 ${iData.publishedAt}，晚于原文件（${data.publishedAt} 发布）${late} 个工作日，超过 ${timeliness.workingDays} 个工作日的时限${calendarNote}。`,
        fix: `应不晚于 ${workingDayDeadline(data.publishedAt, timeliness.workingDays)} 发布；如日期写错请改正，新解读请与原文件同步发布。`,
      });
    }
  }

  // content/search-synonyms.yaml, checked where site.yaml is: the search page uses only the groups that pass.
  problems.push(...readSearchSynonyms(projectRoot, snapshot.contentDir).problems);
  // Content that runs no code, the Chinese copy style (warnings), drafts and scheduled entries.
  problems.push(
    ...checkContentSafety(bodies),
    ...checkImages(projectRoot, bodies),
    ...(options.copyStyle === false ? [] : lintCopy(bodies, site)),
    ...checkPublication(entries),
  );

  // Everything the image build would refuse in an infographic, from the same parser and layout, rendering nothing.
  problems.push(
    ...checkInfographics({
      root: projectRoot,
      files: bodies.filter((f) => f.collection === 'infographics'),
      documents: new Map([...documents].map(([id, e]) => [id, e.data])),
      organizationNames: new Map([...organizations].map(([id, e]) => [id, e.data.name])),
      site,
      reported: problems,
    }),
  );

  return { problems: sortProblems(problems), site, entries };
}

/**
 * Parses `source`'s frontmatter with the check's schema of `collection`; when it passes, the entry is added to
 * `entries` with the parsed data (defaults filled in). Returns the schema's issues, none when it passed.
 */
function parseInto<C extends CollectionName>(entries: CheckedEntries, collection: C, source: SourceFile): readonly z.core.$ZodIssue[] {
  const parsed = CHECK_SCHEMAS[collection].safeParse(source.data);
  if (!parsed.success) return parsed.error.issues;
  entries[collection].set(source.id, { source, data: parsed.data });
  return [];
}

/** Name and short name of every organisation file that has them, by id, read before any schema check. */
function organizationNames(files: readonly SourceFile[]): Map<string, OrganizationName> {
  const names = new Map<string, OrganizationName>();
  for (const f of files) {
    const data = f.collection === 'organizations' ? (f.data as { name?: unknown; shortName?: unknown } | undefined) : undefined;
    if (typeof data?.name !== 'string') continue;
    names.set(f.id, { name: data.name, shortName: typeof data.shortName === 'string' ? data.shortName : undefined });
  }
  return names;
}

/**
 * true when an interpretation that failed its schema or could not be read names document `id`: from its
 * documents list when the frontmatter was read, else from the id written anywhere in its frontmatter text.
 */
function namedByUnreadInterpretation(files: readonly SourceFile[], passed: ReadonlyMap<string, unknown>, id: string): boolean {
  return files.some((f) => {
    if (f.collection !== 'interpretations' || passed.has(f.id)) return false;
    const listed = (f.data as { documents?: unknown } | undefined)?.documents;
    if (Array.isArray(listed)) return listed.includes(id);
    const frontmatter = f.raw.slice(0, f.raw.length - f.body.length);
    return new RegExp(`(?<![a-z0-9-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9-])`).test(frontmatter);
  });
}

/** What a link's nearest entry is shown as: （its 文号, else its name or title）. */
function describeEntry(entry: CheckedEntry<CheckedData<CollectionName>> | undefined): string {
  if (!entry) return '';
  const d = entry.data;
  const label = ('docNumber' in d ? d.docNumber : undefined) ?? ('name' in d ? d.name : d.title);
  return label ? `（${label}）` : '';
}

/** A file name made of the allowed characters, for the fix of a bad one. */
function suggestId(id: string): string {
  const s = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'wenjian-1';
}

function checkDocuments(
  documents: CheckedEntries['documents'],
  organizations: CheckedEntries['organizations'],
  ref: (from: SourceFile, path: PropertyKey[], collection: CollectionName, id: string | undefined) => void,
  problems: Problem[],
): void {
  const byDocNumber = new Map<string, SourceFile>();
  const byIndexNumber = new Map<string, SourceFile>();
  for (const { source, data } of documents.values()) {
    ref(source, ['issuer'], 'organizations', data.issuer);
    data.coIssuers?.forEach((id, i) => ref(source, ['coIssuers', i], 'organizations', id));

    if (data.docNumber !== undefined) {
      const parts = parseDocNumber(data.docNumber);
      if (!parts) {
        problems.push({
          severity: 'error',
          file: source.file,
          line: source.lineOf(['docNumber']),
          field: 'docNumber',
          label: '文号',
          message: `文号 "${data.docNumber}" 无法识别。文号由机关代字、〔年份〕和序号组成。`,
          fix: '按“机关代字〔年份〕序号号”填写，例如 国发〔2019〕5号；没有文号的文件删去这一行。',
        });
      } else {
        if (hasNonStandardBrackets(data.docNumber)) {
          problems.push({
            severity: 'warning',
            file: source.file,
            line: source.lineOf(['docNumber']),
            field: 'docNumber',
            label: '文号',
            message: `文号 "${data.docNumber}" 的年份括号不规范，发布时按 "${parts.normalized}" 显示。`,
            fix: `把文件中的文号改为 ${parts.normalized}（年份用六角括号〔〕）。`,
          });
        }
        const twin = byDocNumber.get(parts.normalized);
        if (twin) {
          problems.push({
            severity: 'error',
            file: source.file,
            line: source.lineOf(['docNumber']),
            field: 'docNumber',
            label: '文号',
            message: `文号 ${parts.normalized} 重复：${twin.file} 已使用。`,
            fix: '核对两份文件的文号；同一文件只保留一份，另一份改正文号。',
          });
        } else byDocNumber.set(parts.normalized, source);
        if (parts.year !== undefined && data.writtenAt && Number(data.writtenAt.slice(0, 4)) !== parts.year) {
          problems.push({
            severity: 'warning',
            file: source.file,
            line: source.lineOf(['docNumber']),
            field: 'docNumber',
            label: '文号',
            message: `文号年份 ${parts.year} 与成文日期 ${data.writtenAt} 的年份不一致。`,
            fix: '核对文号和成文日期（writtenAt），改正写错的一个。',
          });
        }
      }
    }

    if (data.indexNumber !== undefined) {
      const m = INDEX_NUMBER.exec(data.indexNumber);
      if (!m) {
        problems.push({
          severity: 'error',
          file: source.file,
          line: source.lineOf(['indexNumber']),
          field: 'indexNumber',
          label: '索引号',
          message: `索引号 "${data.indexNumber}" 格式不对。应为“机构代码/年份-5位序号”。`,
          fix: '例如 000014349/2019-00007：9 位组织机构代码或 18 位统一社会信用代码，斜杠，4 位年份，连字符，5 位序号。',
        });
      } else {
        const twin = byIndexNumber.get(data.indexNumber);
        if (twin) {
          problems.push({
            severity: 'error',
            file: source.file,
            line: source.lineOf(['indexNumber']),
            field: 'indexNumber',
            label: '索引号',
            message: `索引号 ${data.indexNumber} 重复：${twin.file} 已使用。索引号一经赋予不得重复。`,
            fix: '核对目录系统中的索引号并改正。',
          });
        } else byIndexNumber.set(data.indexNumber, source);
        const orgCode = data.issuer === undefined ? undefined : organizations.get(data.issuer)?.data.code;
        if (orgCode && m[1] !== orgCode) {
          problems.push({
            severity: 'warning',
            file: source.file,
            line: source.lineOf(['indexNumber']),
            field: 'indexNumber',
            label: '索引号',
            message: `索引号的机构代码 ${m[1]} 与发文机关 ${data.issuer} 的机构代码 ${orgCode} 不一致。`,
            fix: '核对索引号，或核对 content/organizations/ 中该机构的 code。',
          });
        }
      }
    }

    if (data.writtenAt && data.writtenAt > data.publishedAt) {
      problems.push({
        severity: 'error',
        file: source.file,
        line: source.lineOf(['writtenAt']),
        field: 'writtenAt',
        label: '成文日期',
        message: `成文日期 ${data.writtenAt} 晚于发布日期 ${data.publishedAt}。成文日期不能晚于发布日期。`,
        fix: '核对两个日期，改正写错的一个。',
      });
    }

    if (data.validity === '已修订' || data.validity === '已废止') {
      if (!data.successor) {
        problems.push({
          severity: 'error',
          file: source.file,
          line: source.lineOf(['validity']),
          field: 'successor',
          label: '替代文件',
          message: `文件标为“${data.validity}”，但没有写明替代它的文件。`,
          fix: '加一行 successor: <替代文件的文件名>，该文件须在 content/documents/ 下。',
        });
      } else {
        ref(source, ['successor'], 'documents', data.successor);
      }
    }
    if (data.successor === source.id) {
      problems.push({
        severity: 'error',
        file: source.file,
        line: source.lineOf(['successor']),
        field: 'successor',
        label: '替代文件',
        message: '替代文件不能是文件本身。',
        fix: '写替代它的新文件的文件名。',
      });
    }
  }
}
