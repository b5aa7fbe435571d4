/**
 * `npm run rollback -- --target s3|dir [--dir /srv/jiedu] [--to 1.1.0] [--break-lock]`
 * Returns the target to an earlier release (src/release/rollback-order.ts: right after a deploy, the release that
 * deploy replaced; otherwise the one deployed before the live one), or to --to. On S3 the pointer is rewritten
 * to that release's prefix (its files are uploaded again from its archive first if garbage collection removed
 * them); on a directory the current symlink is swapped back.
 */
import { resolve } from 'node:path';
import { failAndExit, resolveTarget, seconds } from '../src/release/cli';
import { rollbackDirectory } from '../src/release/deploy-dir';
import { rollbackS3 } from '../src/release/rollback-s3';
import { createS3Client, s3SettingsFromEnv, s3Store } from '../src/release/s3-store';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run rollback -- --target s3|dir [--dir /srv/jiedu] [--to 1.1.0] [--break-lock]
用法：回到上一个线上版本（或 --to 指定的版本）。

  --target s3|dir        S3-compatible storage or a folder on the origin (or JIEDU_DEPLOY_TARGET)
                         对象存储或源站服务器目录
  --dir <root>           releases root for --target dir (or JIEDU_DEPLOY_DIR)（目录部署的根目录）
  --to <version>         the release to return to, default the previous one（要回到的版本，默认上一个）
  --release-dir <dir>    where releases are, to upload one again if needed, default release（发布所在目录）
  --break-lock           take over a lock left by a killed deploy（接管被中断的部署留下的锁）
  -h, --help             this text（显示本说明）`;

async function main(): Promise<void> {
  const { values } = readCommandLine({
    name: 'npm run rollback',
    audience: 'operator',
    usage: USAGE,
    options: {
      target: { type: 'string' },
      to: { type: 'string' },
      dir: { type: 'string' },
      'release-dir': { type: 'string', default: 'release' },
      'break-lock': { type: 'boolean', default: false },
    },
  });
  const target = resolveTarget(values);
  const log = (m: string) => console.log(`  ${m}`);
  if (target.kind === 's3') {
    const settings = s3SettingsFromEnv();
    const client = createS3Client(settings);
    const store = s3Store(client, settings);
    console.log(`回滚 ${store.describe} …`);
    const r = await rollbackS3(store, resolve(values['release-dir']), { to: values.to, log, breakLock: values['break-lock'] }).finally(() => client.destroy());
    console.log(`完成（${seconds(r.ms)} 秒）：${r.from ?? '（无）'} → ${r.version}；重新上传 ${r.uploaded.length} 个文件。`);
  } else {
    const r = await rollbackDirectory(target.root, { to: values.to, log });
    console.log(`完成（${seconds(r.ms)} 秒）：${r.from ?? '（无）'} → ${r.version}。`);
  }
}

main().catch((e: unknown) => failAndExit('回滚', e));
