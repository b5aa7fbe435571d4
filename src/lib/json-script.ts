/**
 * JSON for the inside of a `<script>` element (JSON-LD). JSON.stringify alone is not safe there: the HTML
 * parser ends the element at the first `</script` whatever JSON thinks, and `<!--` changes how it looks for
 * that end; so a title such as `</script><script>alert(1)</script>` would break out and run.
 */

/** Characters escaped as \uXXXX: the HTML-significant ones, and the line separators older JavaScript parsers reject. */
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/**
 * Serialises a value as JSON whose text contains no `<`, `>`, `&`, U+2028 or U+2029: each is written as its
 * \uXXXX escape, which every JSON parser reads back as the same character (RFC 8259 §7), so the data is
 * unchanged. These characters can only occur inside JSON strings, never in its syntax, so escaping them
 * everywhere is exact. Throws what JSON.stringify throws (a cycle, a BigInt), and a TypeError for a value with no JSON form (undefined, a function).
 */
export function serializeJsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('serializeJsonForScript: the value has no JSON form (undefined or a function).');
  return json.replace(UNSAFE_IN_SCRIPT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
