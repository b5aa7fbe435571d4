/**
 * Turns zod issues into editors' problems with our own Chinese wording and a fix for each field (the `fix` of the
 * field's `.meta()` in src/schemas/, where it has one). Never shows a library's default message: every constraint
 * an editor can break is named here.
 */
import type { z } from 'astro/zod';
import { FIELD_LABELS, formatFieldPath, labelOf } from '../schemas/field-labels';
import type { Problem } from '../lib/problems';
import type { SourceFile } from '../content/files';
import { findNearest } from '../lib/text-distance';
import { REGISTRY, entryUrl, isArticleCollection } from '../content/registry';
import { CHECK_SCHEMAS, fieldMetaAt, fieldNamesAt } from '../schemas/collections';
import { DATE_KEYS, dateMessage } from './dates';
import { organizationNameMessage, type OrganizationName } from './organization-names';
import { fullWidthColonMessage } from './yaml-messages';

function describeValue(value: unknown): string {
  if (value === undefined) return '（空）';
  if (value === null) return '空值';
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return '一个列表';
  if (typeof value === 'object') return '一组字段';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  boolean: 'true 或 false',
  array: '列表（每项一行，以“- ”开头）',
  object: '一组字段',
  date: '日期',
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** What a kind of file is called in messages: 原文件, 解读…, or the site configuration. */
function kindName(collection: SourceFile['collection']): string {
  return collection === 'site' ? '站点配置（content/site.yaml）' : REGISTRY[collection].name;
}

/** A field name with its Chinese label when it has one: summary（摘要）. */
function named(key: string): string {
  const label = FIELD_LABELS[key];
  return label ? `${key}（${label}）` : key;
}

/**
 * The message and fix for a field the file's schema does not have at `path`. The suggested field is the
 * nearest one this kind of file accepts there, never the unknown name itself; a field that other kinds of
 * file have (summary in a 原文件) is said to belong to them.
 */
export function unknownFieldMessage(
  collection: SourceFile['collection'],
  path: readonly PropertyKey[],
  key: string,
  value?: unknown,
): Pick<Problem, 'message' | 'fix'> {
  const own = (fieldNamesAt(CHECK_SCHEMAS[collection], path) ?? []).filter((name) => name !== key);
  const near = findNearest(key, own, 1)[0];
  const owners = (Object.keys(CHECK_SCHEMAS) as SourceFile['collection'][]).filter(
    (other) => other !== collection && (fieldNamesAt(CHECK_SCHEMAS[other], path) ?? []).includes(key),
  );
  // A list or a group of fields takes the indented lines under it too.
  const lines = typeof value === 'object' && value !== null ? `这一行和它下面缩进的几行` : '这一行';
  const suggestion = near ? `是不是要写 ${named(near)}？否则删去${lines}` : '';
  if (owners.length > 0) {
    const hasBody = collection !== 'site' && isArticleCollection(collection);
    return {
      message: `${kindName(collection)}没有 ${named(key)}字段，它只用于${owners.map(kindName).join('和')}。`,
      fix: suggestion ? `${suggestion}。` : `删去${lines}${hasBody ? '；其中的文字如需保留，请写进正文' : ''}。`,
    };
  }
  return {
    message: `没有名为 ${key} 的字段。`,
    fix: suggestion ? `${suggestion}。` : `删去${lines}，或检查拼写。`,
  };
}

/** Fields that hold the id of an organisation file. */
const ORGANIZATION_KEYS: ReadonlySet<string> = new Set(['issuer', 'coIssuers', 'office']);

/**
 * One problem per line with a full-width colon in the indented block under the group field on `base.line`
 * (the line of its key or of its first nested line), each with the corrected line (yaml-messages.ts).
 */
function nestedFullWidthColons(source: SourceFile, base: Omit<Problem, 'message' | 'fix'> & { line: number }): Problem[] {
  const lines = source.raw.split('\n').map((l) => l.replace(/\r$/, ''));
  let start = base.line - 1;
  if (!/^\s/.test(lines[start] ?? '')) start++;
  const found: Problem[] = [];
  for (let i = start; i < lines.length && /^\s+\S/.test(lines[i]!); i++) {
    const explained = fullWidthColonMessage(lines[i]!);
    if (explained) found.push({ ...base, line: i + 1, ...explained });
  }
  return found.length ? found : [{ ...base, message: '这里应填一组字段，字段名后却用了全角冒号“：”。', fix: '把下一级每一行字段名后的“：”改为英文冒号“:”加一个空格。' }];
}

/** What the messages may know of the rest of the content: the organisation files by id. */
export interface SchemaMessageContext {
  organizations?: ReadonlyMap<string, OrganizationName>;
}

/**
 * Converts one failed parse into problems, located in the source file: one per issue, and one per date field
 * (src/check/dates.ts). `context.organizations` lets an issuer written as a name suggest the organisation's id.
 */
export function schemaIssuesToProblems(source: SourceFile, issues: readonly z.core.$ZodIssue[], context: SchemaMessageContext = {}): Problem[] {
  const problems: Problem[] = [];
  // One message per date field: a value like 2019年3月5日 fails both the format and the calendar rule.
  const datesReported = new Set<string>();
  for (const issue of issues) {
    const path = issue.path;
    const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
    const found = valueAt(source.data, path);
    const base = {
      severity: 'error' as const,
      file: source.file,
      line: source.lineOf(path),
      field: path.length ? formatFieldPath(path) : undefined,
      label: labelOf(path),
    };
    const formatFix = fieldMetaAt(CHECK_SCHEMAS[source.collection], path).fix;
    const isDateIssue =
      issue.code === 'invalid_format' ||
      (issue.code === 'custom' && (issue.params as { kind?: string } | undefined)?.kind === 'calendar-date') ||
      (issue.code === 'invalid_type' && found !== undefined);
    if (key && DATE_KEYS.has(key) && isDateIssue) {
      const pathKey = path.map(String).join('.');
      if (!datesReported.has(pathKey)) {
        datesReported.add(pathKey);
        const { message, fix } = dateMessage(found, formatFix?.match(/\d{4}-\d{2}-\d{2}/)?.[0]);
        problems.push({ ...base, message, fix });
      }
      continue;
    }
    switch (issue.code) {
      case 'invalid_type': {
        if (found === undefined) {
          // Where the line goes: the metadata block of a content file, or the group it belongs to in site.yaml.
          const group = path.slice(0, -1).filter((p) => typeof p === 'string').join('.');
          const add =
            source.collection !== 'site' ? `在元数据区加一行 ${key}: …。` : group ? `在 ${group}: 这一组下加一行 ${key}: …（行首比 ${group}: 多空两格）。` : `加一行 ${key}: …。`;
          problems.push({ ...base, message: `缺少必填字段 ${key ?? ''}（${base.label ?? ''}）。`, fix: `${add}${formatFix ?? ''}` });
        } else if (issue.expected === 'object' && typeof found === 'string' && /^[A-Za-z][\w-]*\s*：/.test(found)) {
          // signOff:\n  by：张三 — YAML reads the nested line as text (the group's value), not as a field.
          problems.push(...nestedFullWidthColons(source, base));
        } else {
          const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
          if (issue.expected === 'string' && key && (typeof found === 'number' || typeof found === 'boolean')) {
            // YAML reads 12, 2019 or yes without quotes as a number or a truth value, not as the text the editor meant.
            const text = JSON.stringify(String(found));
            problems.push({ ...base, message: `这里应填${expected}，现在是 ${describeValue(found)}：不加引号时，YAML 把它读成了${typeof found === 'number' ? '数字' : '是非值'}。`, fix: `加上英文双引号，写成 ${key}: ${text}。${formatFix ?? ''}` });
          } else {
            problems.push({ ...base, message: `这里应填${expected}，现在是 ${describeValue(found)}。`, fix: formatFix ?? `改为${expected}。` });
          }
        }
        break;
      }
      case 'too_small': {
        if (issue.origin === 'array') {
          problems.push({ ...base, message: `至少要写 ${issue.minimum} 项，现在是 ${Array.isArray(found) ? found.length : 0} 项。`, fix: formatFix ?? '补上缺少的项。' });
        } else if (issue.origin === 'string') {
          problems.push({ ...base, message: '这个字段不能为空。', fix: formatFix ?? '填写内容，或删去这一行。' });
        } else {
          problems.push({ ...base, message: `数值不能小于 ${String(issue.minimum)}，现在是 ${describeValue(found)}。`, fix: `改为不小于 ${String(issue.minimum)} 的数。` });
        }
        break;
      }
      case 'too_big': {
        const unit = issue.origin === 'string' ? ' 个字' : issue.origin === 'array' ? ' 项' : '';
        problems.push({ ...base, message: `不能超过 ${String(issue.maximum)}${unit}，现在是 ${describeValue(found)}。`, fix: '缩短或改小。' });
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((v) => String(v));
        const near = typeof found === 'string' ? findNearest(found, allowed, 1)[0] : undefined;
        problems.push({
          ...base,
          message: `${describeValue(found)} 不是允许的值。允许的值：${allowed.join('、')}。`,
          fix: near ? `改为 "${near}"？` : `从上面的值中选一个。`,
        });
        break;
      }
      case 'invalid_format': {
        // "a - b" in one list item: the next item was indented deeper than this one, and YAML joined the two lines.
        if (typeof found === 'string' && typeof path.at(-1) === 'number' && /\s-\s/.test(found)) {
          const [first, second] = found.split(/\s-\s/) as [string, string];
          problems.push({
            ...base,
            message: `这一项读出来是 "${found}"：下一行的“- ${second}”比这一行多缩进了，两行被当成了同一项。`,
            fix: `让每一项的“- ”上下对齐，写成两行：- ${first} 和 - ${second}。`,
          });
          break;
        }
        if (key && ORGANIZATION_KEYS.has(key) && typeof found === 'string' && context.organizations) {
          problems.push({ ...base, ...organizationNameMessage(found, context.organizations, key) });
          break;
        }
        problems.push({ ...base, message: `${describeValue(found)} 格式不对。`, fix: formatFix ?? '按说明的格式填写。' });
        break;
      }
      case 'unrecognized_keys': {
        for (const unknownKey of issue.keys) {
          const keyPath = [...path, unknownKey];
          problems.push({
            ...base,
            line: source.lineOf(keyPath),
            field: formatFieldPath(keyPath),
            label: undefined,
            ...unknownFieldMessage(source.collection, path, unknownKey, valueAt(source.data, keyPath)),
          });
        }
        break;
      }
      case 'custom': {
        const kind = (issue.params as { kind?: string } | undefined)?.kind;
        if (kind === 'calendar-date') {
          problems.push({ ...base, message: `${describeValue(found)} 不是日历上存在的日期。`, fix: formatFix ?? '写成 YYYY-MM-DD。' });
        } else if (kind === 'http-url' || kind === 'safe-url') {
          const allowed = kind === 'http-url' ? '以 http:// 或 https:// 开头的完整网址' : `以 https://、http:// 或 mailto: 开头的地址，或本站地址（以 / 开头，如 ${entryUrl('documents', 'guofa-2019-5')}）`;
          const text = typeof found === 'string' ? found : '';
          const hidden = /[\s\p{Cc}]/u.test(text) ? '地址里有空格、制表符、换行或其他看不见的字符，浏览器会删掉它们再打开，可能变成会运行代码的地址。' : '';
          problems.push({
            ...base,
            message: `地址 ${JSON.stringify(text)} 不是允许的地址。${hidden}只允许${allowed}。`,
            fix: `改为${allowed}，中间不要有空格或换行；不能用 javascript:、data: 等地址。`,
          });
        } else if (kind === 'required-unless-draft' && key === 'issuer') {
          problems.push({
            ...base,
            message: '缺少发文机关 issuer（发文机关）；只有草稿（draft: true）可以不写。',
            fix: '加一行 issuer: <content/organizations/ 中机关文件的文件名>，或在补齐前保留 draft: true。',
          });
        } else if (kind === 'required-unless-draft') {
          problems.push({
            ...base,
            message: '缺少发布日期 publishedAt（发布日期）；只有草稿（draft: true）可以不写。',
            fix: '加一行 publishedAt: YYYY-MM-DD，或在发布前保留 draft: true。',
          });
        } else if (kind === 'original-unless-draft') {
          problems.push({
            ...base,
            message: '没有写所解读的原文件：documents（原文件）和 externalDocuments（本站以外的原文件）都是空的；只有草稿（draft: true）可以不写。',
            fix: '在 documents 中写上原文件的文件名（content/documents/ 下，不含扩展名）；原文件不在本站的，在 externalDocuments 中写明 title、issuer 和 url。',
          });
        } else if (kind === 'server-url-with-repo' && typeof found === 'string') {
          const repo = (issue.params as { repo: string }).repo;
          const server = found.replace(/\/+$/, '').slice(0, -(repo.length + 1));
          problems.push({
            ...base,
            message: `Git 服务器地址 ${JSON.stringify(found)} 后面带了仓库 ${repo}：这是仓库页面的地址，编辑器登录时会找不到仓库。`,
            fix: `只写服务器的地址：serverUrl: ${server}（仓库已写在 repo 里）。`,
          });
        } else {
          problems.push({ ...base, message: `值 ${describeValue(found)} 不符合要求。`, fix: formatFix ?? '按字段说明填写。' });
        }
        break;
      }
      default: {
        problems.push({ ...base, message: `值 ${describeValue(found)} 不符合要求。`, fix: formatFix ?? '按字段说明填写。' });
      }
    }
  }
  return problems;
}
