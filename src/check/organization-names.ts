/**
 * An organisation written by its name instead of its id (`issuer: 广州市政府办公厅`): finds the organisation file
 * the editor meant, so the check can say which id to write.
 */
import { editDistance, findNearest } from '../lib/text-distance';

/** What the check knows of an organisation file: its name and optional short name (src/schemas/organization.ts). */
export interface OrganizationName {
  name: string;
  shortName?: string;
}

/**
 * Short forms used in 文号 and in writing that no edit distance finds (国办 is 国务院办公厅, not 国务院), as
 * published on www.gov.cn (国办发, 中办发, 国函).
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  国办: '国务院办公厅',
  中办: '中共中央办公厅',
  中央办公厅: '中共中央办公厅',
  军委: '中央军委',
  中央军事委员会: '中央军委',
};

/**
 * Common ways an office name is shortened in writing: 人民政府 → 政府, 人民代表大会 → 人大, and the 中华人民共和国
 * prefix of ministries. Both sides are reduced the same way before comparing.
 */
function reduceName(name: string): string {
  const trimmed = name.replace(/\s+/g, '');
  return (ABBREVIATIONS[trimmed] ?? trimmed)
    .replace(/^中华人民共和国/, '')
    .replace(/人民代表大会/g, '人大')
    .replace(/人民政府/g, '政府');
}

/**
 * The administrative levels a name names, in order (省, 自治区, 市, 州, 盟, 县, 旗, 区, 乡, 镇): 某某省人民政府 and
 * 某某市人民政府 differ by one character but are different governments, so a near name must name the same levels.
 */
function levelsOf(name: string): string {
  return (name.match(/自治区|自治州|自治县|[省市州盟县旗区乡镇]/g) ?? []).join('');
}

/** The id of the organisation whose name, short name or reduced name is exactly `written`. */
function findExact(written: string, organizations: ReadonlyMap<string, OrganizationName>): string | undefined {
  const wanted = reduceName(written);
  for (const [id, org] of organizations) {
    if (org.name === written || org.shortName === written || reduceName(org.name) === wanted) return id;
  }
  return undefined;
}

/**
 * The id of the organisation whose name, short name or reduced name (see reduceName, ABBREVIATIONS) is `written`,
 * or else the one whose name is nearest by edit distance: at most a quarter of the name wrong, and naming the same
 * administrative levels (never 某某市 for 某某省). Undefined when none is close.
 */
export function findOrganizationByName(written: string, organizations: ReadonlyMap<string, OrganizationName>): string | undefined {
  const exact = findExact(written, organizations);
  if (exact) return exact;
  const wanted = reduceName(written);
  const byReduced = new Map([...organizations].map(([id, org]) => [reduceName(org.name), id]));
  const near = findNearest(wanted, byReduced.keys(), 1)[0];
  if (near === undefined || levelsOf(near) !== levelsOf(wanted)) return undefined;
  const longest = Math.max([...near].length, [...wanted].length);
  return editDistance(near, wanted) <= Math.max(1, Math.floor(longest / 4)) ? byReduced.get(near) : undefined;
}

/** Separators between the names of several organisations written in one value (国务院、中央军委). */
const SEPARATORS = /[、，,；;／/]+/;

/**
 * The message for an organisation field (`field`: issuer, coIssuers or office) written as a name or alias
 * (广州市政府办公厅) instead of an id: the id to write; for several names in one value (国务院、中央军委), where each
 * goes (issuer one, coIssuers the others); else how to find or create the organisation file.
 */
export function organizationNameMessage(
  written: string,
  organizations: ReadonlyMap<string, OrganizationName>,
  field = 'issuer',
): { message: string; fix: string } {
  const what = `"${written}" 不是机构编号：这里写 content/organizations/ 下机构文件的文件名（不含 .yaml），不写机构名称。`;
  const parts = written.split(SEPARATORS).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length > 1) {
    const ids = parts.map((p) => findOrganizationByName(p, organizations));
    const named = parts.map((p, i) => (ids[i] ? `${p}（${ids[i]}）` : `${p}（没有找到机构文件）`)).join('、');
    const missing = parts.filter((_, i) => !ids[i]);
    const idOr = (i: number) => ids[i] ?? `（${parts[i]}的编号）`;
    const create = missing.length
      ? `${missing.join('、')}还没有机构文件：先在 content/organizations/ 下新建“编号.yaml”（编号用小写拼音），写一行 name: 机构全称。`
      : '';
    const fix =
      field === 'issuer'
        ? `issuer 只写主办（排在最前）的机关：改为 ${idOr(0)}；其他写在 coIssuers（联合发文机关）里，每个一行“- 编号”：${parts.slice(1).map((_, i) => idOr(i + 1)).join('、')}。`
        : field === 'coIssuers'
          ? `coIssuers 每一项只写一个机构，每个一行“- 编号”：${parts.map((_, i) => idOr(i)).join('、')}。`
          : `${field} 只写一个机构，如 ${idOr(0)}。`;
    return { message: `${what}这里写了 ${parts.length} 个机构：${named}。`, fix: `${fix}${create}` };
  }
  const id = findOrganizationByName(written, organizations);
  if (id) return { message: `${what}${organizations.get(id)!.name} 的编号是 ${id}。`, fix: `改为 ${id}。` };
  return {
    message: `${what}没有名称与 "${written}" 相近的机构。`,
    fix: '从 content/organizations/ 中找到这个机构的文件，写它的文件名（如 guowuyuan）；还没有的，先在 content/organizations/ 下新建“编号.yaml”（编号用小写拼音，如 guangzhoushiminzhengju），写一行 name: 机构全称。',
  };
}
