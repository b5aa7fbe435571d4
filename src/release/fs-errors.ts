/**
 * What a deploy tells the operator when the file system refuses a write: the one place that maps the errno codes
 * a deploy to a directory (or a rollback fetching a release) meets in practice — a full disk, a quota, missing
 * permissions, a read-only mount — to a Chinese message that names the folder, says what happened, what is live
 * and what to do. Node's own message ("ENOSPC: no space left on device, write") is never shown alone.
 */
import { userInfo } from 'node:os';

/** The errno codes of a refused write that the operator can put right. */
export const WRITE_ERROR_CODES = ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS'] as const;

/** One of {@link WRITE_ERROR_CODES}. */
export type WriteErrorCode = (typeof WRITE_ERROR_CODES)[number];

/** The errno code of `e` when it is one of {@link WRITE_ERROR_CODES}, else undefined. */
export function writeErrorCode(e: unknown): WriteErrorCode | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return (WRITE_ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as WriteErrorCode) : undefined;
}

/** What {@link explainWriteError} needs to know about the failed command. */
export interface WriteErrorContext {
  /** The folder written to (the deploy target's root, or the local release folder). */
  root: string;
  /** What was being done, ending in a path: "部署 2.0.0 到 /srv/jiedu", "回滚 /srv/jiedu" (then " 没有完成"). */
  action: string;
  /** What readers get now, one sentence ending in 。, e.g. "线上版本没有改变，仍是 1.0.0。". */
  liveState: string;
  /** Anything else done to clean up, one sentence ending in 。 (e.g. the staging folder removed). */
  cleanup?: string;
  /** Old release folders (absolute paths) that are safe to delete to free space: never the live one. */
  removable?: string[];
  /** True when --keep applies to the command (directory deploys). */
  keepOption?: boolean;
  /** Where else the command could write, after 或 (default: "用 --dir 换一个可写的目录", as deploys take). */
  elsewhere?: string;
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '当前用户');
  }
}

/**
 * The operator's message for a refused write, or undefined when `e` is not one of {@link WRITE_ERROR_CODES} (the
 * caller then reports it as it is). Example for a full disk:
 *
 *   /srv/jiedu 所在的磁盘已满，部署 2.0.0 到 /srv/jiedu 没有完成（ENOSPC，写入 /srv/jiedu/releases/.staging-2.0.0-12/site/index.html 时）。
 *   线上版本没有改变，仍是 1.0.0。
 *     请先用 df -h /srv/jiedu 查看该磁盘的剩余空间，再腾出空间：可删除不再需要的旧版本目录（如 rm -rf …）…；然后重新运行同一条命令。
 */
export function explainWriteError(e: unknown, ctx: WriteErrorContext): string | undefined {
  const code = writeErrorCode(e);
  if (!code) return undefined;
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? `，${err.syscall === 'open' || err.syscall === 'mkdir' || err.syscall === 'symlink' ? '创建' : '写入'} ${err.path} 时` : '';
  const state = `${ctx.cleanup ?? ''}${ctx.liveState}`;
  const again = '然后重新运行同一条命令。';
  const shown = (ctx.removable ?? []).slice(0, 3);
  const removable = shown.length
    ? `可删除不再需要的旧版本目录（如 rm -rf ${shown.join(' ')}；不要删除 current 指向的线上版本）`
    : '删除该磁盘上不再需要的文件';
  const keep = ctx.keepOption ? '，并在以后部署时用更小的 --keep（至少 2）少保留几个版本' : '';
  const stopped = `${ctx.action} 没有完成`;
  switch (code) {
    case 'ENOSPC':
      return `${ctx.root} 所在的磁盘已满，${stopped}（ENOSPC${where}）。${state}\n  请先用 df -h ${ctx.root} 查看该磁盘的剩余空间，再腾出空间：${removable}${keep}；${again}`;
    case 'EDQUOT':
      return `用户 ${userName()} 在 ${ctx.root} 所在磁盘上的配额已用完，${stopped}（EDQUOT${where}）。${state}\n  请用 quota -s 查看配额，${removable}${keep}，或请管理员提高配额；${again}`;
    case 'EACCES':
    case 'EPERM':
      return `用户 ${userName()} 没有写入权限，${stopped}（${code}${where}）。${state}\n  请用 ls -ld ${ctx.root} ${ctx.root}/* 检查属主和权限，让运行部署的用户可以写入 ${ctx.root} 及其中的全部文件（例如 sudo chown -R ${userName()} ${ctx.root}），或换用有权限的用户；${again}`;
    case 'EROFS':
      return `${ctx.root} 所在的文件系统是只读的，${stopped}（EROFS${where}）。${state}\n  请用 findmnt -T ${ctx.root} 查看挂载方式，以读写方式重新挂载（如 sudo mount -o remount,rw <挂载点>；磁盘出错时系统会把它改为只读，请先用 dmesg 查看原因），或${ctx.elsewhere ?? '用 --dir 换一个可写的目录'}；${again}`;
  }
}
