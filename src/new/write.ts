/** Writing a new entry: whole or not at all, never over an existing file; and what to tell the editor next. */
import { join } from 'node:path';
import { REGISTRY } from '../content/registry';
import { writeFileAtomicSync } from '../lib/write-atomic';
import { KIND_COLLECTIONS } from './kinds';
import type { NewEntry } from './plan';

/**
 * Writes `entry` under `root`: a temporary file, fsync, then a link that fails with EEXIST if the file appeared
 * meanwhile, so an existing file is never overwritten and a kill leaves no half-written entry.
 */
export function writeEntry(root: string, entry: NewEntry): void {
  writeFileAtomicSync(join(root, entry.file), entry.text, { exclusive: true });
}

/** The lines printed after an entry is created: what it is and the next three steps. */
export function createdMessage(entry: NewEntry): string[] {
  return [
    `已新建 ${entry.file}（${REGISTRY[KIND_COLLECTIONS[entry.kind]].name}，草稿）。`,
    '下一步：',
    `  1. 打开这个文件，把所有“【待填写：…】”改写成正式内容。`,
    '  2. 运行 npm run dev 预览（草稿在预览中显示，不会发布）。',
    '  3. 运行 npm run check 检查；写完并审签后删去 draft: true。',
  ];
}
