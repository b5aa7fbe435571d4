/**
 * `npm run deploy -- --target s3 [--version 1.2.0] [--keep 3] [--break-lock]` or
 * `npm run deploy -- --target dir --dir /srv/jiedu [--keep 5]`
 * (`--save-live-manifest <file>` only writes the live release's manifest, for `npm run release -- --previous`;
 * `--nginx-conf <file>` only writes the nginx configuration that serves the bucket's live release: <file> for
 * server {} and <file without .conf>.http.conf, the pointer's cache zone, for http {}.)
 * Deploys a release made by `npm run release` (default: the newest in release/). S3 settings come from
 * JIEDU_S3_ENDPOINT, JIEDU_S3_BUCKET, JIEDU_S3_REGION, JIEDU_S3_PATH_STYLE, JIEDU_S3_PREFIX, AWS_ACCESS_KEY_ID
 * and AWS_SECRET_ACCESS_KEY. Exits 1 with a Chinese message on failure; the previous release stays live.
 */
import { join, resolve } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { failAndExit, resolveTarget, seconds, type DeployTarget } from '../src/release/cli';
import { deployToDirectory } from '../src/release/deploy-dir';
import { DEFAULT_S3_KEEP, deployToS3 } from '../src/release/deploy-s3';
import { DEFAULT_NGINX_CACHE_DIR, renderNginxProxyConf, renderNginxProxyHttpConf, SWITCH_SEEN_WITHIN_SECONDS } from '../src/release/nginx-s3-proxy';
import { liveManifest } from '../src/release/s3-pointer';
import { createS3Client, s3SettingsFromEnv, s3Store } from '../src/release/s3-store';
import { loadRelease, resolveReleaseDir } from '../src/release/load-release';
import { manifestToJson, readManifest, type ReleaseManifest } from '../src/release/manifest';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run deploy -- --target s3 [--version 1.2.0] [--keep 3] [--break-lock]
       npm run deploy -- --target dir --dir /srv/jiedu [--version 1.2.0] [--keep 5]
用法：部署 npm run release 做好的发布（默认 release/ 中最新的一个）；失败时线上仍是上一版本。

  --target s3|dir            S3-compatible storage or a folder on the origin (or JIEDU_DEPLOY_TARGET)
                             对象存储或源站服务器目录
  --dir <root>               releases root for --target dir (or JIEDU_DEPLOY_DIR)（目录部署的根目录）
  --version <v>              release to deploy, default the newest in --release-dir（要部署的版本）
  --release-dir <dir>        where releases are, default release（发布所在目录）
  --keep <n>                 releases kept on the target（目标上保留的版本数）
  --concurrency <n>          parallel uploads to S3, default 8（并行上传数）
  --force                    upload every file again（全部重新上传）
  --break-lock               take over a lock left by a killed deploy（接管被中断的部署留下的锁）
  --save-live-manifest <f>   only write the live release's manifest, for release --previous（只写出线上版本的清单）
  --nginx-conf <file>        only write the nginx configuration serving the bucket（只写出 nginx 配置）
  -h, --help                 this text（显示本说明）

S3 settings: JIEDU_S3_ENDPOINT, JIEDU_S3_BUCKET, JIEDU_S3_REGION, JIEDU_S3_PATH_STYLE, JIEDU_S3_PREFIX,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.`;

/** Writes the live release's manifest to file (for `npm run release -- --previous`); nothing when none is live. */
async function saveLiveManifest(target: DeployTarget, file: string): Promise<void> {
  let manifest: ReleaseManifest | undefined;
  if (target.kind === 's3') {
    const settings = s3SettingsFromEnv();
    const client = createS3Client(settings);
    manifest = await liveManifest(s3Store(client, settings));
    client.destroy();
  } else {
    const live = join(target.root, 'current', 'manifest.json');
    manifest = existsSync(live) ? readManifest(live) : undefined;
  }
  if (!manifest) {
    console.log('目标上还没有线上版本，没有写出清单。');
    return;
  }
  writeFileSync(file, manifestToJson(manifest));
  console.log(`线上版本 ${manifest.version} 的清单已写到 ${file}。`);
}

/** Where the http {} part goes: beside the server {} part, `x.conf` → `x.http.conf`. */
function httpConfPath(file: string): string {
  return file.endsWith('.conf') ? `${file.slice(0, -'.conf'.length)}.http.conf` : `${file}.http.conf`;
}

/** Writes the nginx configuration that serves the bucket's live release (see README, 对象存储): file for server {}, its .http.conf for http {}. */
function writeNginxProxyConf(file: string, releaseRoot: string, version?: string): void {
  const settings = s3SettingsFromEnv();
  const manifest = readManifest(join(resolveReleaseDir(releaseRoot, version), 'manifest.json'));
  const endpoint = new URL(settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`);
  const conf = settings.forcePathStyle
    ? renderNginxProxyConf({ upstream: endpoint.origin, bucketPath: `/${settings.bucket}/`, prefix: settings.prefix, csp: manifest.csp, adminCsp: manifest.adminCsp })
    : renderNginxProxyConf({ upstream: `${endpoint.protocol}//${settings.bucket}.${endpoint.host}`, bucketPath: '/', prefix: settings.prefix, host: `${settings.bucket}.${endpoint.host}`, csp: manifest.csp, adminCsp: manifest.adminCsp });
  writeFileSync(file, conf);
  const http = httpConfPath(file);
  writeFileSync(http, renderNginxProxyHttpConf());
  console.log(
    `nginx 配置已写到 ${file}（在 server {} 中 include）和 ${http}（在 http {} 中、server {} 之外 include；线上指针缓存在 ${DEFAULT_NGINX_CACHE_DIR}，需 nginx 可写，可在该文件中改）。` +
      `\n  然后运行 sudo nginx -t && sudo systemctl reload nginx。以后的部署不需要再 reload；部署切换后最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本。`,
  );
}

async function main(): Promise<void> {
  const { values } = readCommandLine({
    name: 'npm run deploy',
    audience: 'operator',
    usage: USAGE,
    options: {
      target: { type: 'string' },
      version: { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'string' },
      'release-dir': { type: 'string', default: 'release' },
      concurrency: { type: 'string', default: '8' },
      force: { type: 'boolean', default: false },
      'save-live-manifest': { type: 'string' },
      'break-lock': { type: 'boolean', default: false },
      'nginx-conf': { type: 'string' },
    },
  });
  const target = resolveTarget(values);
  if (values['save-live-manifest']) {
    await saveLiveManifest(target, values['save-live-manifest']);
    return;
  }
  if (values['nginx-conf']) {
    writeNginxProxyConf(values['nginx-conf'], resolve(values['release-dir']), values.version);
    return;
  }
  const releaseDir = resolveReleaseDir(resolve(values['release-dir']), values.version);
  const release = await loadRelease(releaseDir);
  const { version } = release.manifest;
  const log = (m: string) => console.log(`  ${m}`);
  if (target.kind === 's3') {
    const settings = s3SettingsFromEnv();
    const client = createS3Client(settings);
    const store = s3Store(client, settings);
    console.log(`部署 ${version} 到 ${store.describe} …`);
    const keep = values.keep === undefined ? DEFAULT_S3_KEEP : Number(values.keep);
    const r = await deployToS3(store, release, { log, force: values.force, keep, breakLock: values['break-lock'], concurrency: Number(values.concurrency) || 8 }).finally(() => client.destroy());
    console.log(
      r.unchanged || r.repaired.length
        ? `完成（${seconds(r.ms)} 秒）：${version}（${r.id}）在线上${r.repaired.length ? `，修复了 ${r.repaired.length} 个文件` : '，无需改动'}。`
        : `完成（${seconds(r.ms)} 秒）：${r.from ? `${r.from} → ` : ''}${version}（${r.id}）；上传 ${r.uploaded.length} 个文件，存储桶内复制 ${r.copied.length} 个，沿用 ${r.skipped} 个，删除旧发布 ${r.deleted.length} 个。`,
    );
  } else {
    console.log(`部署 ${version} 到 ${target.root} …`);
    const r = await deployToDirectory(target.root, release, { keep: target.keep, log });
    console.log(`完成（${seconds(r.ms)} 秒）：${r.from ? `${r.from} → ` : ''}${version}，网站根目录 ${join(target.root, 'current', 'site')}。`);
  }
}

main().catch((e: unknown) => failAndExit('部署', e));
