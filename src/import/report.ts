/** The importer's report as editors read it, in Chinese: what was created, updated, skipped and why, with counts. */
import { formatProblem, sortProblems } from '../lib/problems';
import type { Removal } from '../markdown/sanitize';
import { LINK_PROTOCOLS } from '../markdown/sanitize-schema';
import type { FileOutcome, ImportResult, RecordRemovals } from './importer';
import { rejectReason } from './rejects';

const COLLECTION_NAMES: Record<FileOutcome['collection'], string> = {
  organizations: '机关',
  documents: '原文件',
  interpretations: '解读',
};

const RECORD_KINDS: Record<RecordRemovals['type'], string> = { document: '原文件', interpretation: '解读' };

/** A removed value as editors can read it: invisible characters shown as \uXXXX, long values cut. */
function showValue(value: string): string {
  const shown = value.replace(/[\p{Cc}\p{Cf}\u00a0\u2028\u2029]/gu, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

/** One thing the sanitiser removed, in Chinese: what went and why, e.g. 删除了 <script> 元素及其内容（…）. */
export function describeRemoval(r: Removal): string {
  const tag = `<${r.name}>`;
  if (r.kind === 'mdx') return `删除了 MDX 语法 ${r.name}（内容文件不能含有代码）`;
  if (r.kind === 'element') {
    if (r.withContent) {
      return r.name === 'style'
        ? `删除了 ${tag} 元素及其内容（网站不允许内容自带样式表）`
        : `删除了 ${tag} 元素及其内容（网站不允许在正文中运行脚本）`;
    }
    return `删除了 ${tag} 标签，其中的文字保留（正文只允许标题、段落、列表、表格、链接等排版标签）`;
  }
  const attribute = r.attribute ?? '';
  const value = r.value ? `“${showValue(r.value)}”` : '';
  if (/^on/.test(attribute)) return `删除了 ${tag} 的 ${attribute} 属性${value}（事件脚本会在读者的浏览器里运行代码）`;
  if (attribute === 'style') return `删除了 ${tag} 的 style 属性${value}（网站不允许内容自带样式）`;
  if (r.name === 'img' && attribute === 'src') return `删除了图片地址${value}（正文里的图片只能用本站地址）`;
  if (attribute === 'href' || attribute === 'src' || attribute === 'cite') {
    return `删除了链接地址${value}，链接文字保留（只允许 ${LINK_PROTOCOLS.map((p) => `${p}:`).join('、')} 开头的网址和本站地址）`;
  }
  return `删除了 ${tag} 的 ${attribute} 属性${value}（正文不允许使用这个属性）`;
}

/**
 * The removals of one body as the report lists them: addresses and event scripts one by one, the same formatting
 * removed many times (a style on every paragraph of a word-processor page) once, with how many times. Kept in this
 * form from the start, so a 20,000-record import does not hold millions of identical entries.
 */
export function groupRemovals(removed: readonly Removal[]): { removed: Removal[]; counts: number[] } {
  // In order of first occurrence; a word-processor page has hundreds of removals a body (a plain loop: this ran
  // for every body of a large import, 3% of its conversion CPU as iterators and entries).
  const first: Removal[] = [];
  const counts: number[] = [];
  const groupOf = new Map<string, number>();
  for (let i = 0; i < removed.length; i++) {
    const r = removed[i]!;
    if (listedOneByOne(r)) {
      first.push(r);
      counts.push(1);
      continue;
    }
    const key = `${r.kind}\u0000${r.name}\u0000${r.attribute ?? ''}\u0000${r.withContent ?? false}`;
    const group = groupOf.get(key);
    if (group !== undefined) counts[group]!++;
    else {
      groupOf.set(key, first.length);
      first.push(r);
      counts.push(1);
    }
  }
  return { removed: first, counts };
}

/** true for removals editors must see one by one: addresses (a link or image may be wanted) and event scripts. */
function listedOneByOne(r: Removal): boolean {
  if (r.kind !== 'attribute' || r.attribute === undefined) return false;
  const a = r.attribute;
  return a.startsWith('on') || a === 'href' || a === 'src' || a === 'cite';
}

/**
 * The lines of the removals section: per record, its input file and line, id and title, then what went, each
 * with its place in the body. Addresses and event scripts are listed one by one with their values; the same
 * formatting removed many times (a style on every paragraph of a word-processor page) is one line with a count.
 */
function formatRemovals(removals: RecordRemovals[]): string[] {
  const lines: string[] = [];
  for (const record of removals) {
    const format = record.format === 'html' ? 'HTML 正文' : 'Markdown 正文';
    const place = (r: Removal) =>
      r.line !== undefined ? `${format}第 ${r.line} 行${r.column !== undefined ? `第 ${r.column} 列` : ''}` : format;
    lines.push(`  ${record.file}:${record.line}（${RECORD_KINDS[record.type]}记录 ${record.recordId}《${record.title}》）：`);
    record.removed.forEach((first, i) => {
      const count = record.counts[i] ?? 1;
      if (count === 1) lines.push(`    ${place(first)}：${describeRemoval(first)}`);
      else lines.push(`    ${place(first)}起共 ${count} 处：${describeRemoval({ ...first, value: undefined })}`);
    });
  }
  return lines;
}

/** Formats an import result for the terminal. */
export function formatImportReport(result: ImportResult): string {
  const lines: string[] = [];
  const errors = sortProblems(result.problems.filter((p) => p.severity === 'error'));
  const warnings = sortProblems(result.problems.filter((p) => p.severity === 'warning'));

  if (!result.ok) {
    lines.push(`导入未进行：输入中发现 ${errors.length} 个错误，没有写入任何文件。`, '');
    for (const problem of errors) lines.push(formatProblem(problem), '');
    lines.push('改正以上错误后重新运行 npm run import。');
    return lines.join('\n');
  }

  lines.push(result.dryRun ? '试运行（--dry-run）：以下是将会进行的操作，没有写入任何文件。' : '导入完成。', '');
  lines.push('读取：');
  for (const input of result.inputs) {
    const how = input.format === 'csv' ? `CSV，编码 ${input.encoding}` : input.format === 'xlsx' ? 'Excel 工作簿' : 'JSON Lines';
    lines.push(
      `  ${input.file}（${how}）：原文件 ${input.documents} 条，解读 ${input.interpretations} 条` + (input.rejected ? `，拒收 ${input.rejected} 条` : ''),
    );
  }
  lines.push('');

  if (errors.length) {
    lines.push(`${errors.length} 个输入文件问题（其余文件照常导入）：`, '');
    for (const problem of errors) lines.push(formatProblem(problem), '');
  }

  const by = (status: FileOutcome['status']) => result.outcomes.filter((o) => o.status === status);
  const created = by('created');
  const updated = by('updated');
  const unchanged = by('unchanged');
  const skipped = by('skipped');

  lines.push(`新建 ${created.length} 个文件${created.length ? '：' : '。'}`);
  for (const o of created) lines.push(`  ${o.path}`);
  lines.push(`更新 ${updated.length} 个文件${updated.length ? '：' : '。'}`);
  for (const o of updated) lines.push(`  ${o.path}${o.reason ? `  （${o.reason}）` : ''}`);
  lines.push(`未变 ${unchanged.length} 个文件（内容已与导入结果相同）。`);
  lines.push(`跳过 ${skipped.length} 个文件${skipped.length ? '：' : '。'}`);
  for (const o of skipped) lines.push(`  ${o.path}  ${o.reason ?? ''}`);

  const removedCount = result.removals.reduce((n, r) => n + r.counts.reduce((a, b) => a + b, 0), 0);
  if (removedCount > 0) {
    lines.push(
      '',
      `正文中有 ${removedCount} 处内容不能发布，导入时已删去（${result.removals.length} 条记录）：`,
      '',
      ...formatRemovals(result.removals),
      '',
      '请对照原文（输入文件的这一行）核对：删去的只有脚本和样式表（连同其中的内容）、标签、属性和不允许的地址，其余文字都已保留；如原文确实需要某个链接或图片，请改用 https:// 网址或本站地址补上。',
    );
  }

  lines.push(...formatRecordSections(result));

  if (warnings.length) {
    lines.push('', `请编辑留意 ${warnings.length} 条提醒：`, '');
    for (const problem of warnings) lines.push(formatProblem(problem), '');
  }

  const perCollection = (Object.keys(COLLECTION_NAMES) as FileOutcome['collection'][])
    .map((c) => `${COLLECTION_NAMES[c]} ${result.outcomes.filter((o) => o.collection === c).length}`)
    .join('，');
  lines.push(
    '',
    `记录：导入 ${result.imported} 条，导入为待补草稿 ${result.drafts.length} 条，拒收 ${result.rejected.length} 条` +
      `（自动关联原文件 ${result.links.length} 条，无法确定 ${result.ambiguous.length} 条，原文件不在本站 ${result.external} 条）。`,
    `合计：新建 ${created.length}，更新 ${updated.length}，未变 ${unchanged.length}，跳过 ${skipped.length}（${perCollection}）。` +
      (removedCount > 0 ? `正文删去不能发布的内容 ${removedCount} 处（${result.removals.length} 条记录）。` : '') +
      (result.reused > 0 ? `${result.reused} 条记录的正文与上次导入时相同，文件也未改动，沿用上次转换的结果（删去的内容和图片提醒见上次导入的报告）。` : ''),
  );
  return lines.join('\n');
}

/** Drafts to finish, rejected records (with the rejects files), automatic links with evidence, ambiguous names. */
function formatRecordSections(result: ImportResult): string[] {
  const lines: string[] = [];
  if (result.links.length) {
    lines.push('', `自动关联了 ${result.links.length} 条解读的原文件，请核对：`);
    for (const l of result.links) {
      lines.push(`  ${l.file}:${l.line}（解读 ${l.recordId}《${l.title}》）→ ${l.path}`);
      for (const f of l.found) lines.push(`    ${f.id}：${f.evidence}`);
    }
  }
  if (result.ambiguous.length) {
    lines.push('', `${result.ambiguous.length} 条解读提到的文件对应多个原文件，未关联（已作为待补草稿导入）：`);
    for (const l of result.ambiguous) {
      lines.push(`  ${l.file}:${l.line}（解读 ${l.recordId}《${l.title}》）→ ${l.path}`);
      for (const f of l.found) lines.push(`    可能是 ${f.id}：${f.evidence}`);
    }
  }
  if (result.drafts.length) {
    lines.push('', `${result.drafts.length} 条记录缺少发布所需的内容，已导入为草稿（draft: true，不会发布），补齐后删去 toFinish 和 draft: true：`);
    for (const d of result.drafts) {
      lines.push(`  ${d.path}  ← ${d.file}:${d.line}（${RECORD_KINDS[d.type]}记录 ${d.recordId}《${d.title}》）`);
      for (const m of d.missing) lines.push(`    待补 ${m}`);
    }
  }
  if (result.rejected.length) {
    lines.push('', `${result.rejected.length} 条记录不能导入（拒收）：`);
    for (const r of [...result.rejected].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line)) {
      lines.push(`  ${r.at.file}:${r.at.line}${r.recordId ? `（记录 ${r.recordId}）` : ''}：${rejectReason(r)}`);
    }
    if (result.rejectsFiles.length) {
      lines.push(`  拒收的记录已原样写入 ${result.rejectsFiles.join('、')}（每条带行号、id 和原因）；改正后可用 npm run import 再次导入这个文件。`);
    }
    for (const r of result.rejectsRenamed ?? []) {
      lines.push(`  ${r.kept} 与导入程序上次写的不同（可能是编辑改正过的），未覆盖；这次拒收的记录写在 ${r.written}。改正过的 ${r.kept} 可直接导入，用不着的那个删去即可。`);
    }
  }
  return lines;
}
