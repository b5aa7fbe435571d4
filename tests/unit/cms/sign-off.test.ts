// 审签 in the form editor's workflow: a move to 就绪 writes signOff into the entry's file on its workflow branch,
// only those lines added, as one commit the branch moves to atomically; the working tree is never touched.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSignOff, gitUserName, hasSignOffField, recordSignOff, removeSignOff, SignOffError, withdrawSignOff, workflowBranch } from '../../../src/cms/sign-off';
import { ensurePortFree, gitIdentityProblem, proxyForwarder, proxyWithWatchdog, startCmsServer, workflowProblem } from '../../../src/cms/server';
import { FORM_SCHEMAS, schemaToFormFields } from '../../../src/cms/schema-fields';

const ORDER = schemaToFormFields(FORM_SCHEMAS.interpretations).map((f) => f.key);
const SIGN = { by: '王审签', at: '2026-11-30' };

const ENTRY = [
  '---',
  'title: 《测试》政策解读',
  'documents:',
  '  - guofa-2019-5',
  'form: 问答',
  'publishedAt: 2019-02-20',
  '# 更新记录按时间先后',
  'history:',
  '  - date: 2019-03-01',
  '    note: 补充问答',
  '---',
  '',
  '## 一、为什么出台',
  '',
  '正文。',
  '',
].join('\n');

describe('addSignOff', () => {
  it('adds the signOff lines where the schema puts the field, with the comment above the next field kept on it, and nothing else changed', () => {
    const result = addSignOff(ENTRY, SIGN, ORDER);
    expect(result.kind).toBe('added');
    const text = (result as { text: string }).text;
    expect(text).toBe(ENTRY.replace('# 更新记录按时间先后\n', 'signOff:\n  by: 王审签\n  at: 2026-11-30\n# 更新记录按时间先后\n'));
  });

  it('goes at the end of the frontmatter when no later field is there, and keeps CR LF line endings', () => {
    const crlf = ['---', 'title: 标题', 'form: 问答', '---', '', '正文。', ''].join('\r\n');
    const result = addSignOff(crlf, SIGN, ORDER);
    expect(result).toEqual({ kind: 'added', text: ['---', 'title: 标题', 'form: 问答', 'signOff:', '  by: 王审签', '  at: 2026-11-30', '---', '', '正文。', ''].join('\r\n') });
  });

  it('leaves a signOff already there as the editor wrote it', () => {
    const signed = ENTRY.replace('form: 问答\n', 'form: 问答\nsignOff:\n  by: 李主任\n  at: 2019-02-19\n');
    expect(addSignOff(signed, SIGN, ORDER)).toEqual({ kind: 'kept', existing: { by: '李主任', at: '2019-02-19' } });
  });

  it('a file without a closed frontmatter is refused in Chinese, naming the file', () => {
    expect(() => addSignOff('---\ntitle: x\n', SIGN, ORDER, 'content/interpretations/a.mdx')).toThrow(/content\/interpretations\/a\.mdx 的字段部分缺少结尾的 ---/);
    expect(() => addSignOff('正文', SIGN, ORDER, 'a.mdx')).toThrow(SignOffError);
  });

  it('only collections whose schema has signOff get one', () => {
    expect(hasSignOffField('interpretations')).toBe(true);
    expect(hasSignOffField('documents')).toBe(false);
  });
});

/** A Git repository with the entry on main and a workflow branch that changed it, as decap-server leaves it. */
function makeRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'jiedu-signoff-test-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=测试', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'content/interpretations'), { recursive: true });
  writeFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), ENTRY);
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  git('checkout', '-q', '-b', workflowBranch('interpretations', 'jiedu-a'));
  writeFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), ENTRY.replace('正文。', '正文，改过。'));
  git('commit', '-q', '-am', 'edit');
  git('checkout', '-q', 'main');
  return repo;
}

const show = (repo: string, spec: string) => execFileSync('git', ['show', spec], { cwd: repo, encoding: 'utf8' });

describe('recordSignOff on the workflow branch', () => {
  let repo: string;
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('commits the file with signOff on the branch; main, the working tree and HEAD stay as they were', () => {
    const branch = workflowBranch('interpretations', 'jiedu-a');
    const before = show(repo, `${branch}:content/interpretations/jiedu-a.mdx`);
    const done = recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN });
    expect(done).toMatchObject({ kind: 'added', file: 'content/interpretations/jiedu-a.mdx', signOff: SIGN });
    expect(show(repo, `${branch}:content/interpretations/jiedu-a.mdx`)).toBe((addSignOff(before, SIGN, ORDER) as { text: string }).text);
    expect(show(repo, `${branch}~1:content/interpretations/jiedu-a.mdx`)).toBe(before);
    expect(execFileSync('git', ['log', '-1', '--format=%an|%s', branch], { cwd: repo, encoding: 'utf8' }).trim()).toBe('王审签|审签：jiedu-a（王审签，2026-11-30）');
    expect(readFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), 'utf8')).toBe(ENTRY);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
    expect(execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('main');
  });

  it('a second move to 就绪 replaces the sign-off this server wrote with the new signer and date, nothing else changed', () => {
    const branch = workflowBranch('interpretations', 'jiedu-a');
    const before = show(repo, `${branch}:content/interpretations/jiedu-a.mdx`);
    recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN });
    const again = { by: '别人', at: '2026-12-01' };
    expect(recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...again }).kind).toBe('replaced');
    expect(show(repo, `${branch}:content/interpretations/jiedu-a.mdx`)).toBe((addSignOff(before, again, ORDER) as { text: string }).text);
  });

  it('leaving 就绪 removes only the lines of the sign-off this server wrote, as one commit; main and the working tree stay', () => {
    const branch = workflowBranch('interpretations', 'jiedu-a');
    const before = show(repo, `${branch}:content/interpretations/jiedu-a.mdx`);
    recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN });
    const done = withdrawSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', by: '王审签' });
    expect(done).toMatchObject({ kind: 'removed', signOff: SIGN });
    expect(show(repo, `${branch}:content/interpretations/jiedu-a.mdx`)).toBe(before);
    expect(execFileSync('git', ['log', '-1', '--format=%s', branch], { cwd: repo, encoding: 'utf8' }).trim()).toBe('撤回审签：jiedu-a（移出“就绪”）');
    expect(readFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), 'utf8')).toBe(ENTRY);
    expect(withdrawSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', by: '王审签' }).kind).toBe('none');
  });

  it('a signOff written by hand into the file on main is the editor\'s: neither removed nor replaced', () => {
    const signed = ENTRY.replace('form: 问答\n', 'form: 问答\nsignOff:\n  by: 李主任\n  at: 2019-02-19\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=测试', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });
    writeFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), signed);
    git('commit', '-q', '-am', 'hand sign-off');
    const branch = workflowBranch('interpretations', 'jiedu-a');
    git('branch', '-f', branch, 'main');
    expect(recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN }).kind).toBe('kept');
    expect(withdrawSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', by: '王审签' }).kind).toBe('kept');
    expect(show(repo, `${branch}:content/interpretations/jiedu-a.mdx`)).toBe(signed);
  });

  it('a signOff changed by hand after the server wrote it is the editor\'s: kept on leaving 就绪', () => {
    const branch = workflowBranch('interpretations', 'jiedu-a');
    recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=测试', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });
    git('checkout', '-q', branch);
    writeFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), show(repo, `${branch}:content/interpretations/jiedu-a.mdx`).replace('by: 王审签', 'by: 李主任'));
    git('commit', '-q', '-am', 'hand edit');
    git('checkout', '-q', 'main');
    expect(withdrawSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', by: '王审签' }).kind).toBe('kept');
    expect(show(repo, `${branch}:content/interpretations/jiedu-a.mdx`)).toMatch(/by: 李主任/);
  });

  it('removeSignOff is the inverse of addSignOff, also with CR LF', () => {
    const crlf = ENTRY.replace(/\n/g, '\r\n');
    expect(removeSignOff((addSignOff(crlf, SIGN, ORDER) as { text: string }).text)).toBe(crlf);
    expect(removeSignOff(ENTRY)).toBeUndefined();
  });

  it('an entry without a workflow branch, or with its branch checked out, is refused in Chinese and nothing changes', () => {
    expect(() => recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-b', ...SIGN })).toThrow(/找不到“jiedu-b”的审核分支 cms\/interpretations\/jiedu-b/);
    execFileSync('git', ['checkout', '-q', workflowBranch('interpretations', 'jiedu-a')], { cwd: repo });
    expect(() => recordSignOff({ root: repo, collection: 'interpretations', slug: 'jiedu-a', ...SIGN })).toThrow(/正在工作区里打开/);
  });

  it('the signer defaults to git config user.name', () => {
    expect(gitUserName(repo)).not.toBe('赵编辑');
    execFileSync('git', ['config', 'user.name', '赵编辑'], { cwd: repo });
    expect(gitUserName(repo)).toBe('赵编辑');
  });

  it('the workflow needs a clean main branch: an uncommitted file is named in the refusal', () => {
    expect(workflowProblem(repo)).toBeUndefined();
    writeFileSync(join(repo, 'content/interpretations/weitijiao.mdx'), ENTRY);
    expect(workflowProblem(repo)).toMatch(/有没有提交的改动[\s\S]*content\/interpretations\/weitijiao\.mdx/);
  });

  it('the workflow does not start without a Git name and email: the refusal says the two commands, before anything is written', async () => {
    // Only the repository's own config and an empty global one: the machine's settings must not decide the test.
    const home = mkdtempSync(join(tmpdir(), 'jiedu-home-'));
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL };
    Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'gitconfig') });
    try {
      const branches = execFileSync('git', ['branch', '--list'], { cwd: repo, encoding: 'utf8' });
      await expect(startCmsServer({ root: repo, port: 0, proxyPort: 0, workflow: true })).rejects.toThrow(
        /Git 还没有设置姓名（user\.name）和邮箱（user\.email）[\s\S]*git config --global user\.name "你的姓名"\n {2}git config --global user\.email "你的邮箱"/,
      );
      expect(execFileSync('git', ['branch', '--list'], { cwd: repo, encoding: 'utf8' })).toBe(branches);
      execFileSync('git', ['config', 'user.name', '赵编辑'], { cwd: repo });
      expect(gitIdentityProblem(repo)).toMatch(/^这台电脑的 Git 还没有设置邮箱（user\.email）/);
      execFileSync('git', ['config', 'user.email', 'zhao@example.org'], { cwd: repo });
      expect(gitIdentityProblem(repo)).toBeUndefined();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the first uncommitted file keeps its whole name (the porcelain line is not trimmed before its status is cut)', () => {
    writeFileSync(join(repo, 'content/interpretations/jiedu-a.mdx'), ENTRY.replace('正文。', '改了。'));
    expect(workflowProblem(repo)).toMatch(/\n {2}content\/interpretations\/jiedu-a\.mdx\n/);
  });
});

describe('start-up of the form editor', () => {
  it('a proxy port already taken (a helper left over from a killed npm run cms) is refused in Chinese, naming the port and the fix', async () => {
    const squatter = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((done) => squatter.listen(0, '127.0.0.1', done));
    const port = (squatter.address() as AddressInfo).port;
    try {
      await expect(startCmsServer({ root: tmpdir(), port: 0, proxyPort: port })).rejects.toThrow(
        new RegExp(`^端口 ${port}（本地代理）已被别的程序占用，表单编辑器没有启动[\\s\\S]*lsof -i :${port}[\\s\\S]*npm run cms -- --proxy-port ${port + 1}`),
      );
      await expect(ensurePortFree(port, 'port', '编辑页面')).rejects.toThrow(/^端口 \d+（编辑页面）已被别的程序占用/);
    } finally {
      await new Promise<void>((done) => squatter.close(() => done()));
    }
    await expect(ensurePortFree(port, 'proxy-port', '本地代理')).resolves.toBeUndefined();
  });

  it('the proxy child dies with its parent: SIGKILL of the parent ends it (the watchdog on its stdin pipe)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-watchdog-'));
    // Stands in for decap-server: runs until killed.
    writeFileSync(join(dir, 'helper.cjs'), 'setInterval(() => {}, 1000);\n');
    const parentCode = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(proxyWithWatchdog(join(dir, 'helper.cjs')))}], { stdio: ['pipe', 'inherit', 'inherit'] }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((done) => parent.stdout!.once('data', (d: Buffer) => done(Number(String(d).trim()))));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(alive(childPid)).toBe(true);
      parent.kill('SIGKILL');
      for (let i = 0; i < 50 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(childPid)).toBe(false);
    } finally {
      if (alive(childPid)) process.kill(childPid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the proxy passes requests on and records the sign-off on a move to 就绪', () => {
  let repo: string;
  let fake: Server;
  let seen: { action: string; params: Record<string, unknown> }[];
  let url: string;

  beforeEach(async () => {
    repo = makeRepo();
    seen = [];
    // Stands in for decap-server: records each request and answers as it does.
    fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        seen.push(JSON.parse(body) as (typeof seen)[number]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'ok' }));
      });
    });
    await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/api/v1`;
  });
  afterEach(async () => {
    await new Promise<void>((done) => fake.close(() => done()));
    rmSync(repo, { recursive: true, force: true });
  });

  const statusRequest = (newStatus: string, slug = 'jiedu-a') =>
    JSON.stringify({ branch: 'main', action: 'updateUnpublishedEntryStatus', params: { branch: 'main', collection: 'interpretations', slug, newStatus } });
  const branchFile = () => show(repo, `${workflowBranch('interpretations', 'jiedu-a')}:content/interpretations/jiedu-a.mdx`);

  it('就绪 (ready): the sign-off is on the branch before the proxy is asked to change the status', async () => {
    const forward = proxyForwarder(repo, url, '王审签');
    const answer = await forward(statusRequest('pending_publish'));
    expect(answer.status).toBe(200);
    expect(seen.map((r) => [r.action, r.params.newStatus])).toEqual([['updateUnpublishedEntryStatus', 'pending_publish']]);
    expect(branchFile()).toMatch(/\nsignOff:\n {2}by: 王审签\n {2}at: \d{4}-\d{2}-\d{2}\n# 更新记录按时间先后\n/);
  });

  it('审核中 (in review) records nothing; other requests pass unchanged', async () => {
    const forward = proxyForwarder(repo, url, '王审签');
    const before = branchFile();
    await forward(statusRequest('pending_review'));
    await forward(JSON.stringify({ action: 'entriesByFolder', params: { branch: 'main', folder: 'content/interpretations' } }));
    expect(seen.map((r) => r.action)).toEqual(['updateUnpublishedEntryStatus', 'entriesByFolder']);
    expect(branchFile()).toBe(before);
  });

  it('a save from a form opened before the sign-off is refused instead of dropping it; a save that keeps it goes through', async () => {
    const forward = proxyForwarder(repo, url, '王审签');
    await forward(statusRequest('pending_publish'));
    const save = (raw: string) =>
      JSON.stringify({
        branch: 'main',
        action: 'persistEntry',
        params: { branch: 'main', dataFiles: [{ slug: 'jiedu-a', path: 'content/interpretations/jiedu-a.mdx', raw }], assets: [], options: { useWorkflow: true, collectionName: 'interpretations', commitMessage: 'x' } },
      });
    const stale = await forward(save(ENTRY));
    expect(stale.status).toBe(409);
    expect((JSON.parse(stale.body) as { error: string }).error).toMatch(/^这篇已经审签（王审签，\d{4}-\d{2}-\d{2}），表单里是审签之前的内容/);
    expect(seen.map((r) => r.action)).toEqual(['updateUnpublishedEntryStatus']);
    const fresh = await forward(save(branchFile().replace('正文，改过。', '正文，又改过。')));
    expect(fresh.status).toBe(200);
    expect(seen.map((r) => r.action)).toEqual(['updateUnpublishedEntryStatus', 'persistEntry']);
  });

  it('moving back to 审核中 takes the sign-off off the branch; a form still holding it cannot bring it back; 就绪 again signs anew', async () => {
    const before = branchFile();
    const forward = proxyForwarder(repo, url, '王审签');
    await forward(statusRequest('pending_publish'));
    const signedText = branchFile();
    await forward(statusRequest('pending_review'));
    expect(branchFile()).toBe(before);
    const save = (raw: string) =>
      JSON.stringify({
        branch: 'main',
        action: 'persistEntry',
        params: { branch: 'main', dataFiles: [{ slug: 'jiedu-a', path: 'content/interpretations/jiedu-a.mdx', raw }], assets: [], options: { useWorkflow: true, collectionName: 'interpretations', commitMessage: 'x' } },
      });
    const old = await forward(save(signedText.replace('title: 《测试》政策解读', 'title: 改过的标题')));
    expect(old.status).toBe(409);
    expect((JSON.parse(old.body) as { error: string }).error).toMatch(/^这篇移出“就绪”时已去掉审签/);
    expect((await forward(save(before.replace('title: 《测试》政策解读', 'title: 改过的标题')))).status).toBe(200);
    await proxyForwarder(repo, url, '新审签')(statusRequest('pending_publish'));
    expect(branchFile()).toMatch(/\nsignOff:\n {2}by: 新审签\n/);
    expect(branchFile()).not.toMatch(/王审签/);
  });

  it('a sign-off that cannot be written refuses the move with the Chinese reason, and the proxy is not asked', async () => {
    const forward = proxyForwarder(repo, url, '王审签');
    const answer = await forward(statusRequest('pending_publish', 'jiedu-b'));
    expect(answer.status).toBe(422);
    expect((JSON.parse(answer.body) as { error: string }).error).toMatch(/^找不到“jiedu-b”的审核分支/);
    expect(seen).toEqual([]);
  });
});
