// The form editor's local folder saves (npm run cms, MODE=fs) are atomic: our server writes what decap-server 3.11.3
// would write, byte for byte and with its answers, but through a temporary file and a rename (a new inode), where
// decap-server writes the editor's file in place (the same inode, cut if killed mid-write).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCmsServer, type CmsServer } from '../../../src/cms/server';

const OLD = ['---', 'title: 旧标题', 'documents:', '  - guofa-2019-5', 'form: 问答', 'publishedAt: 2019-02-20', '---', '', '旧正文。', ''].join('\n');
// Chinese, full-width punctuation, an emoji (4 bytes in UTF-8), CR LF in the body and no final newline.
const RAW = ['---', 'title: 新标题：《测试》', 'documents:', '  - guofa-2019-5', 'form: 问答', 'publishedAt: 2019-02-21', '---', '', '新正文，含 😀。\r\n第二行'].join('\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00, 0x80]);
const ENTRY_PATH = 'content/interpretations/jiedu-a.mdx';
const MEDIA_PATH = 'public/images/uploads/tu.png';

let root: string;
let outside: string;
let server: CmsServer;
let ours: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'jiedu-cms-save-'));
  outside = mkdtempSync(join(tmpdir(), 'jiedu-cms-outside-'));
  server = await startCmsServer({ root, port: 0, proxyPort: 0 });
  ours = new URL('/api/v1', server.adminUrl).href;
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
beforeEach(() => {
  rmSync(join(root, 'content'), { recursive: true, force: true });
  rmSync(join(root, 'public'), { recursive: true, force: true });
  mkdirSync(join(root, 'content/interpretations'), { recursive: true });
  writeFileSync(join(root, ENTRY_PATH), OLD);
});

async function post(url: string, action: string, params: unknown): Promise<{ status: number; json: unknown }> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ branch: 'main', action, params }) });
  return { status: answer.status, json: await answer.json() };
}
const persistEntry = (raw: string, path = ENTRY_PATH, extra: Record<string, unknown> = {}) => ({
  branch: 'main',
  entry: { slug: 'jiedu-a', path, raw, ...extra },
  assets: [],
  // As Decap's proxy backend sends it (decap-server's joi schema requires each of these).
  options: { commitMessage: '修改解读：jiedu-a', collectionName: 'interpretations', useWorkflow: false, status: 'draft' },
});
const persistMedia = { branch: 'main', asset: { path: MEDIA_PATH, content: PNG.toString('base64'), encoding: 'base64' }, options: { commitMessage: '上传文件' } };
const inode = (path: string) => statSync(join(root, path)).ino;
const leftovers = () => readdirSync(join(root, 'content/interpretations')).filter((f) => f !== 'jiedu-a.mdx');

describe('a save in the local folder mode', () => {
  it('writes the bytes decap-server writes and answers as it does, for an entry and a media file', async () => {
    const theirs = await post(server.proxyUrl!, 'persistEntry', persistEntry(RAW));
    expect(theirs.status).toBe(200);
    const theirBytes = readFileSync(join(root, ENTRY_PATH));
    writeFileSync(join(root, ENTRY_PATH), OLD);
    const mine = await post(ours, 'persistEntry', persistEntry(RAW));
    expect(mine).toEqual(theirs);
    expect(readFileSync(join(root, ENTRY_PATH))).toEqual(theirBytes);
    expect(readFileSync(join(root, ENTRY_PATH), 'utf8')).toBe(RAW);

    const theirMedia = await post(server.proxyUrl!, 'persistMedia', persistMedia);
    rmSync(join(root, 'public'), { recursive: true });
    const myMedia = await post(ours, 'persistMedia', persistMedia);
    expect(myMedia).toEqual(theirMedia);
    expect(myMedia.status).toBe(200);
    expect(readFileSync(join(root, MEDIA_PATH))).toEqual(PNG);
  });

  it('replaces the file by a rename (a new inode, no temporary file left), where decap-server writes it in place', async () => {
    const before = inode(ENTRY_PATH);
    expect((await post(server.proxyUrl!, 'persistEntry', persistEntry(RAW))).status).toBe(200);
    // The premise: decap-server's own write keeps the inode, so a kill mid-write leaves the file cut.
    expect(inode(ENTRY_PATH)).toBe(before);
    expect((await post(ours, 'persistEntry', persistEntry(`${RAW}\n再改一次`))).status).toBe(200);
    expect(inode(ENTRY_PATH)).not.toBe(before);
    expect(readFileSync(join(root, ENTRY_PATH), 'utf8')).toBe(`${RAW}\n再改一次`);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a path outside the project (also through a symbolic link) or a rename, in Chinese, writing nothing', async () => {
    const escape = await post(ours, 'persistEntry', persistEntry(RAW, '../escape.mdx'));
    expect(escape.status).toBe(422);
    expect((escape.json as { error: string }).error).toContain('不在网站文件夹里');
    symlinkSync(outside, join(root, 'content/link'));
    const linked = await post(ours, 'persistEntry', persistEntry(RAW, 'content/link/x.mdx'));
    expect(linked.status).toBe(422);
    expect((linked.json as { error: string }).error).toContain('符号链接');
    expect(readdirSync(outside)).toEqual([]);
    const renamed = await post(ours, 'persistEntry', persistEntry(RAW, ENTRY_PATH, { newPath: 'content/interpretations/jiedu-b.mdx' }));
    expect(renamed.status).toBe(422);
    expect((renamed.json as { error: string }).error).toContain('git mv');
    expect(readFileSync(join(root, ENTRY_PATH), 'utf8')).toBe(OLD);
    expect(existsSync(join(root, 'content/interpretations/jiedu-b.mdx'))).toBe(false);
    expect(existsSync(join(root, '../escape.mdx'))).toBe(false);
  });
});
