/** Levenshtein distance between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidates closest to `wanted`, nearest first, at most `limit`. Ties keep the order the candidates were given
 * in (an allowed list's own order, so 文字解读 before 专家解读 for 解读): never a locale's collation, which follows
 * the machine's LANG (zh-CN sorts 媒体解读 first, en-US 专家解读) and would make a message differ between machines.
 * Callers pass candidates in a deterministic order (a list in order of preference, or sorted).
 */
export function findNearest(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  return [...candidates]
    // A candidate that contains what was typed (文字 → 文字解读) is the likelier intent.
    .map((c) => ({ c, d: editDistance(wanted, c) - (c.includes(wanted) || wanted.includes(c) ? 1.5 : 0) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.ceil(Math.max(wanted.length, c.length) / 2)))
    // Array.prototype.sort is stable (ES2019): equal distances stay in the candidates' order.
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map(({ c }) => c);
}
