/**
 * Where Astro keeps its caches (its content store of rendered Markdown and the incremental build's pages):
 * `.cache/astro/<digest>/`, one folder per version of the site's code.
 *
 * Astro's content store re-renders an entry when the entry's file changes, and its incremental build re-renders a
 * page when the page's own code changes; neither looks at the Markdown pipeline's plugins (src/markdown/: the
 * sanitiser, footnotes, tables), so a studio upgrade that changes them would publish bodies rendered by the old
 * code. The digest covers every file under src/ (the plugins and what they import), astro.config.mjs and
 * package-lock.json (Astro's and the plugins' packages): any code change starts from an empty cache, while an
 * editor's content changes keep it. Older folders are removed, so the cache holds one version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files whose contents decide the cache folder, relative to `root`, sorted (subfolders of src/ included). */
export function cacheDigestInputs(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(root, path));
    }
  };
  walk(join(root, 'src'));
  files.push('astro.config.mjs', 'package-lock.json');
  return files.sort();
}

/**
 * The cache folder for the code in `root` (absolute path `<root>/.cache/astro/<16 hex digits>`), after removing the
 * folders other versions left in `.cache/astro/`. A missing astro.config.mjs or package-lock.json counts as empty.
 * Throws only what the file system throws on reading src/.
 */
export function astroCacheDir(root: string): string {
  const hash = createHash('sha256');
  for (const file of cacheDigestInputs(root)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, file));
    } catch {
      bytes = Buffer.alloc(0);
    }
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  const digest = hash.digest('hex').slice(0, 16);
  const parent = join(root, '.cache', 'astro');
  let existing: string[] = [];
  try {
    existing = readdirSync(parent);
  } catch {
    // No cache yet.
  }
  for (const name of existing) if (name !== digest) rmSync(join(parent, name), { recursive: true, force: true });
  return join(parent, digest);
}
