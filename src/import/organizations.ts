/**
 * Organisations of an import: one file per issuer and interpreting office named in the records. An existing
 * organisation file is the editor's: the importer only adds fields it lacks (see mergeOrganization).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument, stringify } from 'yaml';
import { entryFile } from '../content/registry';
import type { ExistingEntry } from './existing';
import { claimId, organizationId } from './ids';
import type { DocumentRecord, InterpretationRecord } from './records';
import { renderOrganizationFile, type OrganizationData } from './render';
import type { PlannedFile } from './write';

/** Organisation codes (the part of a 索引号 before the slash) the schema accepts. */
const ORG_CODE = /^(?:[0-9A-Z]{9}|[0-9A-Z]{18})$/;

/**
 * 文号 prefix (机关代字) → organisation name, from the docNumberPrefixes of content/organizations/*.yaml: the
 * importer fills a missing issuer from it, and so does npm run new. A prefix claimed by two organisations maps
 * to neither (the editor decides).
 */
export function issuerPrefixMap(organizations: ExistingEntry[]): Map<string, string> {
  const map = new Map<string, string>();
  const clash = new Set<string>();
  for (const org of organizations) {
    if (!org.name) continue;
    for (const prefix of org.docNumberPrefixes ?? []) {
      if (map.has(prefix) && map.get(prefix) !== org.name) clash.add(prefix);
      else map.set(prefix, org.name);
    }
  }
  for (const prefix of clash) map.delete(prefix);
  return map;
}

/** Plans one file per organisation named as issuer or lead office; returns name → organisation id. */
export function planOrganizations(
  root: string,
  documents: DocumentRecord[],
  interpretations: InterpretationRecord[],
  existing: ExistingEntry[],
  planned: PlannedFile[],
): Map<string, string> {
  const names: string[] = [];
  for (const doc of documents) names.push(...doc.issuers);
  for (const interp of interpretations) if (interp.offices[0]) names.push(interp.offices[0]);

  const byName = new Map(existing.filter((e) => e.name).map((e) => [e.name!, e] as const));
  const taken = new Set(existing.map((e) => e.id));
  const ids = new Map<string, string>();
  const byLeadIssuer = new Map<string, DocumentRecord[]>();
  for (const doc of documents) {
    const lead = doc.issuers[0];
    if (lead !== undefined) byLeadIssuer.set(lead, [...(byLeadIssuer.get(lead) ?? []), doc]);
  }
  for (const name of names) {
    if (ids.has(name)) continue;
    const found = byName.get(name);
    const id = found ? found.id : claimId(organizationId(name), taken);
    ids.set(name, id);
    const code = organizationCode(byLeadIssuer.get(name) ?? []);
    if (found) {
      const current = readFileSync(join(root, found.path), 'utf8');
      const merged = mergeOrganization(current, { name, code });
      // An organisation file the importer cannot edit safely is left exactly as it is.
      planned.push({ path: found.path, collection: 'organizations', content: merged ?? current, merged: true });
      continue;
    }
    planned.push({
      path: entryFile('organizations', id),
      collection: 'organizations',
      content: renderOrganizationFile({ name, code }),
    });
  }
  return ids;
}

/**
 * An existing organisation file with the fields the import knows (name, code) added where the file lacks
 * them, every other byte as the editor wrote it (comments, order, quoting, fields the importer does not know).
 * A field the file has is never changed, even when the import's value differs: the editor's value wins.
 * Returns the text unchanged when nothing is missing, and undefined when the file is not a YAML mapping
 * that can be edited (then it is left alone; the check reports what is wrong with it).
 */
export function mergeOrganization(text: string, data: OrganizationData): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return undefined;
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) return undefined;
  const missing: Record<string, string> = {};
  for (const key of ['name', 'code'] as const) {
    const value = data[key];
    if (value !== undefined && !(contents && contents.has(key))) missing[key] = value;
  }
  if (Object.keys(missing).length === 0) return text;
  if (contents === null || !contents.flow) {
    // A block mapping (or an empty file): append the missing lines, so the editor's bytes stay exactly as written.
    const head = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return head + stringify(missing, { lineWidth: 0, minContentWidth: 0 });
  }
  for (const [key, value] of Object.entries(missing)) doc.set(key, value);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** The organisation code all of an issuer's 索引号 start with, when they agree on one. */
function organizationCode(documents: DocumentRecord[]): string | undefined {
  const codes = new Set<string>();
  for (const doc of documents) if (doc.indexNumber) codes.add(doc.indexNumber.split('/')[0]!.trim());
  const [code] = [...codes];
  return codes.size === 1 && code !== undefined && ORG_CODE.test(code) ? code : undefined;
}

