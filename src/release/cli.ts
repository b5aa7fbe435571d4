/**
 * What `npm run deploy` and `npm run rollback` share: the target from arguments or the environment, and how a
 * failure is reported (Chinese message on stderr, exit code 1).
 */
import { DEFAULT_KEEP } from './deploy-dir';

/** Where a deploy goes. */
export type DeployTarget = { kind: 's3' } | { kind: 'dir'; root: string; keep: number };

/** Reads --target, --dir and --keep, falling back to JIEDU_DEPLOY_TARGET and JIEDU_DEPLOY_DIR. */
export function resolveTarget(values: { target?: string; dir?: string; keep?: string }, env: NodeJS.ProcessEnv = process.env): DeployTarget {
  const kind = values.target ?? env.JIEDU_DEPLOY_TARGET;
  if (kind === 's3') return { kind: 's3' };
  if (kind === 'dir') {
    const root = values.dir ?? env.JIEDU_DEPLOY_DIR;
    if (!root) throw new Error('目录部署需要发布根目录：请加 --dir /srv/jiedu，或设置环境变量 JIEDU_DEPLOY_DIR。');
    const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 2) throw new Error(`--keep 的值 "${values.keep}" 不对：至少保留 2 个版本（当前版本和可回滚的上一版本）。`);
    return { kind: 'dir', root, keep };
  }
  throw new Error(
    `部署目标 "${kind ?? ''}" 不对：请用 --target s3（对象存储：阿里云 OSS、腾讯云 COS、华为云 OBS、AWS S3、MinIO）或 --target dir --dir <目录>（源站服务器目录），也可设置 JIEDU_DEPLOY_TARGET。`,
  );
}

/** Prints a failure and exits 1. */
export function failAndExit(action: string, e: unknown): never {
  const message = e instanceof Error ? (e.name === 'Error' || e.name.endsWith('DeployError') ? e.message : (e.stack ?? e.message)) : String(e);
  console.error(`\n${action}失败：${message}`);
  process.exit(1);
}

/** Seconds with one decimal. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
