/**
 * Rollback of an S3 deploy: which release a rollback returns to (the deploy order and switch log in the pointer,
 * see rollback-order.ts), and the switch back: one pointer write when that release's prefix is still whole in the
 * bucket, otherwise a deploy of it again from its archive (release/ on this machine, or the copy in the bucket).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_FILES, tarballName } from './create-release';
import { deployToS3, type S3DeployOptions, type S3DeployReport } from './deploy-s3';
import { explainWriteError } from './fs-errors';
import { loadRelease, resolveReleaseDir, type LoadedRelease } from './load-release';
import { assertSafeVersion, parseManifest } from './manifest';
import { plainRollbackTarget, withSwitch } from './rollback-order';
import { acquireS3Lock } from './s3-lock';
import { assertPointerUnchanged, DeployError, getManifest, readLiveState, releaseId, s3Keys, writePointer, type LivePointer, type ReleaseRef } from './s3-pointer';
import { listPrefix, type ObjectStore } from './s3-store';
import { sha256Hex } from './site-files';
import { readTarGz } from './tarball';

/**
 * Which release a rollback returns to (see rollback-order.ts): right after a deploy, the release live before it;
 * otherwise the one deployed before the live one; with `to`, the newest release of that version. The history
 * (deploy order) returned is the pointer's, unchanged: a rollback only switches, and is logged as a switch.
 */
export function rollbackTarget(pointer: LivePointer | undefined, to?: string): { ref: ReleaseRef; history: ReleaseRef[] } {
  if (!pointer) throw new DeployError(`对象存储中还没有部署过任何版本（没有 ${s3Keys.pointer}），无从回滚。`);
  // A pointer written before the deploy order was kept whole may not list the live release: it was deployed last.
  const history = pointer.history.some((r) => r.id === pointer.id) ? pointer.history : [...pointer.history, { id: pointer.id, version: pointer.version }];
  if (to) {
    const i = history.map((r) => r.version).lastIndexOf(to);
    if (i < 0) throw new DeployError(`线上记录里没有部署过版本 ${to}，无法回滚到它。线上仍是 ${pointer.version}。\n  要上线这个版本，请运行 npm run deploy -- --target s3 --version ${to}。`);
    return { ref: history[i]!, history };
  }
  const id = plainRollbackTarget(
    history.map((r) => r.id),
    pointer.id,
    pointer.switches ?? [],
  );
  const ref = history.find((r) => r.id === id);
  if (!ref) {
    throw new DeployError(
      `线上版本 ${pointer.version} 之前没有部署过其他版本，无从回滚（部署顺序中它是最早的）。线上仍是 ${pointer.version}。\n  要换成某个版本，请运行 npm run rollback -- --target s3 --to <版本号>。`,
    );
  }
  return { ref, history };
}

/**
 * Returns readers to the previous release (or the last one of version `to`). When its prefix is still whole in
 * the bucket, that is one pointer write; otherwise its files are uploaded again from its archive (in
 * releaseRoot, or the copy in the bucket) and then the pointer is written. The target is chosen from the pointer
 * as read first; when another deploy or rollback switched before this one holds the lock, it stops with a
 * DeployError and writes nothing (the directory target reads its records and decides holding its lock).
 */
export async function rollbackS3(store: ObjectStore, releaseRoot: string, options: S3DeployOptions & { to?: string } = {}): Promise<S3DeployReport> {
  const started = performance.now();
  if (options.to !== undefined) {
    try {
      assertSafeVersion(options.to, '--to');
    } catch (e) {
      throw new DeployError((e as Error).message);
    }
  }
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const live = await readLiveState(store);
  const target = rollbackTarget(live.pointer, options.to);
  const manifest = await getManifest(store, target.ref.id);
  if (manifest) {
    const lock = await acquireS3Lock(store, `回滚到 ${target.ref.id}`, { id: target.ref.id, breakLock: options.breakLock, now, log });
    try {
      const again = await readLiveState(store);
      // The target was chosen from the pointer read before the lock: another switch since then stops the rollback.
      assertPointerUnchanged(live.pointer!, again.pointer);
      const prefix = s3Keys.releasePrefix(target.ref.id);
      const listed = await listPrefix(store, prefix);
      const whole = manifest.files.every((f) => listed.get(s3Keys.file(target.ref.id, f.path))?.size === f.size);
      if (whole) {
        await lock.assertHeld();
        const bytes = await store.get(s3Keys.manifest(target.ref.id));
        const switches = withSwitch(again.pointer?.switches ?? [], { at: now().toISOString(), from: again.pointer?.id ?? null, to: target.ref.id, by: 'rollback' });
        await writePointer(store, { ...target.ref, manifestSha256: sha256Hex(bytes!), history: target.history, switches, switchedAt: now().toISOString() }, again.pointer?.version ?? null);
        log(`已回滚到 ${target.ref.version}（${target.ref.id}），原为 ${again.pointer?.version}；只改写了线上指针。`);
        return { version: target.ref.version, id: target.ref.id, from: again.pointer?.version ?? null, uploaded: [], copied: [], skipped: manifest.files.length, repaired: [], deleted: [], unchanged: false, ms: performance.now() - started };
      }
    } finally {
      await lock.release();
    }
  }
  let release: LoadedRelease;
  try {
    const local = join(releaseRoot, target.ref.version);
    const localId = existsSync(join(local, RELEASE_FILES.manifest)) ? releaseId(target.ref.version, readFileSync(join(local, RELEASE_FILES.manifest))) : undefined;
    if (localId !== target.ref.id) await fetchRelease(store, target.ref, releaseRoot, log);
    release = await loadRelease(resolveReleaseDir(releaseRoot, target.ref.version));
  } catch (e) {
    const refused = explainWriteError(e, {
      root: releaseRoot,
      action: `回滚 ${store.describe} 时把 ${target.ref.id} 的发布包下载到 ${releaseRoot}`,
      liveState: `线上没有任何改动，仍是 ${live.pointer?.version ?? '（尚无版本）'}。`,
    });
    throw new DeployError(refused ?? `无法回滚到 ${target.ref.version}：${(e as Error).message}\n  回滚需要该版本的发布包；线上没有任何改动。`);
  }
  return deployToS3(store, release, { ...options, history: target.history, switchBy: 'rollback', decidedOn: live.pointer });
}

/** Downloads a deployed release's archive from the store into releaseRoot/<version>/ (its manifest beside it). */
export async function fetchRelease(store: ObjectStore, ref: ReleaseRef, releaseRoot: string, log?: (message: string) => void): Promise<string> {
  const archive = await store.get(s3Keys.archive(ref.id));
  if (!archive) throw new Error(`本机 ${releaseRoot}/${ref.version}/ 中没有这次发布（${ref.id}），对象存储的 ${s3Keys.archive(ref.id)} 也不在了。`);
  const dir = join(releaseRoot, ref.version);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'archive.tar.gz');
  writeFileSync(file, archive);
  const manifest = (await readTarGz(file)).find((e) => e.path === RELEASE_FILES.manifest);
  if (!manifest) throw new Error(`对象存储中的 ${s3Keys.archive(ref.id)} 里没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包。`);
  const m = parseManifest(JSON.parse(manifest.data.toString('utf8')), s3Keys.archive(ref.id));
  renameSync(file, join(dir, tarballName(m.name, m.version)));
  writeFileSync(join(dir, RELEASE_FILES.manifest), manifest.data);
  log?.(`本机没有 ${ref.id} 的发布包，已从对象存储下载到 ${dir}。`);
  return dir;
}
