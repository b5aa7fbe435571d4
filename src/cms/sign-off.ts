/**
 * 审签 in the editorial workflow: when an entry is moved to “就绪” (Decap's status `pending_publish`), the sign-off
 * (signOff: { by, at } in src/schemas/interpretation.ts) is written into the entry's file on its workflow branch
 * (cms/<collection>/<slug>, decap-server's local Git mode). Decap's browser code has no event for a status change,
 * so `npm run cms -- --workflow` sees the proxy request `updateUnpublishedEntryStatus` (server.ts) and calls
 * recordSignOff before passing it on. Only the signOff lines are added; every other byte of the file is kept. The
 * branch moves by one commit with Git's plumbing (a temporary index, commit-tree, then update-ref from the old
 * commit to the new one), so the working tree is never touched and the branch is either unchanged or has the whole
 * commit: a branch changed meanwhile makes update-ref refuse.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REGISTRY, contentDir, type CollectionName } from '../content/registry';
import { todayInChina } from '../check/publication';
import { FORM_SCHEMAS, schemaToFormFields } from './schema-fields';

/** The sign-off field of the schemas (src/schemas/interpretation.ts). */
export const SIGN_OFF_FIELD = 'signOff';

/** Decap's status of an entry moved to “就绪” (ready), in the request `updateUnpublishedEntryStatus`. */
export const READY_STATUS = 'pending_publish';

/** Who signed off and when (YYYY-MM-DD), as the schema's signOff holds it. */
export interface SignOff {
  by: string;
  at: string;
}

/** A sign-off that cannot be recorded; `message` is Chinese and says what to do (Decap shows it to the editor). */
export class SignOffError extends Error {}

/** true when the collection's schema has a sign-off field (interpretations). */
export function hasSignOffField(collection: CollectionName): boolean {
  return schemaToFormFields(FORM_SCHEMAS[collection]).some((f) => f.key === SIGN_OFF_FIELD);
}

/** What addSignOff did. */
export type AddSignOffResult =
  /** The file's new text: the old text with the signOff lines inserted. */
  | { kind: 'added'; text: string }
  /** The file already has a signOff (filled in the form, or signed before): it is left as it is. */
  | { kind: 'kept'; existing: unknown };

const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*)\s*:(?:\s|$)/;

/**
 * Adds `signOff` to the YAML frontmatter of `text`, every other byte kept: the lines go before the first field the
 * schema puts after signOff (with the comment lines just above it), else at the end of the frontmatter; the file's
 * own line ending (LF or CR LF) is used. `fieldOrder` is the schema's field order. A signOff already there is kept.
 * Throws SignOffError when the file has no frontmatter or it is not valid YAML (`file` names it in the message).
 */
export function addSignOff(text: string, signOff: SignOff, fieldOrder: readonly string[], file = '文件'): AddSignOffResult {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines[0]?.replace(/^\uFEFF/, '') !== '---') throw new SignOffError(`${file} 的开头没有 ---，不是带字段的文件，审签没有写入。`);
  const close = lines.findIndex((line, i) => i > 0 && /^---[ \t]*$/.test(line));
  if (close < 0) throw new SignOffError(`${file} 的字段部分缺少结尾的 ---，审签没有写入。请先用 npm run check 查看并改正。`);
  let fields: unknown;
  try {
    fields = parse(lines.slice(1, close).join('\n'));
  } catch (e) {
    throw new SignOffError(`${file} 的字段部分不是正确的 YAML（${(e as Error).message.split('\n')[0]}），审签没有写入。请先用 npm run check 查看并改正。`);
  }
  if (fields && typeof fields === 'object' && SIGN_OFF_FIELD in fields) return { kind: 'kept', existing: (fields as Record<string, unknown>)[SIGN_OFF_FIELD] };
  const after = new Set(fieldOrder.slice(fieldOrder.indexOf(SIGN_OFF_FIELD) + 1));
  let at = close;
  for (let i = 1; i < close; i++) {
    const key = TOP_LEVEL_KEY.exec(lines[i]!)?.[1];
    if (key && after.has(key)) {
      at = i;
      // A comment right above a field belongs to it.
      while (at > 1 && /^#/.test(lines[at - 1]!)) at--;
      break;
    }
  }
  const block = stringify({ [SIGN_OFF_FIELD]: { by: signOff.by, at: signOff.at } }, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
  return { kind: 'added', text: [...lines.slice(0, at), ...block, ...lines.slice(at)].join(eol) };
}

/** The signOff of a file's frontmatter, or undefined when it has none (or no readable frontmatter). */
export function signOffOf(text: string): unknown {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.replace(/^\uFEFF/, '') !== '---') return undefined;
  const close = lines.findIndex((line, i) => i > 0 && /^---[ \t]*$/.test(line));
  if (close < 0) return undefined;
  try {
    const fields = parse(lines.slice(1, close).join('\n')) as unknown;
    return fields && typeof fields === 'object' ? (fields as Record<string, unknown>)[SIGN_OFF_FIELD] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `text` without its top-level signOff: the `signOff:` line and the indented lines under it are removed, every
 * other byte kept (the inverse of addSignOff). undefined when the frontmatter has no top-level signOff line.
 */
export function removeSignOff(text: string): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines[0]?.replace(/^\uFEFF/, '') !== '---') return undefined;
  const close = lines.findIndex((line, i) => i > 0 && /^---[ \t]*$/.test(line));
  if (close < 0) return undefined;
  const start = lines.findIndex((line, i) => i > 0 && i < close && TOP_LEVEL_KEY.exec(line)?.[1] === SIGN_OFF_FIELD);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < close && /^[ \t]+\S/.test(lines[end]!)) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join(eol);
}

/**
 * The signOff of the entry's file on its workflow branch, or undefined (no branch, no file, no signOff). The proxy
 * asks before a save: a form opened before the move to 就绪 does not hold the sign-off written since.
 */
export function signOffOnBranch(root: string, collection: CollectionName, slug: string): unknown {
  const ref = `refs/heads/${workflowBranch(collection, slug)}`;
  for (const extension of REGISTRY[collection].extensions) {
    try {
      const text = execFileSync('git', ['show', `${ref}:${contentDir(collection)}${slug}${extension}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return signOffOf(text);
    } catch {
      // No such branch or file: try the next extension.
    }
  }
  return undefined;
}

/** The name Git knows the user by in `root` (git config user.name), or undefined. */
export function gitUserName(root: string): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd: root, encoding: 'utf8' }).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** Decap's workflow branch of an entry (decap-cms-lib-util APIUtils: CMS_BRANCH_PREFIX/collection/slug). */
export function workflowBranch(collection: string, slug: string): string {
  return `cms/${collection}/${slug}`;
}

function git(root: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', input: options.input, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

/** Options of recordSignOff. */
export interface RecordSignOffOptions {
  /** The Git repository decap-server works in (the project folder). */
  root: string;
  collection: CollectionName;
  /** The entry's id (its file name), as Decap's request names it. */
  slug: string;
  /** Who signs off: the `--signer` setting, else git config user.name. */
  by: string;
  /** The date, YYYY-MM-DD; default today in China (todayInChina). */
  at?: string;
}

/** What recordSignOff did: the file, the sign-off, and the new commit (undefined when a signOff was already there). */
export interface RecordSignOffResult {
  file: string;
  signOff: SignOff;
  /** 'replaced': a sign-off this server wrote before (isServerSignOff) gave way to the new one. */
  kind: 'added' | 'replaced' | 'kept';
  commit?: string;
}

/** The branch's entry file: its path, mode and exact text at commit `old` (ref `ref`). */
interface BranchFile {
  branch: string;
  ref: string;
  old: string;
  mode: string;
  file: string;
  text: string;
}

function branchFile(root: string, collection: CollectionName, slug: string, what: string): BranchFile {
  const branch = workflowBranch(collection, slug);
  const ref = `refs/heads/${branch}`;
  let old: string;
  try {
    old = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new SignOffError(`找不到“${slug}”的审核分支 ${branch}，${what}。请刷新“工作流”页面再试。`);
  }
  let head = '';
  try {
    head = git(root, ['symbolic-ref', '-q', 'HEAD']);
  } catch {
    // A detached HEAD is not the branch.
  }
  if (head === ref) throw new SignOffError(`审核分支 ${branch} 正在工作区里打开（git checkout），${what}。请先 git checkout main 再改状态。`);
  const candidates = REGISTRY[collection].extensions.map((e) => `${contentDir(collection)}${slug}${e}`);
  const listed = git(root, ['ls-tree', old, '--', ...candidates]).split('\n').filter(Boolean);
  const entry = listed[0] ? /^(\d+) blob ([0-9a-f]+)\t(.+)$/.exec(listed[0]) : null;
  if (!entry) throw new SignOffError(`审核分支 ${branch} 上没有 ${candidates.join(' 或 ')}，${what}。`);
  const [, mode, blob, file] = entry as unknown as [string, string, string, string];
  // Not through git(): its output is trimmed, and the edit must keep every byte.
  const text = execFileSync('git', ['cat-file', 'blob', blob], { cwd: root, encoding: 'utf8' });
  return { branch, ref, old, mode, file, text };
}

/** Commits `text` as the branch file's new content, one commit on top of `at.old` (see the module comment). */
function commitBranchFile(root: string, at: BranchFile, text: string, by: string, message: string, what: string): string {
  const index = mkdtempSync(join(tmpdir(), 'jiedu-signoff-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(index, 'index') };
    const newBlob = git(root, ['hash-object', '-w', '--stdin'], { input: text });
    git(root, ['read-tree', at.old], { env });
    git(root, ['update-index', '--cacheinfo', `${at.mode},${newBlob},${at.file}`], { env });
    const tree = git(root, ['write-tree'], { env });
    // The commit is the signer's; a machine without user.email still gets a valid author.
    let email = '';
    try {
      email = git(root, ['config', 'user.email']);
    } catch {
      email = 'cms@localhost';
    }
    const identity = { GIT_AUTHOR_NAME: by, GIT_AUTHOR_EMAIL: email || 'cms@localhost', GIT_COMMITTER_NAME: by, GIT_COMMITTER_EMAIL: email || 'cms@localhost' };
    const commit = git(root, ['commit-tree', tree, '-p', at.old, '-m', message], { env: { ...process.env, ...identity } });
    try {
      git(root, ['update-ref', '-m', 'jiedu cms: sign-off', at.ref, commit, at.old]);
    } catch {
      throw new SignOffError(`审核分支 ${at.branch} 在改审签时被改动了，${what}。请刷新“工作流”页面，再改一次状态。`);
    }
    return commit;
  } finally {
    rmSync(index, { recursive: true, force: true });
  }
}

/**
 * true when the signOff in the branch file was written by this server, so a status change may remove or replace
 * it: since main, the branch's newest sign-off commit (message “审签：<slug>（by，at）”, not followed by a
 * “撤回审签：<slug>（…” one) wrote exactly the by and at the file holds now, and the file on main has no signOff. A signOff already on main (written by hand and merged) is the editor's and is never touched.
 */
export function isServerSignOff(root: string, collection: CollectionName, slug: string, file: string): boolean {
  const ref = `refs/heads/${workflowBranch(collection, slug)}`;
  let subjects = '';
  try {
    subjects = git(root, ['log', '--format=%s', `refs/heads/main..${ref}`]);
  } catch {
    return false;
  }
  // Newest first: the last sign-off commit, unless a withdrawal came after it.
  const last = subjects.split('\n').find((s) => s.startsWith(`审签：${slug}（`) || s.startsWith(`撤回审签：${slug}（`));
  const written = last ? /（(.*)，(\d{4}-\d{2}-\d{2})）$/.exec(last) : null;
  if (!last?.startsWith('审签：') || !written) return false;
  // Changed by hand in the form since: the editor's now.
  const current = signOffOnBranch(root, collection, slug) as { by?: unknown; at?: unknown } | undefined;
  if (String(current?.by) !== written[1] || String(current?.at) !== written[2]) return false;
  try {
    const onMain = execFileSync('git', ['show', `refs/heads/main:${file}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return signOffOf(onMain) === undefined;
  } catch {
    // A new entry: not on main yet.
    return true;
  }
}

/** What withdrawSignOff did: 'removed' (with the old sign-off and the commit), 'none' (no signOff), 'kept' (not ours). */
export interface WithdrawSignOffResult {
  file: string;
  kind: 'removed' | 'none' | 'kept';
  signOff?: unknown;
  commit?: string;
}

/**
 * When an entry leaves 就绪 (to 草稿 or 审核中): removes from its branch file the signOff this server wrote
 * (isServerSignOff), only those lines, as one commit like recordSignOff; text changed after it is then not published
 * as signed. A signOff that is not ours is kept. Throws SignOffError as recordSignOff does.
 */
export function withdrawSignOff(options: { root: string; collection: CollectionName; slug: string; by: string }): WithdrawSignOffResult {
  const { root, collection, slug, by } = options;
  const what = '审签没有去掉，状态没有改';
  const at = branchFile(root, collection, slug, what);
  const existing = signOffOf(at.text);
  if (existing === undefined) return { file: at.file, kind: 'none' };
  if (!isServerSignOff(root, collection, slug, at.file)) return { file: at.file, kind: 'kept', signOff: existing };
  const text = removeSignOff(at.text);
  if (text === undefined) return { file: at.file, kind: 'kept', signOff: existing };
  const commit = commitBranchFile(root, at, text, by, `撤回审签：${slug}（移出“就绪”）`, what);
  return { file: at.file, kind: 'removed', signOff: existing, commit };
}

/**
 * Writes the sign-off into the entry's file on its workflow branch as one new commit (see the module comment).
 * A signOff this server wrote before (isServerSignOff) is replaced by the new signer and date (kind 'replaced');
 * any other signOff is left alone (kind 'kept'). Throws SignOffError, in Chinese, when the branch
 * or the file is missing, the branch is checked out in the working tree, the frontmatter cannot be read, or the
 * branch moved meanwhile.
 */
export function recordSignOff(options: RecordSignOffOptions): RecordSignOffResult {
  const { root, collection, slug, by } = options;
  const signOff: SignOff = { by, at: options.at ?? todayInChina() };
  const what = '审签没有写入';
  const at = branchFile(root, collection, slug, what);
  const order = schemaToFormFields(FORM_SCHEMAS[collection]).map((f) => f.key);
  let base = at.text;
  let kind: 'added' | 'replaced' = 'added';
  if (signOffOf(base) !== undefined && isServerSignOff(root, collection, slug, at.file)) {
    const without = removeSignOff(base);
    if (without !== undefined) {
      base = without;
      kind = 'replaced';
    }
  }
  const result = addSignOff(base, signOff, order, at.file);
  if (result.kind === 'kept') return { file: at.file, signOff, kind: 'kept' };
  const commit = commitBranchFile(root, at, result.text, by, `审签：${slug}（${by}，${signOff.at}）`, what);
  return { file: at.file, signOff, kind, commit };
}
