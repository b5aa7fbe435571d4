/**
 * `npm run rollback -- --target s3|dir [--dir /srv/jiedu] [--to 1.1.0] [--break-lock]`
 * Returns the target to the release live before the current one (or to --to). On S3 the pointer is rewritten
 * to that release's prefix (its files are uploaded again from its archive first if garbage collection removed
 * them); on a directory the current symlink is swapped back.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { failAndExit, resolveTarget, seconds } from '../src/release/cli';
import { rollbackDirectory } from '../src/release/deploy-dir';
import { createS3Client, rollbackS3, s3SettingsFromEnv, s3Store } from '../src/release/deploy-s3';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      to: { type: 'string' },
      dir: { type: 'string' },
      'release-dir': { type: 'string', default: 'release' },
      'break-lock': { type: 'boolean', default: false },
    },
    strict: true,
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
