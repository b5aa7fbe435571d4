// The release refuses a content/site.yaml without what a government site's footer must show.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../../src/lib/problems';
import { checkSiteRequirements, isSampleValue } from '../../../src/release/site-requirements';
import { FIXTURE_SITE, tempDir } from './helpers';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx/esm');

/** A site.yaml complete for a release, with real-looking (not sample) values. */
const COMPLETE = `name: 某市人民政府政策解读
siteIdCode: '4401000001'
baseUrl: https://zcjd.guangzhou.gov.cn
columns:
  documents: 政策文件
  interpretations: 政策解读
  infographics: 图解
contact:
  organiser: 某市人民政府办公厅
  phone: 020-12345678
filing:
  icp: 粤ICP备05070218号-1
  police: 粤公网安备44010402000001号
`;

/** A project folder holding only content/site.yaml (and public/ files when given). */
function project(siteYaml: string, publicFiles: Record<string, string> = {}): string {
  const root = tempDir('jiedu-site-req-');
  mkdirSync(join(root, 'content'));
  writeFileSync(join(root, 'content', 'site.yaml'), siteYaml);
  for (const [path, text] of Object.entries(publicFiles)) {
    mkdirSync(join(root, 'public', path, '..'), { recursive: true });
    writeFileSync(join(root, 'public', path), text);
  }
  return root;
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');

describe('the footer requirements of a release', () => {
  it('a complete site.yaml has no problem', () => {
    expect(checkSiteRequirements(project(COMPLETE))).toEqual([]);
  });

  it('the sample site has no error, and every sample value it ships with is a warning', () => {
    const problems = checkSiteRequirements(PROJECT);
    expect(errors(problems)).toEqual([]);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['siteIdCode', 'contact.organiser', 'filing.icp', 'filing.police', 'filing.conac.url']));
  });

  it('a site without ICP and 公安 numbers is refused, each with the line, the field and the fix', () => {
    const yaml = COMPLETE.replace(/filing:\n.*\n.*\n/, '');
    expect(checkSiteRequirements(project(yaml)).map(formatProblem).join('\n\n')).toMatchInlineSnapshot(`
      "content/site.yaml  filing.icp (ICP备案号)  [错误]
        正式发布的网站页脚必须显示 ICP 备案号（《政府网站发展指引》），filing 下没有 icp。
        在 content/site.yaml 的 filing 下加一行 icp: 京ICP备05070218号-1（没有 filing: 这一行时先加上它，下面的字段缩进两个空格），填工信部备案系统 https://beian.miit.gov.cn/ 中本网站的备案号。

      content/site.yaml  filing.police (公安机关备案号)  [错误]
        正式发布的网站页脚必须显示公安机关备案号（《政府网站发展指引》：公安机关备案标识），filing 下没有 police。
        在 content/site.yaml 的 filing 下加一行 police: 京公网安备11010502030143号（没有 filing: 这一行时先加上它，下面的字段缩进两个空格），照公安机关备案证明填写。"
    `);
  });

  it("a missing 公安 number under an existing filing group points at that group's line", () => {
    const [problem] = checkSiteRequirements(project(COMPLETE.replace(/  police: .*\n/, '')));
    expect(problem).toMatchObject({ severity: 'error', file: 'content/site.yaml', line: 11, field: 'filing.police' });
  });

  it('a site with neither phone nor e-mail is refused; either one is enough', () => {
    const none = checkSiteRequirements(project(COMPLETE.replace(/  phone: .*\n/, '')));
    expect(none).toEqual([
      expect.objectContaining({ severity: 'error', line: 8, field: 'contact.phone', message: expect.stringContaining('phone（联系电话）和 email（电子邮箱）都没有填写') }),
    ]);
    expect(none[0]!.fix).toContain("在 content/site.yaml 的 contact 下加一行 phone: '020-12345678' 或 email: zwgk@example.gov.cn");
    expect(checkSiteRequirements(project(COMPLETE.replace(/  phone: .*\n/, '  email: zwgk@guangzhou.gov.cn\n')))).toEqual([]);
  });

  it('an ICP number kept in the older place contact.icp still counts', () => {
    const yaml = COMPLETE.replace(/  icp: .*\n/, '').replace('  phone: 020-12345678\n', '  phone: 020-12345678\n  icp: 粤ICP备05070218号-1\n');
    expect(checkSiteRequirements(project(yaml))).toEqual([]);
  });

  it('a 党政机关网站标识 whose image is not in public/ is refused; with the file it passes', () => {
    const yaml = `${COMPLETE}  conac:\n    url: https://bszs.conac.cn/sitename?method=show&id=1A2B3C\n    logo: /images/site/dangzheng.png\n`;
    expect(checkSiteRequirements(project(yaml))).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 16,
        field: 'filing.conac.logo',
        message: '找不到党政机关网站标识的图片 "/images/site/dangzheng.png"：public/images/site/dangzheng.png 不存在。页脚会只显示文字，没有标识图片。',
      }),
    ]);
    expect(checkSiteRequirements(project(yaml, { 'images/site/dangzheng.png': 'png' }))).toEqual([]);
  });

  it("a 公安 number in the wrong form is refused with the check's message and the form to write", () => {
    const [problem] = checkSiteRequirements(project(COMPLETE.replace('粤公网安备44010402000001号', '粤公网安备4401040200号')));
    expect(problem).toMatchObject({ severity: 'error', line: 13, field: 'filing.police', label: '公安机关备案号' });
    expect(problem!.fix).toBe('照公安机关备案证明填写：省份简称 + 公网安备 + 14 位数字 + 号，例如 京公网安备11010502030143号。');
  });

  it('a 标识 image on another site is refused: the page may load nothing from elsewhere', () => {
    const yaml = `${COMPLETE}  conac:\n    url: https://bszs.conac.cn/sitename?method=show&id=1A2B3C\n    logo: https://dcs.conac.cn/image/red.png\n`;
    expect(errors(checkSiteRequirements(project(yaml)))).toEqual([expect.objectContaining({ field: 'filing.conac.logo', label: '标识图片' })]);
  });

  it('no site.yaml is an error naming the file', () => {
    expect(checkSiteRequirements(tempDir())).toEqual([expect.objectContaining({ severity: 'error', file: 'content/site.yaml', message: '没有找到站点配置 content/site.yaml。' })]);
  });

  it('sample values are recognised by 示例 or all-zero numbers, real ones are not', () => {
    for (const sample of ['0000000000', '京ICP备00000000号-1', '京公网安备00000000000000号', '政务公开办公室（示例）', 'https://zcjd.example.gov.cn']) expect(isSampleValue(sample), sample).toBe(true);
    for (const real of ['4401000001', '京ICP备05070218号-1', '京公网安备11010502030143号', '某市人民政府办公厅', 'bm09000013']) expect(isSampleValue(real), real).toBe(false);
  });
});

describe('npm run release and the footer requirements', () => {
  const releaseIn = (cwd: string) => {
    const out = join(tempDir(), 'release');
    const r = spawnSync(process.execPath, ['--import', TSX, join(PROJECT, 'scripts/release.ts'), '--skip-build', '--dist', FIXTURE_SITE, '--out', out, '--version', '1.0.0'], { cwd, encoding: 'utf8' });
    return { r, out };
  };

  it('refuses a site.yaml without the 公安 number, names the file, field and fix, and writes nothing', () => {
    const root = project(COMPLETE.replace(/  police: .*\n/, ''));
    cpSync(join(PROJECT, 'package.json'), join(root, 'package.json'));
    const { r, out } = releaseIn(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('发布失败：content/site.yaml 不符合正式发布的要求（1 处错误），本次没有构建，也没有生成任何发布文件');
    expect(r.stderr).toContain('content/site.yaml:11  filing.police (公安机关备案号)  [错误]');
    expect(r.stderr).toContain('在 content/site.yaml 的 filing 下加一行 police: 京公网安备11010502030143号');
    expect(existsSync(out)).toBe(false);
  });

  it('releases a complete site and lists sample values without stopping', () => {
    // The fixture site's pages are at zcjd.example.gov.cn, itself a sample address.
    const root = project(COMPLETE.replace('某市人民政府办公厅', '某市人民政府办公厅（示例）').replace('https://zcjd.guangzhou.gov.cn', 'https://zcjd.example.gov.cn'));
    cpSync(join(PROJECT, 'package.json'), join(root, 'package.json'));
    const { r, out } = releaseIn(root);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('content/site.yaml 中有 2 处示例值，正式上线前请改掉');
    expect(r.stdout).toContain('content/site.yaml:3  baseUrl (网站地址)  [警告]');
    expect(r.stdout).toContain('content/site.yaml:9  contact.organiser (主办单位)  [警告]');
    expect(JSON.parse(readFileSync(join(out, '1.0.0', 'manifest.json'), 'utf8'))).toMatchObject({ version: '1.0.0' });
  });
});
