// Test helper: a private copy of the project for e2e tests that change content, build or run the dev server
// without touching the working tree other tests read.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** What to bring into the copy besides the sources. */
export interface ProjectCopyOptions {
  /**
   * Also copy `.cache/infographics/` (rendered infographics and social cards, keyed by a hash of their sources), so a
   * build renders only what is new. The page and search-shard caches (`.cache/astro/`, `.cache/search-shards/`) are
   * left behind: a copy's content differs, so they would be copied only to be missed.
   */
  infographicCache?: boolean;
}

/**
 * Copies the project's sources as they are now (tracked and new files, not ignored ones, as `git ls-files` lists
 * them) from `root` into `dir`, and links every package of `node_modules/` one by one, so the copy has its own
 * `node_modules/.astro`, `.vite` and `.cache` caches. Throws when git cannot list the files.
 */
export function copyProjectSources(dir: string, options: ProjectCopyOptions = {}, root = process.cwd()): void {
  const list = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`git ls-files failed: ${list.stderr}`);
  for (const file of list.stdout.split('\0').filter(Boolean)) {
    try {
      cpSync(join(root, file), join(dir, file));
    } catch (e) {
      // A file deleted in the working tree but still in the index.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const infographics = join(root, '.cache', 'infographics');
  if (options.infographicCache && existsSync(infographics)) cpSync(infographics, join(dir, '.cache', 'infographics'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (!['.astro', '.vite', '.cache'].includes(entry)) symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
}
