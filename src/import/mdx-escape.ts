/**
 * Escaping the Markdown of an imported interpretation so that it parses as MDX and renders as the same text
 * (braces, angle brackets, import/export at the start of a line).
 */
import type { Root as MdastRoot, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** A line MDX reads as JavaScript (ESM): `import` or `export` and a space at the very start of a line. */
const ESM_LINE_START = /^(?:import|export)[ \t]/;

/** What escapeForMdx may replace: a brace or angle bracket anywhere, an ESM line start. */
const MDX_SYNTAX = /[{}<>]|^(?:import|export)[ \t]/m;

const markdownReader = unified().use(remarkParse).use(remarkGfm).freeze();

/** Character references for the first letter of `import`/`export`: MDX renders them as the letter itself. */
const ESM_FIRST_LETTER: Record<string, string> = { i: '&#105;', e: '&#101;' };

/**
 * Escapes the text of Markdown so that it parses as MDX and renders as the same text:
 * - `{`, `}`, `<` and `>` get a backslash (in MDX `{` opens an expression and `<` a component);
 * - a line of text starting with `import ` or `export ` (column 1, where MDX reads ESM, that is JavaScript run
 *   at build time) has its first letter written as a character reference, `&#105;mport` / `&#101;xport`, which
 *   MDX renders as “import” / “export”. Lines inside a paragraph are escaped too, although MDX reads ESM only
 *   after a blank line, so that an editor who later splits the paragraph does not turn the line into code.
 *   Indented lines (list items, block quotes) are never ESM and stay as they are.
 * Code is left alone (MDX does not parse it); characters already escaped with a backslash stay as they are;
 * nothing else changes.
 */
export function escapeForMdx(markdown: string): string {
  // Only these characters and line starts are ever replaced: a text without any is returned without parsing it.
  if (!MDX_SYNTAX.test(markdown)) return markdown;
  const tree = markdownReader.parse(markdown);
  // What to write instead of a character, by offset: characters MDX would read as syntax, in text, raw HTML and autolinks.
  const replacements = new Map<number, string>();
  const visit = (node: MdastRoot | RootContent) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const isAutolink =
      node.type === 'link' && start !== undefined && markdown[start] === '<';
    if ((node.type === 'text' || node.type === 'html' || isAutolink) && start !== undefined && end !== undefined) {
      for (let i = start; i < end; i++) {
        const c = markdown[i]!;
        if ((c === '{' || c === '}' || c === '<' || c === '>') && !isEscaped(markdown, i)) replacements.set(i, `\\${c}`);
        else if ((i === 0 || markdown[i - 1] === '\n') && ESM_LINE_START.test(markdown.slice(i, i + 7))) {
          replacements.set(i, ESM_FIRST_LETTER[c]!);
        }
      }
      if (node.type !== 'link') return;
    }
    if (node.type === 'code' || node.type === 'inlineCode') return;
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  if (replacements.size === 0) return markdown;
  let out = '';
  for (let i = 0; i < markdown.length; i++) out += replacements.get(i) ?? markdown[i];
  return out;
}

/** true when the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

