/**
 * Release notes for people: which documents, interpretations and infographics a release adds, changes (its
 * page's HTML differs) or removes compared with the previous release, in Chinese Markdown.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_KINDS, readManifest, type ContentEntry, type ContentKind, type ReleaseManifest } from './manifest';

/** How one kind of content changed. */
export interface ContentChanges {
  kind: ContentKind;
  label: string;
  added: ContentEntry[];
  changed: ContentEntry[];
  removed: ContentEntry[];
  /** Entries of this kind in the new release. */
  total: number;
}

/** How the files as a whole changed. */
export interface FileChanges {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Pages (HTML) among the changed files. */
  changedPages: number;
}

/** Differences between two releases; with no previous release, everything is added. */
export function diffReleases(previous: ReleaseManifest | undefined, next: ReleaseManifest): { content: ContentChanges[]; files: FileChanges } {
  const content = CONTENT_KINDS.map(({ kind, label }) => {
    const before = new Map((previous?.content[kind] ?? []).map((e) => [e.id, e]));
    const after = next.content[kind];
    const afterIds = new Set(after.map((e) => e.id));
    return {
      kind,
      label,
      added: after.filter((e) => !before.has(e.id)),
      changed: after.filter((e) => before.has(e.id) && before.get(e.id)!.sha256 !== e.sha256),
      removed: [...before.values()].filter((e) => !afterIds.has(e.id)),
      total: after.length,
    };
  });
  const old = new Map((previous?.files ?? []).map((f) => [f.path, f.sha256]));
  const files: FileChanges = { added: 0, changed: 0, removed: 0, unchanged: 0, changedPages: 0 };
  const nextPaths = new Set<string>();
  for (const f of next.files) {
    nextPaths.add(f.path);
    const before = old.get(f.path);
    if (before === undefined) files.added++;
    else if (before !== f.sha256) {
      files.changed++;
      if (f.path.endsWith('.html')) files.changedPages++;
    } else files.unchanged++;
  }
  for (const path of old.keys()) if (!nextPaths.has(path)) files.removed++;
  return { content, files };
}

/** The newest manifest under releaseRoot/<version>/manifest.json by build time, other than excludeVersion. */
export function findPreviousManifest(releaseRoot: string, excludeVersion?: string): string | undefined {
  if (!existsSync(releaseRoot)) return undefined;
  let best: { file: string; builtAt: string } | undefined;
  for (const entry of readdirSync(releaseRoot, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === excludeVersion) continue;
    const file = join(releaseRoot, entry.name, 'manifest.json');
    if (!existsSync(file)) continue;
    try {
      const m = readManifest(file);
      if (!best || m.builtAt > best.builtAt) best = { file, builtAt: m.builtAt };
    } catch {
      // Not a release of ours (or an older format): not a candidate.
    }
  }
  return best?.file;
}

/** YYYY-MM-DD HH:MM in China time. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function entryLine(e: ContentEntry, origin: string | undefined): string {
  return `- [${escapeMarkdown(e.title)}](${origin ? new URL(e.url, origin).href : e.url})（${escapeMarkdown(e.id)}）`;
}

/** The release notes as Chinese Markdown. */
export function renderReleaseNotes(previous: ReleaseManifest | undefined, next: ReleaseManifest): string {
  const { content, files } = diffReleases(previous, next);
  const origin = next.siteOrigin;
  const lines: string[] = [];
  lines.push(`# ${next.siteName ? `${escapeMarkdown(next.siteName)} ` : ''}发布说明：${next.version}`, '');
  lines.push(`- 版本：${next.version}${next.packageVersion !== next.version ? `（package.json ${next.packageVersion}）` : ''}`);
  lines.push(`- 构建时间：${chinaTime(next.builtAt)}（北京时间）`);
  lines.push(`- 源代码提交：${next.commit ? next.commit.slice(0, 12) : '未知（不在 git 仓库中构建）'}${next.dirty ? '（构建时工作区有未提交的修改）' : ''}`);
  lines.push(
    previous
      ? `- 对比的上一版本：${previous.version}（${chinaTime(previous.builtAt)} 构建）`
      : '- 对比的上一版本：无。这是第一个发布，下面把全部内容列为新增。',
  );
  lines.push('', '## 概览', '', '| 栏目 | 新增 | 更新 | 删除 | 本版共计 |', '| --- | ---: | ---: | ---: | ---: |');
  for (const c of content) lines.push(`| ${c.label} | ${c.added.length} | ${c.changed.length} | ${c.removed.length} | ${c.total} |`);
  lines.push('');
  lines.push(
    `全站文件 ${next.counts.files} 个（网页 ${next.counts.pages} 个），共 ${(next.counts.bytes / 1024 / 1024).toFixed(1)} MB；` +
      `与上一版本相比新增 ${files.added} 个、更新 ${files.changed} 个（其中网页 ${files.changedPages} 个）、删除 ${files.removed} 个。`,
  );
  const entries = content.reduce((n, c) => n + c.total, 0);
  const changed = content.reduce((n, c) => n + c.changed.length, 0);
  if (previous && entries > 1 && changed === content.reduce((n, c) => n + c.total - c.added.length, 0) && changed > 1) {
    lines.push('', '> 所有原有内容的页面都有变化，通常是站点模板、样式或导航更新所致，不一定是内容本身改了。');
  }
  for (const c of content) {
    lines.push('', `## ${c.label}`);
    for (const [heading, list] of [
      ['新增', c.added],
      ['更新', c.changed],
      ['删除', c.removed],
    ] as const) {
      lines.push('', `### ${heading}（${list.length}）`, '');
      if (list.length === 0) lines.push('无。');
      else lines.push(...list.map((e) => entryLine(e, heading === '删除' ? undefined : origin)));
    }
  }
  return `${lines.join('\n')}\n`;
}
