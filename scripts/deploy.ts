/**
 * `npm run deploy -- --target s3 [--version 1.2.0]` or `npm run deploy -- --target dir --dir /srv/jiedu [--keep 5]`
 * (`--save-live-manifest <file>` only writes the live release's manifest, for `npm run release -- --previous`.)
 * Deploys a release made by `npm run release` (default: the newest in release/). S3 settings come from
 * JIEDU_S3_ENDPOINT, JIEDU_S3_BUCKET, JIEDU_S3_REGION, JIEDU_S3_PATH_STYLE, JIEDU_S3_PREFIX, AWS_ACCESS_KEY_ID
 * and AWS_SECRET_ACCESS_KEY. Exits 1 with a Chinese message on failure; the previous release stays live.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { failAndExit, resolveTarget, seconds, type DeployTarget } from '../src/release/cli';
import { deployToDirectory } from '../src/release/deploy-dir';
import { createS3Client, deployToS3, liveManifest, s3SettingsFromEnv, s3Store } from '../src/release/deploy-s3';
import { loadRelease, resolveReleaseDir } from '../src/release/load-release';
import { manifestToJson, readManifest, type ReleaseManifest } from '../src/release/manifest';

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      version: { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'string' },
      'release-dir': { type: 'string', default: 'release' },
      concurrency: { type: 'string', default: '8' },
      force: { type: 'boolean', default: false },
      'save-live-manifest': { type: 'string' },
    },
    strict: true,
  });
  const target = resolveTarget(values);
  if (values['save-live-manifest']) {
    await saveLiveManifest(target, values['save-live-manifest']);
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
    const r = await deployToS3(store, release, { log, force: values.force, concurrency: Number(values.concurrency) || 8 });
    client.destroy();
    if (!r.unchanged) {
      console.log(`完成（${seconds(r.ms)} 秒）：${r.from ? `${r.from} → ` : ''}${version}；上传 ${r.uploaded.length} 个文件，未变 ${r.skipped} 个，删除不再使用的 ${r.deleted.length} 个。`);
    }
  } else {
    console.log(`部署 ${version} 到 ${target.root} …`);
    const r = await deployToDirectory(target.root, release, { keep: target.keep, log });
    console.log(`完成（${seconds(r.ms)} 秒）：${r.from ? `${r.from} → ` : ''}${version}，网站根目录 ${join(target.root, 'current', 'site')}。`);
  }
}

main().catch((e: unknown) => failAndExit('部署', e));
