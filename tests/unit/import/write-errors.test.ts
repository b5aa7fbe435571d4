// An import that the file system refuses (tester findings 2026-11-30: EROFS and ENOSPC showed Node's stack): the
// message npm run import prints, from the deploys' explainWriteError with the import's context.
import { describe, expect, it } from 'vitest';
import { explainWriteError } from '../../../src/release/fs-errors';

const importContext = {
  root: '/srv/office/content',
  action: '导入',
  liveState: '已写入的文件都是完整的，没写完的临时文件会在下次导入时清除；导入没有改动其他文件。',
  elsewhere: '在可写的项目副本中导入',
};

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: refused, write '${path}'`), { code, path, syscall: 'write' });
}

describe('an import the file system refuses', () => {
  it('a full disk names content/, the file, what is left and the fix, in Chinese', () => {
    const message = explainWriteError(errno('ENOSPC', '/srv/office/content/documents/a.md.123'), importContext)!;
    expect(message).toContain('/srv/office/content 所在的磁盘已满，导入 没有完成（ENOSPC，写入 /srv/office/content/documents/a.md.123 时）');
    expect(message).toContain('已写入的文件都是完整的');
    expect(message).toContain('df -h /srv/office/content');
    expect(message).not.toMatch(/ENOSPC: /u);
  });

  it('a read-only file system offers a writable copy, not the deploys’ --dir', () => {
    const message = explainWriteError(errno('EROFS', '/srv/office/content/.import-manifest.json.1'), importContext)!;
    expect(message).toContain('文件系统是只读的');
    expect(message).toContain('或在可写的项目副本中导入');
    expect(message).not.toContain('--dir');
  });

  it('any other error is not explained (the import shows it as it is)', () => {
    expect(explainWriteError(errno('ENOENT', '/x'), importContext)).toBeUndefined();
  });
});
