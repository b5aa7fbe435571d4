/**
 * Makes a release from a built site: verify, compute headers, manifest and notes, and write
 * release/<version>/ (manifest.json, _headers, headers.nginx.conf, RELEASE-NOTES.md and the .tar.gz) in one
 * rename, so a failed release leaves nothing behind.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, sortProblems, type Problem } from '../lib/problems';
import { CSP, HEADERS_FILE, headerRules, renderHeadersFile, renderNginxConf } from './headers';
import { buildManifest, manifestToJson, readManifest, type GitInfo, type ReleaseManifest } from './manifest';
import { findPreviousManifest, renderReleaseNotes } from './notes';
import { scanSite } from './scan';
import { writeTarGz, type TarEntry } from './tarball';
import { verifySite } from './verify';

/** A release stopped: every problem found, in Chinese, for the person running it. */
export class ReleaseError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(problems.length ? `${message}\n\n${sortProblems(problems).map(formatProblem).join('\n\n')}` : message);
    this.name = 'ReleaseError';
  }
}

/** Names inside a release directory and its archive. */
export const RELEASE_FILES = {
  manifest: 'manifest.json',
  headers: HEADERS_FILE,
  nginx: 'headers.nginx.conf',
  notes: 'RELEASE-NOTES.md',
  /** Directory of the site inside the archive (the web root). */
  site: 'site',
} as const;

/** The archive's file name for a version. */
export function tarballName(name: string, version: string): string {
  return `${name}-${version}.tar.gz`;
}

/** What {@link createRelease} needs. */
export interface ReleaseOptions {
  /** The built site (dist/). */
  siteDir: string;
  /** Where releases go (release/). */
  releaseRoot: string;
  name: string;
  version: string;
  packageVersion: string;
  git: GitInfo;
  siteOrigin?: string;
  /** Manifest to compare with for the notes; default: the newest in releaseRoot. */
  previousManifest?: string;
  /** Replace an existing release of the same version. */
  force?: boolean;
  /** Archive timestamps (seconds since 1970), e.g. the commit time. */
  mtime?: number;
  builtAt?: Date;
  /** How the site directory is named in messages. */
  label?: string;
  /** Whether the search index must exist (default true). */
  requireSearchIndex?: boolean;
  /**
   * The policy of /admin/ when content/site.yaml switches the form editor on (src/cms/admin-csp.ts
   * adminCspOfProject): then dist/admin/ is the editor's own files, sent with this policy; without it a dist/admin/
   * is refused.
   */
  adminCsp?: string;
}

/** What a release produced. */
export interface ReleaseResult {
  dir: string;
  tarball: string;
  manifest: ReleaseManifest;
  previous?: ReleaseManifest;
  notes: string;
  headersFile: string;
  nginxConf: string;
}

/** Verifies the built site and writes release/<version>/; throws ReleaseError and writes nothing on any problem. */
export async function createRelease(options: ReleaseOptions): Promise<ReleaseResult> {
  const { siteDir, releaseRoot, version } = options;
  const label = options.label ?? 'dist';
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new ReleaseError(`${label}/index.html 不存在：站点还没有构建，或构建失败了。\n  请先运行 npm run build，并查看构建日志中的错误。`);
  }
  const dir = join(releaseRoot, version);
  if (existsSync(dir) && !options.force) {
    throw new ReleaseError(
      `版本 ${version} 已经发布过（${dir} 已存在）。同一版本号只能对应一次发布。\n  请用 --version 指定新的版本号（如 ${version}-1），或修改 package.json 的 version；确实要覆盖时加 --force。`,
    );
  }
  let previous: ReleaseManifest | undefined;
  const previousFile = options.previousManifest ?? findPreviousManifest(releaseRoot, version);
  if (previousFile) {
    try {
      previous = readManifest(previousFile);
    } catch (e) {
      throw new ReleaseError(`无法读取上一版本的清单：${(e as Error).message}\n  请用 --previous 指定正确的 manifest.json，或删除损坏的发布目录。`);
    }
  }

  const scan = scanSite(siteDir);
  const problems = verifySite(scan, { siteOrigin: options.siteOrigin, label, requireSearchIndex: options.requireSearchIndex, cmsAdmin: options.adminCsp !== undefined });
  if (problems.length) {
    throw new ReleaseError(`发布前检查发现 ${problems.length} 个问题，本次没有生成任何发布文件：`, problems);
  }

  // A constant: never derived from what is in dist/, so nothing content put there is allowed to run.
  const csp = CSP;
  const { adminCsp } = options;
  const headersFile = renderHeadersFile(headerRules(scan.files, csp, adminCsp));
  const nginxConf = renderNginxConf(csp, adminCsp);
  const siteFiles = scan.files.filter((f) => f !== HEADERS_FILE).map((path) => ({ path, data: readFileSync(join(siteDir, path)) }));
  siteFiles.push({ path: HEADERS_FILE, data: Buffer.from(headersFile) });
  const manifest = buildManifest({
    name: options.name,
    version,
    packageVersion: options.packageVersion,
    git: options.git,
    builtAt: options.builtAt ?? new Date(),
    siteOrigin: options.siteOrigin,
    pages: scan.pages,
    files: siteFiles,
    csp,
    adminCsp,
  });
  const notes = renderReleaseNotes(previous, manifest);
  const manifestJson = manifestToJson(manifest);

  // Everything is written into a hidden staging directory, then renamed into place in one step.
  mkdirSync(releaseRoot, { recursive: true });
  const staging = join(releaseRoot, `.staging-${version}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const archive: TarEntry[] = [
      ...siteFiles.map((f) => ({ path: `${RELEASE_FILES.site}/${f.path}`, data: f.data })),
      { path: RELEASE_FILES.manifest, data: Buffer.from(manifestJson) },
      { path: RELEASE_FILES.nginx, data: Buffer.from(nginxConf) },
      { path: RELEASE_FILES.notes, data: Buffer.from(notes) },
    ];
    const tarball = tarballName(options.name, version);
    await writeTarGz(join(staging, tarball), archive, options.mtime ?? 0);
    writeFileSync(join(staging, RELEASE_FILES.manifest), manifestJson);
    writeFileSync(join(staging, RELEASE_FILES.headers), headersFile);
    writeFileSync(join(staging, RELEASE_FILES.nginx), nginxConf);
    writeFileSync(join(staging, RELEASE_FILES.notes), notes);
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(staging, dir);
    return { dir, tarball: join(dir, tarball), manifest, previous, notes, headersFile, nginxConf };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
