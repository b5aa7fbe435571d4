/**
 * What `npm run release` requires of content/site.yaml before it builds a site for the public: the footer items
 * a government website must show (《政府网站发展指引》(国办发〔2017〕47号): 网站标识码、ICP 备案编号、公安机关备案标识、
 * 网站主办单位和联系方式 at the foot of every page; src/site/government-footer.ts renders them). `npm run build`
 * and `npm run dev` accept a site without them so a new site can be previewed; a release cannot be made of it.
 * The 党政机关网站标识 is optional (only offices that were issued one have it), but its image must then be a file
 * in public/. Sample values (示例, all-zero numbers) are warnings: they do not stop a release, they are listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSourceFile, type SourceFile } from '../content/files';
import { schemaIssuesToProblems } from '../check/schema-messages';
import { labelOf } from '../schemas/field-labels';
import { SiteSchema, type Site } from '../schemas/site';
import { icpNumberOf, publicFileOf } from '../site/government-footer';
import type { Problem } from '../lib/problems';

/** The site configuration, relative to the project root, as messages name it. */
export const SITE_FILE = 'content/site.yaml';

/** How to add a field under a group that may not exist yet, said once in each fix. */
const UNDER = (group: string) => `（没有 ${group}: 这一行时先加上它，下面的字段缩进两个空格）`;

/**
 * Problems of a parsed site configuration that stop a release (errors) or should be looked at (warnings).
 * `source` locates lines; `projectRoot` is where public/ is. Never throws.
 */
export function siteRequirementProblems(source: SourceFile, site: Site, projectRoot: string): Problem[] {
  const problems: Problem[] = [];
  const data = (source.data ?? {}) as Record<string, unknown>;
  // The line of the field, or of the group it belongs in; none when even the group is missing (not line 1).
  const at = (path: string[]) => ({
    file: source.file,
    ...(path[0]! in data ? { line: source.lineOf(path) } : {}),
    field: path.join('.'),
    label: labelOf(path),
  });

  const { phone, email } = site.contact;
  if (!phone && !email) {
    problems.push({
      severity: 'error',
      ...at(['contact', 'phone']),
      message: '正式发布的网站页脚必须有联系方式（《政府网站发展指引》：页面底部列明网站主办单位和联系方式），contact 下 phone（联系电话）和 email（电子邮箱）都没有填写。',
      fix: `在 ${SITE_FILE} 的 contact 下加一行 phone: '020-12345678' 或 email: zwgk@example.gov.cn（填本单位对外的电话或邮箱）。`,
    });
  }
  if (!icpNumberOf(site)) {
    problems.push({
      severity: 'error',
      ...at(['filing', 'icp']),
      message: '正式发布的网站页脚必须显示 ICP 备案号（《政府网站发展指引》），filing 下没有 icp。',
      fix: `在 ${SITE_FILE} 的 filing 下加一行 icp: 京ICP备05070218号-1${UNDER('filing')}，填工信部备案系统 https://beian.miit.gov.cn/ 中本网站的备案号。`,
    });
  }
  if (!site.filing.police) {
    problems.push({
      severity: 'error',
      ...at(['filing', 'police']),
      message: '正式发布的网站页脚必须显示公安机关备案号（《政府网站发展指引》：公安机关备案标识），filing 下没有 police。',
      fix: `在 ${SITE_FILE} 的 filing 下加一行 police: 京公网安备11010502030143号${UNDER('filing')}，照公安机关备案证明填写。`,
    });
  }
  const conac = site.filing.conac;
  if (conac && !publicFileOf(projectRoot, conac.logo)) {
    problems.push({
      severity: 'error',
      ...at(['filing', 'conac', 'logo']),
      message: `找不到党政机关网站标识的图片 "${conac.logo}"：public${conac.logo} 不存在。页脚会只显示文字，没有标识图片。`,
      fix: `把标识图片文件放到 public${conac.logo}；或把 logo 改成 public/ 里已有图片的地址（以 / 开头）。没有标识的单位删去 conac 这一组。`,
    });
  }

  // Values the sample site ships with, left in by mistake.
  const samples: [string[], string | undefined][] = [
    [['siteIdCode'], site.siteIdCode],
    [['baseUrl'], site.baseUrl],
    [['contact', 'organiser'], site.contact.organiser],
    [['contact', 'email'], site.contact.email],
    [['contact', 'address'], site.contact.address],
    [['filing', 'icp'], site.filing.icp],
    [['filing', 'police'], site.filing.police],
    [['filing', 'conac', 'url'], conac?.url],
    [['filing', 'conac', 'alt'], conac?.alt],
  ];
  for (const [path, value] of samples) {
    if (value !== undefined && isSampleValue(value)) {
      problems.push({
        severity: 'warning',
        ...at(path),
        message: `"${value}" 看起来是示例值（含“示例”或全是 0 的编号），会原样显示在正式网站上。`,
        fix: `在 ${SITE_FILE} 中把 ${path.join('.')} 改成本单位的真实信息。`,
      });
    }
  }
  return problems;
}

/** true for a value the sample site uses: it says 示例 or its number is all zeros (0000000000, 京ICP备00000000号). */
export function isSampleValue(value: string): boolean {
  if (/示例|example/i.test(value)) return true;
  const runs = value.match(/\d{6,}/g) ?? [];
  return runs.length > 0 && runs.every((run) => /^0+$/.test(run));
}

/**
 * Reads content/site.yaml under `projectRoot` and returns every problem that stops a release: a missing or
 * unreadable file, a YAML or schema error (the check's own messages), then the footer requirements above.
 */
export function checkSiteRequirements(projectRoot: string): Problem[] {
  const path = join(projectRoot, SITE_FILE);
  if (!existsSync(path)) {
    return [{ severity: 'error', file: SITE_FILE, message: `没有找到站点配置 ${SITE_FILE}。`, fix: `在项目文件夹里新建 ${SITE_FILE}（可照示例站的写法），再发布。` }];
  }
  const problems: Problem[] = [];
  const source = parseSourceFile('site', SITE_FILE, readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), problems);
  if (source.data === undefined) return problems;
  const parsed = SiteSchema.safeParse(source.data);
  if (!parsed.success) return [...problems, ...schemaIssuesToProblems(source, parsed.error.issues)];
  return [...problems, ...siteRequirementProblems(source, parsed.data, projectRoot)];
}
