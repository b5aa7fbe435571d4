// Issue 12's done-when: the sample site with a dirty office export imported (tests/fixtures/import/office-export.jsonl)
// still builds, with the check on. Drafts to finish are not on the site; an original that is not on this site is a
// link out; a link-only interpretation is a card that opens the original page; 〖〗 文号 are shown as 〔〕.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionBuildEnv } from '../../src/release/build-env';
import { type ImportResult, runImport } from '../../src/import/importer';
import { copyProjectSources } from '../support/project-copy';

const ROOT = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'jiedu-imported-'));
const project = join(work, 'project');
const dist = join(project, 'dist');
let result: ImportResult;

const page = (path: string) => readFileSync(join(dist, path, 'index.html'), 'utf8');

beforeAll(() => {
  copyProjectSources(project, { infographicCache: true });
  result = runImport({ root: project, inputs: [join(ROOT, 'tests/fixtures/import/office-export.jsonl')], rejectsDir: join(work, 'rejects') });
  const build = spawnSync('npx', ['astro', 'build'], { cwd: project, encoding: 'utf8', env: productionBuildEnv() });
  if (build.status !== 0) throw new Error(`astro build with the imported export failed:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the sample site with an office export imported', () => {
  it('builds with 11 imported entries, and the 4 drafts to finish are not on it', () => {
    expect(result.imported).toBe(11);
    for (const d of result.drafts) {
      const [, collection, file] = /^content\/(documents|interpretations)\/(.+)\.mdx?$/.exec(d.path)!;
      const url = `${collection === 'documents' ? 'wenjian' : 'jiedu'}/${file}`;
      expect(existsSync(join(dist, url, 'index.html')), url).toBe(false);
    }
    expect(existsSync(join(dist, 'wenjian/shifuban-2019-1/index.html'))).toBe(true);
  });

  it('shows the 文号 imported as 〖２０１９〗 in the standard form', () => {
    expect(page('wenjian/shifuban-2019-2')).toContain('示府办〔2019〕2号');
  });

  it('shows an original that is not on this site as a link out, and a link-only interpretation as a card to its page', () => {
    const external = readdirSync(join(dist, 'jiedu')).find((d) => d.startsWith('ytddyhyshjtl-'))!;
    expect(page(`jiedu/${external}`)).toContain('href="https://www.gov.cn/zhengce/content/2019-10/23/content_5443963.htm"');
    const linkOnly = readdirSync(join(dist, 'jiedu')).map((d) => `jiedu/${d}`).find((d) => existsSync(join(dist, d, 'index.html')) && page(d).includes('https://example.gov.cn/jd/ox-j6.html'))!;
    expect(page(linkOnly)).toContain('打开原发布页面阅读全文');
  });
});
