// The layer rule of the source tree (STYLE.md, issue 11): the site's code never depends on the tests or on the
// command-line scripts, which sit on top of it. Imports are read with TypeScript's own pre-processor (static,
// dynamic and type-only imports and re-exports), from .ts/.js files and from the frontmatter and <script>s of
// .astro files.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|astro)$/;

/** The module code of a file: all of it, or for .astro the frontmatter and the contents of <script> elements. */
function codeOf(file: string, text: string): string {
  if (!file.endsWith('.astro')) return text;
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [frontmatter, ...scripts].join('\n;\n');
}

/** Every module specifier a piece of code imports or re-exports, including import() and type-only imports. */
export function importsOf(file: string, text: string): string[] {
  return ts.preProcessFile(codeOf(file, text), true, true).importedFiles.map((f) => f.fileName);
}

/** Each relative import of each source file under `dir`, as project paths with forward slashes. */
function projectImports(dir: string): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const e of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !SOURCE.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    const from = relative(ROOT, path).split(sep).join('/');
    for (const spec of importsOf(path, readFileSync(path, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      edges.push({ from, to: relative(ROOT, resolve(dirname(path), spec)).split(sep).join('/') });
    }
  }
  return edges;
}

const inFolder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('layers', () => {
  it('the import reader sees static, dynamic, type-only and re-exported imports, also in .astro files', () => {
    const code = "import a from '../tests/a';\nimport type { B } from './b';\nexport * from '../scripts/c';\nconst d = await import('../lib/d');";
    expect(importsOf('x.ts', code)).toEqual(['../tests/a', './b', '../scripts/c', '../lib/d']);
    expect(importsOf('X.astro', `---\n${code}\n---\n<p>import x from 'not-code'</p>\n<script>import '../tests/e';</script>`)).toEqual([
      '../tests/a',
      './b',
      '../scripts/c',
      '../lib/d',
      '../tests/e',
    ]);
  });

  it('nothing in src/ imports from tests/ or scripts/', () => {
    const edges = projectImports('src');
    // The scan found the source tree, not an empty folder.
    expect(edges.length).toBeGreaterThan(100);
    const wrong = edges.filter((e) => inFolder(e.to, 'tests') || inFolder(e.to, 'scripts'));
    expect(wrong).toEqual([]);
  });

  it('src/lib/ holds pure domain helpers: it imports nothing of the project outside src/lib/', () => {
    // The scan found the folder's files, not an empty or missing folder.
    const files = readdirSync(join(ROOT, 'src/lib')).filter((f) => SOURCE.test(f));
    expect(files.length).toBeGreaterThan(5);
    const edges = projectImports('src/lib');
    const wrong = edges.filter((e) => !inFolder(e.to, 'src/lib'));
    expect(wrong).toEqual([]);
  });

});
