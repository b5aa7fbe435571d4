/**
 * Reads editors' files from content/ with enough position information to point at a line:
 * YAML frontmatter (or a whole YAML file) is parsed with the `yaml` package's LineCounter.
 *
 * Content files are regular UTF-8 files inside content/ (issue 10): a symlink or anything else that is not a
 * regular file, bytes that are not UTF-8, NUL bytes, and YAML anchors, aliases or tags are errors, and such
 * a file is not parsed (its `data` is undefined), so nothing downstream — checks, --fix, the build — uses it.
 */
import { readdirSync, readFileSync, lstatSync, readlinkSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import { COLLECTIONS, REGISTRY, type CollectionName } from './registry';
import { labelOf } from '../schemas/field-labels';
import type { Problem } from '../lib/problems';
import { yamlErrorsToProblems } from '../check/yaml-messages';


/** One editor's file, parsed. */
export interface SourceFile {
  /** Collection the file belongs to, or 'site' for content/site.yaml. */
  collection: CollectionName | 'site';
  /** Entry id: the file name without extension. */
  id: string;
  /** Path relative to the project root, forward slashes. */
  file: string;
  /** Whole text of the file. */
  raw: string;
  /** Parsed frontmatter (or the whole YAML file); undefined when it could not be parsed. */
  data: unknown;
  /** Markdown/MDX body after the frontmatter ('' for YAML files). */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** 1-based line of the value at a path such as ['documents', 1]; falls back to the nearest parent, then line 1. */
  lineOf(path: readonly PropertyKey[]): number;
  /**
   * true when the file was refused before parsing (a symlink or other non-regular file, not UTF-8, NUL bytes):
   * raw and body are then '' and data undefined, and no command may rewrite it.
   */
  unreadable?: boolean;
  /** true when the file starts with a UTF-8 byte order mark (not part of raw); --fix writes it back. */
  bom?: boolean;
}

/** A UTF-8 byte order mark; allowed at the start of a file and not part of its text. */
const BOM = [0xef, 0xbb, 0xbf] as const;

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/;

/**
 * The problem for a file that opens its frontmatter with `---` on line 1 but never closes it: names the last field
 * line of the first block (the lines up to the first blank line) as where the closing `---` goes.
 */
function unclosedFrontmatterProblem(file: string, raw: string): Problem {
  const lines = raw.split(/\r?\n/);
  let last = 0;
  for (let i = 1; i < lines.length && lines[i]!.trim() !== ''; i++) last = i;
  const after = last > 0 ? `在第 ${last + 1} 行（${lines[last]!.trim().slice(0, 30)}）之后` : '在最后一个字段之后';
  return {
    severity: 'error',
    file,
    line: 1,
    message: '第 1 行的 --- 开始了元数据区（frontmatter），但后面没有结束它的一行 ---，字段和正文分不开。',
    fix: `${after}单独写一行 ---（三个英文减号），再空一行写正文。`,
  };
}

/** Parses one file's text; YAML syntax errors become problems. */
export function parseSourceFile(
  collection: SourceFile['collection'],
  file: string,
  raw: string,
  problems: Problem[],
): SourceFile {
  const id = file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  const isYaml = /\.ya?ml$/.test(file);
  let yamlText: string;
  let yamlStartLine: number;
  let body = '';
  let bodyLine = 1;
  if (isYaml) {
    yamlText = raw;
    yamlStartLine = 1;
  } else {
    const m = FRONTMATTER.exec(raw);
    if (!m && /^---[ \t]*\r?\n/.test(raw)) {
      problems.push(unclosedFrontmatterProblem(file, raw));
      // The body cannot be told from the fields: nothing of it is read, so no rule reports a field line as prose.
      return { collection, id, file, raw, data: undefined, body: '', bodyLine: 1, lineOf: () => 1 };
    }
    if (!m) {
      problems.push({
        severity: 'error',
        file,
        line: 1,
        message: '文件开头没有元数据区（frontmatter）。',
        fix: '在文件第一行写 ---，接着逐行写字段（如 title: 标题），再用一行 --- 结束，正文写在其后。',
      });
      return { collection, id, file, raw, data: undefined, body: raw, bodyLine: 1, lineOf: () => 1 };
    }
    yamlText = m[1] ?? '';
    yamlStartLine = 2;
    body = raw.slice(m[0].length);
    bodyLine = m[0].split('\n').length;
  }
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  problems.push(...yamlErrorsToProblems(file, yamlText, doc.errors, counter, yamlStartLine));
  const unsafe = yamlFeatureProblems(doc, counter, file, yamlStartLine);
  problems.push(...unsafe);
  // toJS() would expand aliases (an alias bomb) or run a tag's constructor: never for a refused file.
  const data = doc.errors.length || unsafe.length ? undefined : (doc.toJS() ?? {});
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined;
      const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
      if (range) {
        // For a map or list value, point at its key's line (one above the first item) when we can.
        if ((isMap(node) || isSeq(node)) && n > 0) {
          const parent = doc.getIn(path.slice(0, n - 1) as unknown[], true);
          if (isMap(parent)) {
            const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
            const keyRange = (pair?.key as Node | undefined)?.range;
            if (keyRange) return counter.linePos(keyRange[0]).line + yamlStartLine - 1;
          }
        }
        return counter.linePos(range[0]).line + yamlStartLine - 1;
      }
    }
    return yamlStartLine === 1 ? 1 : 1;
  };
  return { collection, id, file, raw, data, body, bodyLine, lineOf };
}

/** What an anchor, an alias or a tag is called for editors, with the fix. */
const YAML_FEATURES = {
  anchor: {
    what: 'YAML 锚点（&名字）',
    fix: '删去 “&名字”，在每个用到这个值的地方直接写出值本身。',
  },
  alias: {
    what: 'YAML 引用（*名字）',
    fix: '把 “*名字” 换成它所指的值本身，逐个写出；内容文件里每个值都要直接写出来。',
  },
  tag: {
    what: 'YAML 标签（! 或 !! 开头的写法）',
    fix: '删去这个标签，只写值本身；如果值本来就以 ! 开头，请给整个值加上英文引号，如 title: "!…"。',
  },
} as const;

/**
 * Anchors (&a), aliases (*a) and tags (!!js/function, !custom, !!str …) in a parsed YAML document, one problem
 * per kind at the first node's line, naming the other lines. Content is plain values only: aliases can expand
 * into millions of nodes (an "alias bomb") and tags ask a YAML reader to construct objects, and the build's
 * YAML reader does not treat them as this check's does.
 */
function yamlFeatureProblems(doc: Document, counter: LineCounter, file: string, yamlStartLine: number): Problem[] {
  const found: Record<keyof typeof YAML_FEATURES, { line: number; field?: string; sample: string }[]> = {
    anchor: [],
    alias: [],
    tag: [],
  };
  const lineAt = (offset: number) => counter.linePos(offset).line + yamlStartLine - 1;
  visit(doc, (_key, node, path) => {
    if (!node || typeof node !== 'object' || !('range' in node) || !node.range) return;
    const n = node as Node;
    const topPair = path.find((p) => isPair(p));
    const topKey = isPair(topPair) && isScalar(topPair.key) ? String(topPair.key.value) : undefined;
    const at = { line: lineAt(n.range![0]), field: topKey };
    if (isAlias(n)) found.alias.push({ ...at, sample: `*${n.source}` });
    else {
      if (n.anchor) found.anchor.push({ ...at, sample: `&${n.anchor}` });
      if (n.tag) found.tag.push({ ...at, sample: n.tag.replace(/^tag:yaml\.org,2002:/, '!!') });
    }
  });
  const problems: Problem[] = [];
  for (const kind of ['anchor', 'alias', 'tag'] as const) {
    const hits = found[kind];
    const first = hits[0];
    if (!first) continue;
    const others = [...new Set(hits.slice(1).map((h) => h.line).filter((l) => l !== first.line))];
    const more = others.length ? `第 ${others.slice(0, 5).join('、')}${others.length > 5 ? ' 等' : ' '}行也有。` : '';
    problems.push({
      severity: 'error',
      file,
      line: first.line,
      field: first.field,
      label: first.field ? labelOf([first.field]) : undefined,
      message: `元数据用了 ${YAML_FEATURES[kind].what}：“${first.sample}”。为了安全，内容文件不允许这种写法，这个文件没有读取。${more}`,
      fix: YAML_FEATURES[kind].fix,
    });
  }
  return problems;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1 (RFC 3629: no overlongs, surrogates or values above U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line of a byte offset: one more than the line feeds before it. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function hexBytes(bytes: Uint8Array, from: number, count: number): string {
  return [...bytes.subarray(from, from + count)].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}

/**
 * Decodes a content file's bytes as UTF-8 (a leading BOM is dropped), or reports why it cannot be published:
 * a NUL byte, or bytes that are not UTF-8 (with the line of the first one; GBK/GB18030 is the usual cause).
 * Returns undefined (and pushes one problem) when the file is refused.
 */
export function decodeContentBytes(
  file: string,
  bytes: Uint8Array,
  problems: Problem[],
): { text: string; bom: boolean } | undefined {
  const bom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    problems.push({
      severity: 'error',
      file,
      line: lineOfByte(bytes, nul),
      message: '文件里有空字符（NUL，字节 0x00），这不是正常的文本文件，没有读取。常见原因是把 Word 文档、图片或 UTF-16 编码的文件当作文本保存了。',
      fix: '用纯文本编辑器（如 VS Code）打开，另存为 “UTF-8” 编码的纯文本；或从原文重新复制文字到新文件中。',
    });
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, bom };
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    problems.push({
      severity: 'error',
      file,
      line: lineOfByte(bytes, at),
      message: `文件不是 UTF-8 编码：这一行有无法按 UTF-8 读取的字节（${hexBytes(bytes, at, 4)}），这个文件没有读取。通常是文件以 GBK / GB18030（简体中文 Windows 的“ANSI”）或其他编码保存了，照样发布会出现乱码。`,
      fix: '用编辑器以原来的编码（GBK / GB18030）打开，确认文字正常后“另存为”或“以编码保存”为 UTF-8；VS Code 中点右下角的编码名称即可切换。',
    });
    return undefined;
  }
}

/** A refused file: known by its id (so links to it are not reported again), never parsed or rewritten. */
function unreadableFile(collection: SourceFile['collection'], file: string): SourceFile {
  const id = file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  return { collection, id, file, raw: '', data: undefined, body: '', bodyLine: 1, lineOf: () => 1, unreadable: true };
}

/**
 * Reads one content file that must be a regular UTF-8 file: symlinks (wherever they point) and other
 * non-regular files are refused without being opened, then the bytes must be UTF-8 without NUL.
 */
function readContentFile(
  collection: SourceFile['collection'],
  full: string,
  file: string,
  stat: Pick<Stats, 'isFile' | 'isSymbolicLink'>,
  problems: Problem[],
): SourceFile {
  if (stat.isSymbolicLink()) {
    let target = '';
    try {
      target = readlinkSync(full);
    } catch {
      // The target is only named in the message; an unreadable link is refused all the same.
    }
    problems.push({
      severity: 'error',
      file,
      message: `这是一个符号链接（快捷方式）${target ? `，指向 "${target}"` : ''}，不是放在 content/ 里的普通文件，不会被检查，也不能发布。`,
      fix: '删除这个链接，把要发布的文件本身复制到这里（内容文件必须是 content/ 里的普通文件）。',
    });
    return unreadableFile(collection, file);
  }
  if (!stat.isFile()) {
    problems.push({
      severity: 'error',
      file,
      message: '这不是普通文件（可能是管道、设备或其他特殊文件），不能作为内容发布。',
      fix: '删除它，在这里放一个普通的文本文件。',
    });
    return unreadableFile(collection, file);
  }
  countRead(full);
  const decoded = decodeContentBytes(file, readFileSync(full), problems);
  if (!decoded) return unreadableFile(collection, file);
  const source = parseSourceFile(collection, file, decoded.text, problems);
  return decoded.bom ? { ...source, bom: true } : source;
}

/**
 * How many times each content file's bytes were read in this process, by absolute path (kept on globalThis, so
 * the copies of this module that Astro's config, its content layer and the built pages each load count together).
 * Tests and `JIEDU_READ_COUNT=1 npm run build` use it to prove a build reads each file once.
 */
export function contentReadCounts(): ReadonlyMap<string, number> {
  return readCounts();
}

/** Starts the read counts of contentReadCounts() again from zero. */
export function resetContentReadCounts(): void {
  readCounts().clear();
}

const READ_COUNTS = Symbol.for('jiedu.content.readCounts');
function readCounts(): Map<string, number> {
  const g = globalThis as { [READ_COUNTS]?: Map<string, number> };
  return (g[READ_COUNTS] ??= new Map());
}
function countRead(full: string): void {
  const counts = readCounts();
  counts.set(full, (counts.get(full) ?? 0) + 1);
}

/** One file as read by readContentTree, with the problems reading it found; a snapshot keeps these to reuse. */
export interface FileRead {
  source: SourceFile;
  problems: Problem[];
}

/**
 * Reads content/site.yaml and every entry of every collection under `contentDir`, sorted by path.
 * With `reuse` (path relative to the project root → an earlier read), a file found there is taken from it
 * instead of being read again; afterwards `reuse` holds exactly the files of this tree (src/content/snapshot.ts
 * drops the files that changed before calling this).
 */
export function readContentTree(projectRoot: string, contentDir = join(projectRoot, 'content'), reuse?: Map<string, FileRead>): {
  files: SourceFile[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const files: SourceFile[] = [];
  const rel = (p: string) => relative(projectRoot, p).split(sep).join('/');
  const seen = new Set<string>();
  const read = (collection: SourceFile['collection'], full: string, stat: Pick<Stats, 'isFile' | 'isSymbolicLink'>): SourceFile => {
    const file = rel(full);
    seen.add(file);
    const earlier = reuse?.get(file);
    if (earlier) {
      problems.push(...earlier.problems);
      return earlier.source;
    }
    const own: Problem[] = [];
    const source = readContentFile(collection, full, file, stat, own);
    reuse?.set(file, { source, problems: own });
    problems.push(...own);
    return source;
  };
  const sitePath = join(contentDir, 'site.yaml');
  const siteStat = lstatOrUndefined(sitePath);
  if (siteStat) {
    files.push(read('site', sitePath, siteStat));
  } else {
    problems.push({
      severity: 'error',
      file: rel(sitePath),
      message: '缺少站点配置文件。',
      fix: '新建 content/site.yaml，至少写明 name、siteIdCode、baseUrl、columns、contact（参见 README）。',
    });
  }
  for (const collection of COLLECTIONS) {
    const { dir, extensions } = REGISTRY[collection];
    const root = join(contentDir, dir);
    const rootStat = lstatOrUndefined(root);
    if (!rootStat) continue;
    if (!rootStat.isDirectory()) {
      problems.push({
        severity: 'error',
        file: rel(root),
        message: `content/${dir} 应是 content/ 里的普通文件夹，现在是${rootStat.isSymbolicLink() ? '一个符号链接（快捷方式）' : '一个文件'}，其中的内容不会被检查，也不能发布。`,
        fix: `删除它，新建文件夹 content/${dir}/，把要发布的文件本身放进去。`,
      });
      continue;
    }
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(root, entry.name);
      if (entry.isDirectory()) {
        problems.push({
          severity: 'error',
          file: rel(full),
          message: `content/${dir}/ 下不能再建子文件夹，子文件夹 "${entry.name}" 中的文件不会被发布。`,
          fix: `把其中的文件直接移到 content/${dir}/ 下，然后删除这个子文件夹。`,
        });
        continue;
      }
      if (!extensions.some((ext) => entry.name.endsWith(ext))) {
        if (/\.(md|mdx|ya?ml)\.\d+$/.test(entry.name)) {
          // write-file-atomic names its temporary file <name>.<number>; a kill between writing and renaming leaves it.
          // The real file is untouched by that save, but a save killed before a new file's first write leaves none.
          const realName = entry.name.replace(/\.\d+$/, '');
          const real = lstatOrUndefined(join(root, realName));
          problems.push(
            real
              ? {
                  severity: 'warning',
                  file: rel(full),
                  message: '这是一次被中断的保存（导入或自动改正时进程被终止）留下的临时文件，不会被发布；同名的正式文件仍是完整的。',
                  fix: `确认 ${realName} 内容无误后，删除这个临时文件。`,
                }
              : {
                  severity: 'warning',
                  file: rel(full),
                  message: `这是一次被中断的保存（导入或自动改正时进程被终止）留下的临时文件，不会被发布；同名的正式文件 ${realName} 不存在：保存在第一次写成前就被中断了，这个临时文件可能只写了一部分。`,
                  fix: `重新运行被中断的命令（如 npm run import）生成 ${realName}；如这个临时文件里有别处没有的文字，先核对、补全后改名为 ${realName}。确认不再需要后再删除它。`,
                },
          );
        } else if (/\.(md|mdx|ya?ml)$/.test(entry.name)) {
          problems.push({
            severity: 'error',
            file: rel(full),
            message: `这个文件夹里的文件应为 ${extensions.join(' 或 ')} 格式，这个文件不会被发布。`,
            fix: `把文件扩展名改为 ${extensions[0]}，或移到正确的文件夹。`,
          });
        }
        continue;
      }
      files.push(read(collection, full, entry));
    }
  }
  if (reuse) for (const file of [...reuse.keys()]) if (!seen.has(file)) reuse.delete(file);
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, problems };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
