import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { ensureBundle } from '../../../src/check/bundle.mjs';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(PROJECT_ROOT, 'tests', 'fixtures', 'editor', 'project');

/** What a bundle prints when Node runs it. */
const runBundle = (file: string) => spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout;

describe('the cached bundle npm run check runs (src/check/bundle.mjs)', () => {
  it('is built once, used while its sources are unchanged, and built again when any of them changes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-bundle-'));
    const cacheDir = join(root, 'cache');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'one';\n");
    writeFileSync(join(root, 'main.ts'), "import { word } from './src/word';\nconsole.log(word);\n");
    const bundle = () => ensureBundle({ root, entry: 'main.ts', cacheDir });

    const first = await bundle();
    expect(first).toMatchObject({ built: true, inputs: 2 });
    expect(runBundle(first.file)).toBe('one\n');
    const again = await bundle();
    expect(again).toEqual({ ...first, built: false });

    // An imported file changes.
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'two';\n");
    const changed = await bundle();
    expect(changed.built).toBe(true);
    expect(changed.file).not.toBe(first.file);
    expect(runBundle(changed.file)).toBe('two\n');

    // A new import: the new file is one of the bundle's sources from then on.
    writeFileSync(join(root, 'src', 'more.ts'), "export const more = 'three';\n");
    writeFileSync(join(root, 'main.ts'), "import { word } from './src/word';\nimport { more } from './src/more';\nconsole.log(word, more);\n");
    expect(runBundle((await bundle()).file)).toBe('two three\n');
    expect((await bundle()).built).toBe(false);
    writeFileSync(join(root, 'src', 'more.ts'), "export const more = 'four';\n");
    expect(runBundle((await bundle()).file)).toBe('two four\n');

    // Other packages installed (the lock file changed).
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
    expect((await bundle()).built).toBe(true);
    expect((await bundle()).built).toBe(false);
    // Only the manifest and the bundles (stale ones are removed once they are 10 minutes old); no temporary files.
    expect(readdirSync(cacheDir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('npm run check (node scripts/check.mjs) prints and exits as the check run from source does', () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-bundle-check-'));
    cpSync(FIXTURE, root, { recursive: true });
    mkdirSync(join(root, 'content', 'interpretations'));
    writeFileSync(
      join(root, 'content', 'interpretations', 'jiedu.mdx'),
      '---\ntitle: 《意见》解读\ndocuments:\n  - guobanfa-2019-6\nform: 文字解读\npublishedAt: 2019年3月5日\n---\n\n意见指出,在市场监管领域。\n',
    );
    const clean = (s: string) => s.replace(/；\d+ ms）/g, '；… ms）');
    for (const args of [[], ['content/documents/guobanfa-2019-6.md'], ['--help'], ['--nope']]) {
      const bundled = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'check.mjs'), ...args], { cwd: root, encoding: 'utf8' });
      const source = spawnSync('npx', ['--prefix', PROJECT_ROOT, 'tsx', join(PROJECT_ROOT, 'scripts', 'check.ts'), ...args], { cwd: root, encoding: 'utf8' });
      expect(bundled.stderr, args.join(' ')).toBe(source.stderr);
      expect(clean(bundled.stdout), args.join(' ')).toBe(clean(source.stdout));
      expect(bundled.status, args.join(' ')).toBe(source.status);
    }
    // Eight runs of the check; a loaded machine takes its time.
  }, 180_000);

  it('npm run check -- --fix through the bundle writes what the check from source writes', () => {
    const copy = () => {
      const root = mkdtempSync(join(tmpdir(), 'jiedu-bundle-fix-'));
      cpSync(FIXTURE, root, { recursive: true });
      mkdirSync(join(root, 'content', 'interpretations'));
      writeFileSync(
        join(root, 'content', 'interpretations', 'jiedu.mdx'),
        '---\ntitle: 《意见》解读\ndocuments:\n  - guobanfa-2019-6\nform: 文字解读\npublishedAt: 2019年3月5日\n---\n\n意见指出,在市场监管领域。\n',
      );
      return root;
    };
    const [a, b] = [copy(), copy()];
    const bundled = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'check.mjs'), '--fix'], { cwd: a, encoding: 'utf8' });
    const source = spawnSync('npx', ['--prefix', PROJECT_ROOT, 'tsx', join(PROJECT_ROOT, 'scripts', 'check.ts'), '--fix'], { cwd: b, encoding: 'utf8' });
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(source.status);
    const written = (root: string) => readFileSync(join(root, 'content', 'interpretations', 'jiedu.mdx'), 'utf8');
    expect(written(a)).toBe(written(b));
    expect(written(a)).toContain('publishedAt: 2019-03-05\n---\n\n意见指出，在市场监管领域。');
  }, 120_000);

  it('a bundle kept outside the project (node_modules/ read-only) loads the packages left outside it from the project', async () => {
    // scripts/check.mjs passes a folder under os.tmpdir() as cacheDir when node_modules/ cannot be written.
    const cacheDir = mkdtempSync(join(tmpdir(), 'jiedu-check-fallback-'));
    const { file } = await ensureBundle({ root: PROJECT_ROOT, entry: 'scripts/check.ts', cacheDir });
    const root = mkdtempSync(join(tmpdir(), 'jiedu-bundle-fallback-'));
    cpSync(FIXTURE, root, { recursive: true });
    const run = spawnSync(process.execPath, [file, '--fix'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});

/** The machine's own Node when it is older than the project's (Debian's Node 20 here), which editors may run by hand. */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return /^v\d+/.test(version) && Number(version.slice(1).split('.')[0]) < 22;
});

describe.skipIf(!OLD_NODE)('node scripts/check.mjs run with an older Node', () => {
  it('says in Chinese that Node 22 is needed and how to run the check, instead of a missing export in English', () => {
    const run = spawnSync(OLD_NODE!, ['scripts/check.mjs'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^检查需要 Node 22 或更新的版本，现在运行的是 Node 2\d\.\d+\.\d+。\n {2}请在项目文件夹里用 npm run check 运行/);
    expect(run.stderr).not.toMatch(/SyntaxError|does not provide an export/);
  });
});
