/**
 * The release manifest: what a release is (version, commit, build time), what it publishes (documents,
 * interpretations and infographics by id and title) and every file with its size and sha256. Deploys compare
 * manifests to upload only what changed; release notes compare them to tell people what changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { PageScan } from './scan';
import { ARTICLE_COLLECTIONS, REGISTRY, entryOfUrl, type ArticleCollection } from '../content/registry';
import { compareCodePoints, sha256Hex } from './site-files';

/** Bump when the manifest's shape changes incompatibly. */
export const MANIFEST_SCHEMA = 1;

/** One file of the release, as deployed (path relative to the site root). */
export interface FileRecord {
  path: string;
  size: number;
  sha256: string;
}

/** One published piece of content, found by its built page. */
export interface ContentEntry {
  /** Content id (the page's URL segment), e.g. guofa-2019-5. */
  id: string;
  /** Title as the page's ArticleTitle meta tag gives it. */
  title: string;
  /** URL path of the page, e.g. /wenjian/guofa-2019-5/. */
  url: string;
  /** sha256 of the page's HTML, to tell changed content. */
  sha256: string;
}

/** The kinds of content a release counts: the article collections. */
export type ContentKind = ArticleCollection;

/** Each kind of content, the URL prefix of its pages and its name for people (from the collection registry). */
export const CONTENT_KINDS: { kind: ContentKind; prefix: string; label: string }[] = ARTICLE_COLLECTIONS.map((kind) => ({
  kind,
  prefix: REGISTRY[kind].urlPrefix,
  label: REGISTRY[kind].releaseLabel,
}));

/** Where the sources of a release came from. */
export interface GitInfo {
  /** Full commit id, or null outside a git work tree. */
  commit: string | null;
  /** True when tracked or untracked files differed from the commit. */
  dirty: boolean;
}

/** Everything about one release. */
export interface ReleaseManifest {
  schema: number;
  /** Package name from package.json. */
  name: string;
  /** Release version: the --version argument, or package.json's version. */
  version: string;
  /** package.json's version at build time. */
  packageVersion: string;
  commit: string | null;
  dirty: boolean;
  /** ISO 8601 UTC time the release was made; the only field that differs between two releases of one commit. */
  builtAt: string;
  /** Public origin of the site, e.g. https://zcjd.example.gov.cn. */
  siteOrigin?: string;
  /** Site name from the pages' SiteName meta tag. */
  siteName?: string;
  counts: Record<ContentKind, number> & { pages: number; files: number; bytes: number };
  content: Record<ContentKind, ContentEntry[]>;
  /** The Content-Security-Policy sent with every page. */
  csp: string;
  /** The policy of /admin/, only when the release carries the form editor (site.yaml cms, src/cms/admin-csp.ts). */
  adminCsp?: string;
  files: FileRecord[];
}

/** Letters, digits, dot, dash, plus and underscore: safe in directory names, S3 keys and URLs. */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;

/** Normalises a version ("v1.2.0" → "1.2.0"); undefined when it is not usable. */
export function normalizeVersion(raw: string): string | undefined {
  const v = raw.trim().replace(/^v(?=\d)/, '');
  return isSafeVersion(v) ? v : undefined;
}

/** The commit and whether the work tree differs from it. */
export function gitInfo(cwd: string): GitInfo {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: false };
  const status = spawnSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status !== 0 || status.stdout.trim() !== '' };
}

/**
 * The build time recorded in the manifest. With SOURCE_DATE_EPOCH set (seconds since 1970, the
 * reproducible-builds.org convention) it is that time, so two releases of the same commit and content are
 * byte-identical archives; otherwise it is now. Throws an Error with a Chinese message when the variable is
 * set but is not a whole number of seconds.
 */
export function sourceDateEpoch(value: string | undefined, now: () => Date = () => new Date()): Date {
  if (value === undefined || value === '') return now();
  if (!/^\d{1,12}$/.test(value)) {
    throw new Error(`环境变量 SOURCE_DATE_EPOCH="${value}" 不是整数秒（1970 年以来的秒数，如 git log -1 --format=%ct 的输出）。请改正或删除它。`);
  }
  return new Date(Number(value) * 1000);
}

/** The seconds-since-1970 time of the commit, for reproducible archive timestamps; 0 outside git. */
export function commitTime(cwd: string): number {
  const r = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) || 0 : 0;
}

/** Content entries of the built pages: /wenjian/<id>/, /jiedu/<id>/, /tujie/<id>/ with ColumnType 文章. */
export function contentEntries(pages: PageScan[], hashes: Map<string, string>): Record<ContentKind, ContentEntry[]> {
  const out: Record<ContentKind, ContentEntry[]> = { documents: [], interpretations: [], infographics: [] };
  for (const page of pages) {
    const entry = entryOfUrl(page.url);
    // List pages share the prefix (/wenjian/2/ is page 2 of the list); only article pages are content.
    if (!entry || entry.collection === 'organizations' || page.meta.ColumnType !== '文章') continue;
    out[entry.collection].push({ id: entry.id, title: page.meta.ArticleTitle ?? page.title ?? entry.id, url: page.url, sha256: hashes.get(page.file) ?? '' });
  }
  for (const list of Object.values(out)) list.sort((a, b) => compareCodePoints(a.id, b.id));
  return out;
}

/** What {@link buildManifest} needs. */
export interface ManifestInput {
  name: string;
  version: string;
  packageVersion: string;
  git: GitInfo;
  builtAt: Date;
  siteOrigin?: string;
  pages: PageScan[];
  /** Every file of the release with its bytes. */
  files: { path: string; data: Buffer }[];
  csp: string;
  /** The policy of /admin/ when the site carries the form editor. */
  adminCsp?: string;
}

/** Builds the manifest; files are listed sorted by path. */
export function buildManifest(input: ManifestInput): ReleaseManifest {
  const files = input.files
    .map((f) => ({ path: f.path, size: f.data.length, sha256: sha256Hex(f.data) }))
    .sort((a, b) => compareCodePoints(a.path, b.path));
  const hashes = new Map(files.map((f) => [f.path, f.sha256]));
  const content = contentEntries(input.pages, hashes);
  const siteName = input.pages.find((p) => p.file === 'index.html')?.meta.SiteName ?? input.pages.find((p) => p.meta.SiteName)?.meta.SiteName;
  return {
    schema: MANIFEST_SCHEMA,
    name: input.name,
    version: input.version,
    packageVersion: input.packageVersion,
    commit: input.git.commit,
    dirty: input.git.dirty,
    builtAt: input.builtAt.toISOString(),
    ...(input.siteOrigin ? { siteOrigin: input.siteOrigin } : {}),
    ...(siteName ? { siteName } : {}),
    counts: {
      documents: content.documents.length,
      interpretations: content.interpretations.length,
      infographics: content.infographics.length,
      pages: files.filter((f) => f.path.endsWith('.html')).length,
      files: files.length,
      bytes: files.reduce((n, f) => n + f.size, 0),
    },
    content,
    csp: input.csp,
    ...(input.adminCsp !== undefined ? { adminCsp: input.adminCsp } : {}),
    files,
  };
}

/** Serialises a manifest the same way every time. */
export function manifestToJson(manifest: ReleaseManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads and checks a manifest file; throws a Chinese message naming the file when it is not one. */
export function readManifest(file: string): ReleaseManifest {
  if (!existsSync(file)) throw new Error(`找不到发布清单 ${file}。`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`发布清单 ${file} 不是有效的 JSON：${(e as Error).message}`);
  }
  return parseManifest(data, file);
}

/** True when a version is safe as a directory name, an S3 key segment and a URL segment (see {@link VERSION}). */
export function isSafeVersion(version: unknown): version is string {
  return typeof version === 'string' && VERSION.test(version) && !version.includes('..');
}

/**
 * Throws a Chinese message naming `source` unless `version` is a safe version: letters, digits, `.`, `_`, `+`,
 * `-`, starting with a letter or digit, at most 64 characters, no `..`. Deploys call it before any file or bucket
 * operation, so a manifest or record saying `"../../x"` can never name a path outside the target.
 */
export function assertSafeVersion(version: unknown, source: string): asserts version is string {
  if (isSafeVersion(version)) return;
  throw new Error(
    `${source} 中的版本号 ${JSON.stringify(version)} 不合法：版本号只能由字母、数字和 . _ + - 组成，以字母或数字开头，最长 64 个字符，不能含 "..", "/" 或 "\\"。` +
      `\n  发布包可能被改动过；请用 npm run release -- --version <版本号> 重新生成。没有对部署目标做任何改动。`,
  );
}

/** True for a site file path that stays inside the web root: relative, forward slashes, no `.` or `..` segment, no NUL or backslash. */
export function isSafeSitePath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    !path.startsWith('/') &&
    !/[\\\0]/.test(path) &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

/** Checks parsed JSON is a manifest this code understands, with a safe version and safe file paths; throws in Chinese naming `source`. */
export function parseManifest(data: unknown, source: string): ReleaseManifest {
  const m = data as Partial<ReleaseManifest> | null;
  if (!m || typeof m !== 'object' || typeof m.version !== 'string' || !Array.isArray(m.files) || !m.content) {
    throw new Error(`${source} 不是发布清单（缺少 version、files 或 content）。`);
  }
  if (m.schema !== MANIFEST_SCHEMA) {
    throw new Error(`${source} 的清单格式版本是 ${String(m.schema)}，本工具只认识 ${MANIFEST_SCHEMA}。请用生成它的版本的工具处理。`);
  }
  assertSafeVersion(m.version, source);
  const unsafe = m.files.filter((f) => !isSafeSitePath((f as Partial<FileRecord> | null)?.path) || !/^[0-9a-f]{64}$/.test(String(f?.sha256)));
  if (unsafe.length) {
    throw new Error(
      `${source} 中有 ${unsafe.length} 个文件记录不合法（路径必须是网站根目录内的相对路径，sha256 必须是 64 位十六进制），例如 ${JSON.stringify(unsafe[0]?.path)}。` +
        `\n  发布包可能被改动过；请重新运行 npm run release。没有对部署目标做任何改动。`,
    );
  }
  return m as ReleaseManifest;
}
