/**
 * Opens a release made by `npm run release` for deploying: its manifest and the site's files from its archive,
 * each checked against the manifest's sha256, so a deploy ships exactly what was verified.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RELEASE_FILES, tarballName } from './create-release';
import { readManifest, type ReleaseManifest } from './manifest';
import { findPreviousManifest } from './notes';
import { sha256Hex } from './site-files';
import { readTarGz } from './tarball';

/** A release ready to deploy. */
export interface LoadedRelease {
  manifest: ReleaseManifest;
  /** Site files by path relative to the web root. */
  files: Map<string, Buffer>;
  /** The archive it came from. */
  tarball: string;
  /** The release's own files beside the site (manifest.json, headers.nginx.conf, RELEASE-NOTES.md). */
  extras: Map<string, Buffer>;
}

/** The archive inside a release directory. */
export function findTarball(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const manifestFile = join(dir, RELEASE_FILES.manifest);
  if (existsSync(manifestFile)) {
    const m = readManifest(manifestFile);
    const named = join(dir, tarballName(m.name, m.version));
    if (existsSync(named)) return named;
  }
  const any = readdirSync(dir).find((f) => f.endsWith('.tar.gz'));
  return any ? join(dir, any) : undefined;
}

/** The release directory to deploy: the given version, or the newest release by build time. */
export function resolveReleaseDir(releaseRoot: string, version?: string): string {
  if (version) {
    const dir = join(releaseRoot, version);
    if (!existsSync(join(dir, RELEASE_FILES.manifest))) {
      throw new Error(`找不到版本 ${version} 的发布（${dir}/manifest.json 不存在）。\n  请先运行 npm run release -- --version ${version}，或从制品库下载该版本的发布目录放到 ${releaseRoot}/。`);
    }
    return dir;
  }
  const newest = findPreviousManifest(releaseRoot);
  if (!newest) throw new Error(`${releaseRoot}/ 中没有任何发布。请先运行 npm run release。`);
  return dirname(newest);
}

/**
 * Throws a Chinese message unless the release folder is named after its manifest's version (release/<version>/,
 * as `npm run release` writes it). A folder `evil/` whose manifest says 1.0.0 is a renamed or mixed-up copy: a
 * deploy of it would go live as 1.0.0 under a name the operator did not choose, so it is refused before any
 * deploy target is touched.
 */
export function assertFolderMatchesVersion(dir: string, manifest: ReleaseManifest): void {
  const name = basename(resolve(dir));
  if (name === manifest.version) return;
  throw new Error(
    `发布目录 ${dir} 的名字是 ${name}，但其中的 ${RELEASE_FILES.manifest} 说它是版本 ${manifest.version}：两者不一致，没有部署，部署目标没有任何改动。` +
      `\n  目录可能被改名或复制错了。请确认它是哪个版本：是 ${manifest.version} 就把目录改回 ${join(dirname(dir), manifest.version)}，` +
      `否则用 npm run release -- --version ${name} 重新生成；然后重新运行同一条命令。`,
  );
}

/**
 * Reads a release directory; throws in Chinese when the folder's name is not its manifest's version, or the
 * archive is missing or does not match the manifest.
 */
export async function loadRelease(dir: string): Promise<LoadedRelease> {
  const manifest = readManifest(join(dir, RELEASE_FILES.manifest));
  assertFolderMatchesVersion(dir, manifest);
  const tarball = findTarball(dir);
  if (!tarball) throw new Error(`发布目录 ${dir} 中没有 .tar.gz 发布包。请重新运行 npm run release -- --version ${manifest.version} --force。`);
  const files = new Map<string, Buffer>();
  const extras = new Map<string, Buffer>();
  const prefix = `${RELEASE_FILES.site}/`;
  for (const entry of await readTarGz(tarball)) {
    if (entry.path.startsWith(prefix)) files.set(entry.path.slice(prefix.length), entry.data);
    else extras.set(entry.path, entry.data);
  }
  const broken: string[] = [];
  for (const f of manifest.files) {
    const data = files.get(f.path);
    if (!data || sha256Hex(data) !== f.sha256) broken.push(f.path);
  }
  if (broken.length || files.size !== manifest.files.length) {
    throw new Error(
      `发布包 ${tarball} 与清单不一致（${broken.length} 个文件缺失或内容不同，例如 ${broken.slice(0, 3).join('、') || '（多出的文件）'}）。` +
        `\n  发布包可能已损坏或被改动，请重新运行 npm run release -- --version ${manifest.version} --force。`,
    );
  }
  return { manifest, files, tarball, extras };
}
