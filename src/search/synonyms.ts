/**
 * Search synonyms and abbreviations editors keep in content/search-synonyms.yaml (医保 ↔ 医疗保障, 社保 ↔ 社会保险):
 * the words of a group stand for each other in a search. Plain TypeScript, no Node imports: the search page's
 * client applies them (it gets the groups in the page, see search-synonyms-file.ts), the tests check them.
 */

/** Groups of words that stand for each other; each word is in one group at most (the check makes sure). */
export type SynonymGroups = readonly (readonly string[])[];

/**
 * The other forms of a term, by the groups: each word of a group the term contains (longest first) replaced by
 * the group's other words, so 医保 gives 医疗保障 and 医保局 gives 医疗保障局. The term itself is not in the list;
 * empty when no group applies. At most `max` forms (every search costs a Pagefind query).
 */
export function synonymsOf(term: string, groups: SynonymGroups, max = 4): string[] {
  const found: string[] = [];
  const words = groups.flatMap((group) => group.map((word) => ({ word, group }))).sort((a, b) => b.word.length - a.word.length);
  for (const { word, group } of words) {
    if (!term.includes(word)) continue;
    for (const other of group) {
      const form = term.replace(word, other);
      if (other !== word && form !== term && !found.includes(form)) found.push(form);
    }
    // The longest word found decides: 医疗保障 in 医疗保障局 is not also read as 医疗 (were 医疗 a word of a group).
    break;
  }
  return found.slice(0, max);
}

/** The groups as the search page carries them (a data attribute holding JSON); [] for anything else. */
export function synonymGroupsFromJson(json: string | undefined): string[][] {
  try {
    const data: unknown = JSON.parse(json ?? '[]');
    if (!Array.isArray(data)) return [];
    return data.filter((g): g is string[] => Array.isArray(g) && g.every((w) => typeof w === 'string'));
  } catch {
    return [];
  }
}
