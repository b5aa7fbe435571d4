/**
 * Reading a `_headers` file the way Netlify and Cloudflare Pages apply it. Kept apart from headers.ts, with no
 * imports, so the test server (tests/support/static-server.ts) can use it.
 */

/** One rule of a `_headers` file: a URL pattern (exact, with a * splat or :placeholders) and headers. */
export interface HeaderRule {
  path: string;
  headers: [string, string][];
}

/** Parses a `_headers` file into rules (comments and blank lines skipped). */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ path: raw.trim(), headers: [] });
      continue;
    }
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon > 0 && rules.length) rules.at(-1)!.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]\w*/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/**
 * Headers for a URL path as Netlify and Cloudflare apply a `_headers` file: every matching rule in order,
 * a header set twice joined with ", ".
 */
export function headersForPath(rules: HeaderRule[], urlPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    if (!patternToRegExp(rule.path).test(urlPath)) continue;
    for (const [name, value] of rule.headers) {
      const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
      out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
    }
  }
  return out;
}
