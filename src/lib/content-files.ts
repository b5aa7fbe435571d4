/**
 * Reads editors' files from content/ with enough position information to point at a line:
 * YAML frontmatter (or a whole YAML file) is parsed with the `yaml` package's LineCounter.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { CollectionName } from '../schemas/common';
import type { Problem } from './problems';

/** Where each collection lives under content/ and the file extensions it takes. */
export const COLLECTION_FILES: Record<CollectionName, { dir: string; extensions: string[] }> = {
  organizations: { dir: 'organizations', extensions: ['.yaml', '.yml'] },
  documents: { dir: 'documents', extensions: ['.md'] },
  interpretations: { dir: 'interpretations', extensions: ['.mdx'] },
  infographics: { dir: 'infographics', extensions: ['.mdx'] },
};

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
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/;

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
  for (const error of doc.errors) {
    const line = counter.linePos(error.pos[0]).line + yamlStartLine - 1;
    problems.push({
      severity: 'error',
      file,
      line,
      message: error.code === 'DUPLICATE_KEY' ? '同一个字段写了两次。' : `元数据格式有误，无法读取（YAML ${error.code}）。`,
      fix:
        error.code === 'DUPLICATE_KEY'
          ? '删去重复的一行，只保留一个。'
          : '检查这一行：字段名后用英文冒号加空格（title: 标题），含冒号或 # 的值用引号括起来，列表项以“- ”开头并对齐。',
    });
  }
  const data = doc.errors.length ? undefined : (doc.toJS() ?? {});
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

/** Reads content/site.yaml and every entry of every collection under `contentDir`, sorted by path. */
export function readContentTree(projectRoot: string, contentDir = join(projectRoot, 'content')): {
  files: SourceFile[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const files: SourceFile[] = [];
  const rel = (p: string) => relative(projectRoot, p).split(sep).join('/');
  const sitePath = join(contentDir, 'site.yaml');
  if (existsSync(sitePath)) {
    files.push(parseSourceFile('site', rel(sitePath), readFileSync(sitePath, 'utf8'), problems));
  } else {
    problems.push({
      severity: 'error',
      file: rel(sitePath),
      message: '缺少站点配置文件。',
      fix: '新建 content/site.yaml，至少写明 name、siteIdCode、baseUrl、columns、contact（参见 README）。',
    });
  }
  for (const [collection, { dir, extensions }] of Object.entries(COLLECTION_FILES) as [
    CollectionName,
    { dir: string; extensions: string[] },
  ][]) {
    const root = join(contentDir, dir);
    if (!existsSync(root)) continue;
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
      if (!entry.isFile()) continue;
      if (!extensions.some((ext) => entry.name.endsWith(ext))) {
        if (/\.(md|mdx|ya?ml)$/.test(entry.name)) {
          problems.push({
            severity: 'error',
            file: rel(full),
            message: `这个文件夹里的文件应为 ${extensions.join(' 或 ')} 格式，这个文件不会被发布。`,
            fix: `把文件扩展名改为 ${extensions[0]}，或移到正确的文件夹。`,
          });
        }
        continue;
      }
      files.push(parseSourceFile(collection, rel(full), readFileSync(full, 'utf8'), problems));
    }
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, problems };
}
