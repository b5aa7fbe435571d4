/**
 * Deploys a release to a directory on an origin server:
 *
 *   <root>/releases/<version>/site/          the web root of each release (nginx: root <root>/current/site)
 *   <root>/releases/<version>/headers.nginx.conf, manifest.json, RELEASE-NOTES.md
 *   <root>/current -> releases/<version>     the live release, switched by renaming a new symlink over it
 *   <root>/history.json                      versions deployed, oldest first, for rollbacks
 *
 * A release is unpacked into a hidden staging directory and renamed into releases/ complete; the switch is
 * one rename(2) of current.tmp over current, which the kernel does atomically, so a deploy that stops at any
 * point leaves the previous release served in full. The last N releases are kept (default 5).
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RELEASE_FILES } from './create-release';
import type { LoadedRelease } from './load-release';
import { sha256Hex } from './site-files';

/** Releases kept by default. */
export const DEFAULT_KEEP = 5;

/** A deploy or rollback to a directory failed; the message says what is live and what to do. */
export class DirDeployError extends Error {
  override name = 'DirDeployError';
}

/** What a directory deploy or rollback did. */
export interface DirDeployReport {
  version: string;
  from: string | null;
  /** The release's directory. */
  releaseDir: string;
  /** True when the release was already unpacked and only switched to. */
  reused: boolean;
  /** Release directories removed by pruning. */
  removed: string[];
  ms: number;
}

/** Options of {@link deployToDirectory}. */
export interface DirDeployOptions {
  /** Releases to keep, the live one included (default 5). */
  keep?: number;
  log?: (message: string) => void;
  /** Called after unpacking, right before the switch; tests use it to stop a deploy there. */
  beforeSwitch?: () => void | Promise<void>;
}

const paths = (root: string) => ({
  releases: join(root, 'releases'),
  current: join(root, 'current'),
  currentTmp: join(root, 'current.tmp'),
  history: join(root, 'history.json'),
  lock: join(root, '.deploy.lock'),
});

/** The live version: the name of the directory current points to, or null. */
export function liveVersion(root: string): string | null {
  const { current } = paths(root);
  try {
    if (!lstatSync(current).isSymbolicLink()) {
      throw new DirDeployError(`${current} 是普通目录而不是符号链接，无法原子切换。\n  请把其中的内容移走（如移到 releases/ 下），删除 ${current} 后重新部署。`);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return basename(readlinkSync(current));
}

/** Versions deployed, oldest first, ending with the live one. */
export function readHistory(root: string): string[] {
  const { history } = paths(root);
  let list: string[] = [];
  if (existsSync(history)) {
    try {
      list = (JSON.parse(readFileSync(history, 'utf8')) as { history?: string[] }).history ?? [];
    } catch {
      list = [];
    }
  }
  // A deploy that stopped between the switch and writing the history: the link is the truth.
  const live = liveVersion(root);
  if (live && list.at(-1) !== live) list = [...list.filter((v) => v !== live), live];
  return list;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A killed process whose parent has not reaped it yet is a zombie (state Z): it holds nothing.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (not Linux): signal 0 succeeded, so take it as running.
    return true;
  }
}

/** Runs work holding <root>/.deploy.lock, so two deploys never interleave; a lock of a dead process is taken over. */
async function withLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  const { lock } = paths(root);
  mkdirSync(root, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (pid && processAlive(pid)) {
        throw new DirDeployError(`另一个部署正在进行（进程 ${pid} 持有 ${lock}）。请等它结束后再运行；如确认没有部署在运行，删除该文件即可。`);
      }
      rmSync(lock, { force: true });
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Points current at releases/<version> with one atomic rename. */
function switchTo(root: string, version: string): void {
  const p = paths(root);
  rmSync(p.currentTmp, { force: true });
  symlinkSync(join('releases', version), p.currentTmp);
  renameSync(p.currentTmp, p.current);
}

/** Removes release directories beyond the newest `keep` in the history (never the live one) and stale staging. */
function prune(root: string, history: string[], keep: number): string[] {
  const p = paths(root);
  const live = liveVersion(root);
  const kept = new Set([...history.slice(-Math.max(1, keep)), ...(live ? [live] : [])]);
  const removed: string[] = [];
  for (const entry of readdirSync(p.releases, { withFileTypes: true })) {
    if (!entry.isDirectory() || kept.has(entry.name)) continue;
    rmSync(join(p.releases, entry.name), { recursive: true, force: true });
    if (!entry.name.startsWith('.')) removed.push(entry.name);
  }
  return removed.sort();
}

/** Unpacks the release (unless already there) and switches current to it. */
export async function deployToDirectory(root: string, release: LoadedRelease, options: DirDeployOptions = {}): Promise<DirDeployReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { version } = release.manifest;
  return withLock(root, async () => {
    const p = paths(root);
    mkdirSync(p.releases, { recursive: true });
    const from = liveVersion(root);
    const target = join(p.releases, version);
    const manifestText = release.extras.get(RELEASE_FILES.manifest);
    let reused = false;
    if (existsSync(target)) {
      const there = join(target, RELEASE_FILES.manifest);
      const same = existsSync(there) && manifestText && sha256Hex(readFileSync(there)) === sha256Hex(manifestText);
      if (!same) {
        if (from === version) {
          throw new DirDeployError(`线上版本 ${version} 的目录与要部署的发布包内容不同，不能原地覆盖正在提供服务的目录。\n  请用新的版本号重新发布（npm run release -- --version <新版本号>）后部署。`);
        }
        log(`releases/${version} 与发布包不一致（可能是上次中断留下的），重新解包。`);
        rmSync(target, { recursive: true, force: true });
      } else {
        reused = true;
      }
    }
    if (!reused) {
      const staging = join(p.releases, `.staging-${version}-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      for (const [path, data] of release.files) {
        const file = join(staging, RELEASE_FILES.site, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data);
      }
      for (const [path, data] of release.extras) {
        mkdirSync(dirname(join(staging, path)), { recursive: true });
        writeFileSync(join(staging, path), data);
      }
      renameSync(staging, target);
    }
    await options.beforeSwitch?.();
    switchTo(root, version);
    const history = [...readHistory(root).filter((v) => v !== version), version];
    writeAtomically(p.history, `${JSON.stringify({ history }, null, 2)}\n`);
    const removed = prune(root, history, options.keep ?? DEFAULT_KEEP);
    log(`已切换到 ${version}${from ? `（原为 ${from}）` : ''}${removed.length ? `，清理旧版本 ${removed.join('、')}` : ''}。`);
    return { version, from, releaseDir: target, reused, removed, ms: performance.now() - started };
  });
}

/** Switches current back to the release before it in the history (or to `to`). */
export async function rollbackDirectory(root: string, options: { to?: string; log?: (message: string) => void } = {}): Promise<DirDeployReport> {
  const started = performance.now();
  return withLock(root, async () => {
    const p = paths(root);
    const from = liveVersion(root);
    const history = readHistory(root);
    if (!from) throw new DirDeployError(`${root} 还没有部署过任何版本（没有 current），无从回滚。`);
    const index = options.to ? history.lastIndexOf(options.to) : history.length - 2;
    const version = options.to ?? history[index];
    if (!version) {
      throw new DirDeployError(`线上版本 ${from} 之前没有部署过其他版本，无从回滚。\n  要换成某个旧版本，请运行 npm run rollback -- --target dir --to <版本号>。`);
    }
    const target = join(p.releases, version);
    if (!existsSync(join(target, RELEASE_FILES.site))) {
      throw new DirDeployError(`版本 ${version} 的目录 ${target} 已不存在（只保留最近的几个版本）。线上仍是 ${from}。\n  请用 npm run deploy -- --target dir --version ${version} 从发布包重新部署它。`);
    }
    switchTo(root, version);
    const next = index >= 0 ? history.slice(0, index + 1) : [...history, version];
    writeAtomically(p.history, `${JSON.stringify({ history: next }, null, 2)}\n`);
    options.log?.(`已回滚到 ${version}（原为 ${from}）。`);
    return { version, from, releaseDir: target, reused: true, removed: [], ms: performance.now() - started };
  });
}
