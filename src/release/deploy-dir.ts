/**
 * Deploys a release to a directory on an origin server:
 *
 *   <root>/releases/<entry>/site/            the web root of each release (nginx: root <root>/current/site)
 *   <root>/releases/<entry>/headers.nginx.conf, manifest.json, RELEASE-NOTES.md
 *   <root>/current -> releases/<entry>       the live release, switched by renaming a new symlink over it
 *   <root>/history.json                      entries in deploy order, oldest first, and the log of switches, for
 *                                            rollbacks (see rollback-order.ts)
 *   <root>/headers.nginx.conf                the nginx include, at a path that never changes (rewritten only
 *                                            when its directives change; deploy then says to reload nginx)
 *   <root>/.deploy.lock                      held by the one deploy or rollback running (see dir-lock.ts)
 *
 * The entry (directory name) of a release is its version, or `<version>-<first 12 hex of the manifest's sha256>`
 * (the release id S3 deploys use) when releases/<version> already holds another release of that version, made
 * again with `release --force`. A release is told by its manifest's hash, never by its name: a re-release of the
 * live version is unpacked beside it and switched to, and the live folder is never written in place.
 *
 * A release is unpacked into a hidden staging directory and renamed into releases/ complete; the switch is
 * one rename(2) of current.tmp over current, which the kernel does atomically, so a deploy that stops at any
 * point leaves the previous release served in full. Staging left by a deploy that failed (a full disk) or was
 * killed is removed by the next one before it unpacks. Deploying a version that is already there checks every
 * file against the manifest's sha256 and repairs what differs, one atomic rename per file. The last N
 * releases are kept (default 5), and always the live one and the one live before it.
 *
 * A folder under releases/ whose manifest differs from the release's is never replaced: the release goes beside it
 * (releases/<version>-<hash12>/), or, when that name is taken too, the deploy stops and says which folders to check.
 * A write the file system refuses (a full disk, a quota, permissions, a read-only mount) is reported in Chinese
 * with what to do (fs-errors.ts); the previous release stays live and nothing half-written is left.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RELEASE_FILES } from './create-release';
import { acquireDirLock } from './dir-lock';
import { explainWriteError, writeErrorCode } from './fs-errors';
import type { LoadedRelease } from './load-release';
import { assertSafeVersion, isSafeVersion } from './manifest';
import { parseSwitches, plainRollbackTarget, withDeploy, withSwitch, type LiveSwitch } from './rollback-order';
import { listSiteFiles, sha256Hex } from './site-files';

/** Releases kept by default. */
export const DEFAULT_KEEP = 5;

/** A deploy or rollback to a directory failed; the message says what is live and what to do. */
export class DirDeployError extends Error {
  override name = 'DirDeployError';
}

/** What a directory deploy or rollback did. */
export interface DirDeployReport {
  version: string;
  /** The version live before. */
  from: string | null;
  /** The release's directory (releases/<entry>). */
  releaseDir: string;
  /** True when the release was already unpacked and only switched to. */
  reused: boolean;
  /** Release directories removed by pruning. */
  removed: string[];
  /** Files of an already unpacked release that differed from the manifest (or were missing or extra) and were repaired. */
  repaired: string[];
  /** True when <root>/headers.nginx.conf was written with other directives than before: nginx must be reloaded. */
  nginxIncludeChanged: boolean;
  /** Milliseconds the deploy took. */
  ms: number;
}

/** Options of {@link deployToDirectory}. */
export interface DirDeployOptions {
  /** Releases to keep, the live one included (default 5). */
  keep?: number;
  log?: (message: string) => void;
  /** Called after unpacking, right before the switch; tests use it to stop a deploy there. */
  beforeSwitch?: () => void | Promise<void>;
  /** Writes one file of the release; tests inject a full disk here. Default: writeFileSync. */
  writeFile?: (file: string, data: Buffer) => void;
}

const paths = (root: string) => ({
  releases: join(root, 'releases'),
  current: join(root, 'current'),
  currentTmp: join(root, 'current.tmp'),
  history: join(root, 'history.json'),
  nginx: join(root, RELEASE_FILES.nginx),
});

const ENTRY_WITH_HASH = /^(.+)-([0-9a-f]{12})$/;

/** True for a directory name under releases/ that a deploy makes: a safe version, or `<safe version>-<12 hex>`. */
export function isSafeEntry(entry: unknown): entry is string {
  if (isSafeVersion(entry)) return true;
  const m = typeof entry === 'string' ? ENTRY_WITH_HASH.exec(entry) : null;
  return !!m && isSafeVersion(m[1]);
}

/** The entry of a release whose version directory is taken by another release: `<version>-<12 hex of the manifest's sha256>`. */
export function hashedEntry(version: string, manifestBytes: Buffer): string {
  return `${version}-${sha256Hex(manifestBytes).slice(0, 12)}`;
}

/**
 * The version of the release in releases/<entry>: its manifest's version; when the manifest cannot be read
 * (pruned or damaged), the entry without its hash suffix.
 */
export function entryVersion(root: string, entry: string): string {
  try {
    const version = (JSON.parse(readFileSync(join(paths(root).releases, entry, RELEASE_FILES.manifest), 'utf8')) as { version?: unknown }).version;
    if (isSafeVersion(version)) return version;
  } catch {
    // Fall back to the name.
  }
  return ENTRY_WITH_HASH.exec(entry)?.[1] ?? entry;
}

/** The live version (read from the live release's manifest), or null when nothing is live. */
export function liveVersion(root: string): string | null {
  const entry = liveEntry(root);
  return entry === null ? null : entryVersion(root, entry);
}

/** The entry (directory name under releases/) current points to, or null. */
export function liveEntry(root: string): string | null {
  const { current } = paths(root);
  try {
    if (!lstatSync(current).isSymbolicLink()) {
      throw new DirDeployError(`${current} 是普通目录而不是符号链接，无法原子切换。\n  请把其中的内容移走（如移到 releases/ 下），删除 ${current} 后重新部署。`);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const entry = basename(readlinkSync(current));
  if (!isSafeEntry(entry)) throw new DirDeployError(`${current} 指向 ${readlinkSync(current)}，不是本工具部署的版本目录。\n  请检查 ${current} 是否被手工改动过。`);
  return entry;
}

/** <root>/history.json: the deploy order and the log of switches (see rollback-order.ts). */
export interface DeployRecord {
  /** Entries (directory names under releases/) in deploy order, oldest first, each once; the live one is among them. */
  history: string[];
  /** Each change of the live entry, oldest first. */
  switches: LiveSwitch[];
}

/**
 * Reads <root>/history.json. The current link is the truth: a live entry the record does not end its switches
 * with (a deploy stopped between the switch and writing the record, or a record written before switches were
 * logged, when the live entry was always last) is taken as deployed last.
 */
export function readDeployRecord(root: string): DeployRecord {
  const { history } = paths(root);
  let list: string[] = [];
  let switches: LiveSwitch[] = [];
  if (existsSync(history)) {
    try {
      const data = JSON.parse(readFileSync(history, 'utf8')) as { history?: unknown[]; switches?: unknown };
      list = (Array.isArray(data.history) ? data.history : []).filter(isSafeEntry);
      switches = parseSwitches(data.switches, isSafeEntry);
    } catch {
      list = [];
    }
  }
  const live = liveEntry(root);
  const recorded = live !== null && list.includes(live) && switches.at(-1)?.to === live;
  if (live && !recorded && list.at(-1) !== live) list = [...list.filter((v) => v !== live), live];
  return { history: list, switches };
}

/** Entries deployed (directory names under releases/), in deploy order, oldest first; rollbacks leave it unchanged. */
export function readHistory(root: string): string[] {
  return readDeployRecord(root).history;
}

function writeDeployRecord(root: string, record: DeployRecord): void {
  writeAtomically(paths(root).history, `${JSON.stringify(record, null, 2)}\n`);
}

/** Writes file through a temporary file and a rename; the temporary file is removed when anything fails (a full disk). */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Runs work holding <root>/.deploy.lock, so two deploys never interleave; a lock of a dead process is taken over,
 * and temporary lock files that killed processes left are removed (and logged).
 */
async function withLock<T>(root: string, action: string, log: (message: string) => void, work: (assertHeld: () => void) => Promise<T>): Promise<T> {
  let lock;
  try {
    lock = acquireDirLock(root, action);
  } catch (e) {
    if (e instanceof Error && e.name === 'DeployLockError') throw new DirDeployError(e.message);
    throw e;
  }
  if (lock.removedLeftovers.length) log(`已清理被中断的部署留下的临时锁文件：${lock.removedLeftovers.join('、')}。`);
  try {
    return await work(() => {
      try {
        lock.assertHeld();
      } catch (e) {
        throw new DirDeployError((e as Error).message);
      }
    });
  } finally {
    lock.release();
  }
}

/** Removes what a failed or killed deploy left: staging directories and temporary files (called holding the lock). */
function removeLeftovers(root: string, log: (message: string) => void): void {
  const p = paths(root);
  const left: string[] = [];
  for (const entry of readdirSync(p.releases)) {
    if (entry.startsWith('.staging-') || entry.startsWith('.old-')) {
      rmSync(join(p.releases, entry), { recursive: true, force: true });
      left.push(`releases/${entry}`);
    }
  }
  for (const entry of readdirSync(root)) {
    if (/^(history\.json|headers\.nginx\.conf)\.tmp-\d+$/.test(entry) || entry === 'current.tmp') {
      rmSync(join(root, entry), { recursive: true, force: true });
      left.push(entry);
    }
  }
  if (left.length) log(`已清理上次中断的部署留下的 ${left.length} 项：${left.slice(0, 5).join('、')}${left.length > 5 ? ' 等' : ''}。`);
}

/** How far a deploy or rollback got, for the message when a write fails. */
interface Progress {
  /** True once current points at the new entry. */
  switched: boolean;
  /** What was cleaned up after the failure, one sentence ending in 。. */
  cleanup?: string;
}

/**
 * Turns a write the file system refused (see fs-errors.ts) into a {@link DirDeployError} naming the root, what is
 * live, the old release folders that could be deleted and what to do; any other error is returned as it is.
 */
function writeFailure(e: unknown, root: string, action: string, progress: Progress, afterSwitch: string): unknown {
  if (e instanceof DirDeployError || !writeErrorCode(e)) return e;
  let live: string | null = null;
  let liveVersionNow: string | null = null;
  let removable: string[] = [];
  try {
    live = liveEntry(root);
    liveVersionNow = live === null ? null : entryVersion(root, live);
    const order = readHistory(root);
    const folders = readdirSync(paths(root).releases).filter((d) => isSafeEntry(d) && d !== live);
    removable = [...order.filter((d) => folders.includes(d)), ...folders.filter((d) => !order.includes(d))].map((d) => join(paths(root).releases, d));
  } catch {
    // Whatever cannot be read is left out of the message.
  }
  const liveState = progress.switched
    ? afterSwitch
    : liveVersionNow
      ? `线上版本没有改变，仍是 ${liveVersionNow}${live !== liveVersionNow ? `（releases/${live}）` : ''}。`
      : `${root} 上还没有线上版本（没有 current），没有切换任何东西。`;
  const message = explainWriteError(e, { root, action, liveState, cleanup: progress.cleanup, removable, keepOption: true });
  return message ? new DirDeployError(message) : e;
}

/**
 * Unpacks the release into a fresh staging directory and renames it to target; removes the staging on failure
 * (then a refused write is rethrown as it is, for {@link writeFailure}, with `progress.cleanup` saying so).
 */
function unpack(root: string, release: LoadedRelease, target: string, write: (file: string, data: Buffer) => void, progress: Progress): void {
  const p = paths(root);
  const staging = join(p.releases, `.staging-${release.manifest.version}-${process.pid}`);
  let writing = staging;
  try {
    for (const [path, data] of release.files) {
      writing = join(staging, RELEASE_FILES.site, path);
      mkdirSync(dirname(writing), { recursive: true });
      write(writing, data);
    }
    for (const [path, data] of release.extras) {
      writing = join(staging, path);
      mkdirSync(dirname(writing), { recursive: true });
      write(writing, data);
    }
    writing = target;
    renameSync(staging, target);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    progress.cleanup = `已删除未完成的解包目录 ${staging}。`;
    if (writeErrorCode(e)) {
      // A failed write(2) names no file: say which one it was.
      (e as NodeJS.ErrnoException).path ??= writing;
      throw e;
    }
    throw new DirDeployError(
      `解包 ${release.manifest.version} 到 ${staging} 时失败：${(e as Error).message}。已删除未完成的解包目录，线上版本没有改变。\n  请检查 ${root} 所在的磁盘后重新运行同一条命令。`,
    );
  }
}

/**
 * Checks every file of an unpacked release against the manifest (sha256) and repairs what differs: a missing
 * or changed file is rewritten (temporary file and rename, so a reader never sees half a file) and a file the
 * manifest does not list is removed. Returns the paths repaired, relative to the release directory.
 */
function verifyAndRepair(target: string, release: LoadedRelease): string[] {
  const repaired: string[] = [];
  const expected = new Map<string, Buffer>();
  for (const [path, data] of release.files) expected.set(`${RELEASE_FILES.site}/${path}`, data);
  for (const [path, data] of release.extras) expected.set(path, data);
  for (const [path, data] of expected) {
    const file = join(target, path);
    let same = false;
    try {
      same = lstatSync(file).isFile() && sha256Hex(readFileSync(file)) === sha256Hex(data);
    } catch {
      same = false;
    }
    if (same) continue;
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file) && !lstatSync(file).isFile()) rmSync(file, { recursive: true, force: true });
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, data);
      renameSync(tmp, file);
    } catch (e) {
      // Never leave a temporary file in a web root that is served.
      rmSync(tmp, { force: true });
      throw e;
    }
    repaired.push(path);
  }
  for (const path of listSiteFiles(target)) {
    if (expected.has(path)) continue;
    rmSync(join(target, path), { force: true });
    repaired.push(path);
  }
  return repaired.sort();
}

/**
 * Writes the release's nginx include to <root>/headers.nginx.conf, the path the nginx recipe includes, when its
 * directives differ from what is there (comments do not count). Says whether it was new, changed or the same.
 */
function updateNginxInclude(root: string, release: LoadedRelease): 'new' | 'changed' | 'same' {
  const text = release.extras.get(RELEASE_FILES.nginx);
  if (!text) return 'same';
  const { nginx } = paths(root);
  const directives = (t: string) => t.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).join('\n');
  const before = existsSync(nginx) ? readFileSync(nginx, 'utf8') : undefined;
  if (before !== undefined && directives(before) === directives(text.toString('utf8'))) return 'same';
  writeAtomically(nginx, text.toString('utf8'));
  return before === undefined ? 'new' : 'changed';
}

/** Points current at releases/<entry> with one atomic rename. */
function switchTo(root: string, entry: string): void {
  const p = paths(root);
  rmSync(p.currentTmp, { force: true });
  symlinkSync(join('releases', entry), p.currentTmp);
  renameSync(p.currentTmp, p.current);
}

/**
 * Removes release directories beyond the newest `keep` in the deploy order and stale staging; never the live one
 * nor `also` (the one a plain rollback would return to).
 */
function prune(root: string, history: string[], keep: number, also: (string | null | undefined)[]): string[] {
  const p = paths(root);
  const live = liveEntry(root);
  const kept = new Set([...history.slice(-Math.max(1, keep)), ...(live ? [live] : []), ...also.filter((e): e is string => !!e)]);
  const removed: string[] = [];
  for (const entry of readdirSync(p.releases, { withFileTypes: true })) {
    if (!entry.isDirectory() || kept.has(entry.name)) continue;
    rmSync(join(p.releases, entry.name), { recursive: true, force: true });
    if (!entry.name.startsWith('.')) removed.push(entry.name);
  }
  return removed.sort();
}

/**
 * Which directory under releases/ a release goes to: the one of its version or `<version>-<hash12>` that holds
 * the same manifest bytes (then it is reused and checked), else the first of the two that is free, else one of
 * the two that is not live and has no manifest.json at all (a damaged copy, replaced). A folder holding another
 * manifest is another release and is never replaced, live or not: a re-release of a version (`release --force`)
 * gets `<version>-<hash12>` beside it, and when that name holds another manifest too, the deploy stops with a
 * {@link DirDeployError} saying which folders to check.
 */
function chooseEntry(root: string, version: string, manifestBytes: Buffer, liveNow: string | null): { entry: string; same: boolean } {
  const { releases } = paths(root);
  const hash = sha256Hex(manifestBytes);
  const candidates = [version, hashedEntry(version, manifestBytes)];
  const holds = (entry: string) => {
    const file = join(releases, entry, RELEASE_FILES.manifest);
    try {
      return lstatSync(file).isFile() && sha256Hex(readFileSync(file)) === hash;
    } catch {
      return false;
    }
  };
  const exists = (entry: string) => {
    try {
      lstatSync(join(releases, entry));
      return true;
    } catch {
      return false;
    }
  };
  const hasManifest = (entry: string) => {
    try {
      lstatSync(join(releases, entry, RELEASE_FILES.manifest));
      return true;
    } catch {
      return false;
    }
  };
  const same = candidates.find((c) => exists(c) && holds(c));
  if (same) return { entry: same, same: true };
  const free = candidates.find((c) => !exists(c));
  if (free) return { entry: free, same: false };
  // Both taken: only a folder without any manifest (not a whole release) may be replaced, and never the live one.
  const damaged = [...candidates].reverse().find((c) => c !== liveNow && !hasManifest(c));
  if (damaged) return { entry: damaged, same: false };
  const live = liveNow === null ? '（尚无线上版本）' : `${entryVersion(root, liveNow)}${liveNow !== entryVersion(root, liveNow) ? `（releases/${liveNow}）` : ''}`;
  throw new DirDeployError(
    `${root} 的 releases/${candidates[0]} 和 releases/${candidates[1]} 都已存在，里面是版本 ${version} 的其他发布（manifest.json 与本次发布包的不同）。为免覆盖另一次发布，本次没有部署，线上仍是 ${live}。` +
      `\n  请比较这两个目录中的 manifest.json 与发布目录中的，删除确认不再需要的那个（不要删除 current 指向的线上版本），然后重新运行同一条命令。`,
  );
}

/**
 * Unpacks the release (unless already there, then checks and repairs it) and switches current to it. A release
 * is told by its manifest's hash: a re-release of a version (`release --force`) whose directory is taken, live or
 * not, is unpacked into releases/<version>-<hash12>/ and switched to; the live folder is never written in place.
 * Throws {@link DirDeployError} in Chinese when another deploy holds the lock or the disk is full; the previous
 * release stays live in every case.
 */
export async function deployToDirectory(root: string, release: LoadedRelease, options: DirDeployOptions = {}): Promise<DirDeployReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { version } = release.manifest;
  try {
    assertSafeVersion(version, '要部署的发布清单');
  } catch (e) {
    throw new DirDeployError((e as Error).message);
  }
  const manifestBytes = release.extras.get(RELEASE_FILES.manifest);
  if (!manifestBytes) {
    throw new DirDeployError(`发布包 ${release.tarball} 中没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包，没有部署。\n  请重新运行 npm run release 生成发布包。`);
  }
  const progress: Progress = { switched: false };
  try {
    return await withLock(root, `部署 ${version}`, log, (assertHeld) => deployHoldingLock(root, release, manifestBytes, options, log, started, assertHeld, progress));
  } catch (e) {
    throw writeFailure(e, root, `部署 ${version} 到 ${root}`, progress, `已切换到 ${version}，线上是完整的新版本；但之后写入部署记录 history.json 或清理旧版本时失败，回滚记录可能不全。`);
  }
}

/** The deploy itself, run holding the lock (see {@link deployToDirectory}); `progress` says how far it got. */
async function deployHoldingLock(
  root: string,
  release: LoadedRelease,
  manifestBytes: Buffer,
  options: DirDeployOptions,
  log: (message: string) => void,
  started: number,
  assertHeld: () => void,
  progress: Progress,
): Promise<DirDeployReport> {
  const { version } = release.manifest;
  const p = paths(root);
  mkdirSync(p.releases, { recursive: true });
  removeLeftovers(root, log);
  const fromEntry = liveEntry(root);
  const from = fromEntry === null ? null : entryVersion(root, fromEntry);
  const { entry, same } = chooseEntry(root, version, manifestBytes, fromEntry);
  const target = join(p.releases, entry);
  let reused = false;
  let repaired: string[] = [];
  if (same) {
    reused = true;
    if (entry === fromEntry) progress.cleanup = '核对的是线上版本：已修复的文件已整体替换为发布包中的内容，其余文件没有改动。';
    repaired = verifyAndRepair(target, release);
    if (repaired.length) log(`releases/${entry} 中有 ${repaired.length} 个文件与清单不符，已按发布包修复：${repaired.slice(0, 5).join('、')}${repaired.length > 5 ? ' 等' : ''}。`);
  } else {
    if (entry !== version) {
      log(
        `releases/${version} 中是版本 ${version} 的另一次发布（清单的 sha256 不同，可能用 release --force 重新生成过）${fromEntry === version ? '，正在提供服务' : ''}；本次发布解包到 releases/${entry}/，不改动原目录。`,
      );
    }
    if (existsSync(target)) {
      // Not live and without a manifest (chooseEntry never picks another): a damaged copy, not a whole release.
      log(`releases/${entry} 中没有发布清单（不完整或已损坏），它不在线上，重新解包。`);
      const old = join(p.releases, `.old-${entry}-${process.pid}`);
      renameSync(target, old);
      rmSync(old, { recursive: true, force: true });
    }
    unpack(root, release, target, options.writeFile ?? ((file, data) => writeFileSync(file, data)), progress);
  }
  await options.beforeSwitch?.();
  assertHeld();
  const include = updateNginxInclude(root, release);
  const record = readDeployRecord(root);
  switchTo(root, entry);
  progress.switched = true;
  const history = withDeploy(record.history, entry);
  const switches = withSwitch(record.switches, { at: new Date().toISOString(), from: fromEntry, to: entry, by: 'deploy' });
  writeDeployRecord(root, { history, switches });
  const removed = prune(root, history, options.keep ?? DEFAULT_KEEP, [plainRollbackTarget(history, entry, switches)]);
  const shown = entry === version ? version : `${version}（releases/${entry}）`;
  log(`已切换到 ${shown}${from ? `（原为 ${from}${fromEntry !== from ? `，releases/${fromEntry}` : ''}）` : ''}${removed.length ? `，清理旧版本 ${removed.join('、')}` : ''}。`);
  if (include !== 'same') log(nginxIncludeMessage(root, include));
  return { version, from, releaseDir: target, reused, removed, repaired, nginxIncludeChanged: include === 'changed', ms: performance.now() - started };
}

/** What to tell the operator after <root>/headers.nginx.conf was first written or changed. */
function nginxIncludeMessage(root: string, include: 'new' | 'changed'): string {
  const { nginx } = paths(root);
  if (include === 'new') {
    return `已写出 nginx 配置片段 ${nginx}。首次使用请在 nginx 的 server {} 中写 root ${join(root, 'current', 'site')}; 和 include ${nginx};，然后运行 sudo nginx -t && sudo systemctl reload nginx（或 sudo nginx -s reload）。以后的部署不需要再 reload。`;
  }
  return `注意：本版本的 nginx 响应头配置与之前不同，已更新 ${nginx}。nginx 只在启动和 reload 时读取它，现在仍按旧配置发送响应头。\n  请立即运行 sudo nginx -t && sudo systemctl reload nginx（或 sudo nginx -s reload）。`;
}

/**
 * Switches current back (see rollback-order.ts): right after a deploy, to the entry live before it; otherwise to
 * the entry deployed before the live one; with `to`, to the newest entry of that version (or the folder
 * releases/<to> when the history has lost it). The deploy order is kept as it is and the switch is logged, so a
 * plain rollback after `--to` goes on back in the deploy order. Throws {@link DirDeployError} in Chinese when
 * there is nothing to return to or its directory was pruned.
 */
export async function rollbackDirectory(root: string, options: { to?: string; log?: (message: string) => void } = {}): Promise<DirDeployReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  if (options.to !== undefined) {
    try {
      assertSafeVersion(options.to, '--to');
    } catch (e) {
      throw new DirDeployError((e as Error).message);
    }
  }
  const progress: Progress = { switched: false };
  try {
    return await withLock(root, `回滚${options.to ? `到 ${options.to}` : ''}`, log, async (assertHeld) => {
      const p = paths(root);
      const fromEntry = liveEntry(root);
      if (!fromEntry) throw new DirDeployError(`${root} 还没有部署过任何版本（没有 current），无从回滚。`);
      const record = readDeployRecord(root);
      const { history } = record;
      const from = entryVersion(root, fromEntry);
      // A --to not in the history (history.json lost) may still be unpacked under its own name.
      const entry = options.to
        ? (history.findLast((e) => e === options.to || entryVersion(root, e) === options.to) ?? options.to)
        : plainRollbackTarget(history, fromEntry, record.switches);
      if (!entry) {
        throw new DirDeployError(
          `线上版本 ${from} 之前没有部署过其他版本，无从回滚（${root} 的部署顺序中它是最早的）。线上仍是 ${from}。\n  要换成某个版本，请运行 npm run rollback -- --target dir --dir ${root} --to <版本号>。`,
        );
      }
      const version = entryVersion(root, entry);
      const target = join(p.releases, entry);
      if (!existsSync(join(target, RELEASE_FILES.site))) {
        throw new DirDeployError(`版本 ${version} 的目录 ${target} 已不存在（只保留最近的几个版本）。线上仍是 ${from}。\n  请用 npm run deploy -- --target dir --dir ${root} --version ${version} 从发布包重新部署它。`);
      }
      assertHeld();
      switchTo(root, entry);
      progress.switched = true;
      const switches = withSwitch(record.switches, { at: new Date().toISOString(), from: fromEntry, to: entry, by: 'rollback' });
      writeDeployRecord(root, { history: history.includes(entry) ? history : [...history, entry], switches });
      log(`已回滚到 ${version}${entry !== version ? `（releases/${entry}）` : ''}（原为 ${from}）。`);
      return { version, from, releaseDir: target, reused: true, removed: [], repaired: [], nginxIncludeChanged: false, ms: performance.now() - started };
    });
  } catch (e) {
    throw writeFailure(e, root, `回滚 ${root}`, progress, '已回滚，current 已指向要回到的版本；但写入部署记录 history.json 失败，下一次回滚可能回不到预期的版本。');
  }
}
