/**
 * An organisation written by its name instead of its id (`issuer: 广州市政府办公厅`): finds the organisation file
 * the editor meant, so the check can say which id to write.
 */
import { findNearest } from '../lib/text-distance';

/** What the check knows of an organisation file: its name and optional short name (src/schemas/organization.ts). */
export interface OrganizationName {
  name: string;
  shortName?: string;
}

/**
 * Common ways an office name is shortened in writing: 人民政府 → 政府, 人民代表大会 → 人大, and the 中华人民共和国
 * prefix of ministries. Both sides are reduced the same way before comparing.
 */
function reduceName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/^中华人民共和国/, '')
    .replace(/人民代表大会/g, '人大')
    .replace(/人民政府/g, '政府');
}

/**
 * The id of the organisation whose name, short name or reduced name (see reduceName) is `written`, or else the one
 * whose name is nearest by edit distance (at most a quarter of the name wrong); undefined when none is close.
 */
export function findOrganizationByName(written: string, organizations: ReadonlyMap<string, OrganizationName>): string | undefined {
  const wanted = reduceName(written);
  for (const [id, org] of organizations) {
    if (org.name === written || org.shortName === written || reduceName(org.name) === wanted) return id;
  }
  const byReduced = new Map([...organizations].map(([id, org]) => [reduceName(org.name), id]));
  const near = findNearest(wanted, byReduced.keys(), 1)[0];
  if (near === undefined) return undefined;
  const [a, b] = [[...near].length, [...wanted].length];
  return Math.abs(a - b) <= Math.max(1, Math.floor(Math.max(a, b) / 4)) ? byReduced.get(near) : undefined;
}
