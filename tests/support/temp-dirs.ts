// Temporary folders for a test file, removed after its last test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Returns `temp(name)`, which makes a fresh folder `<tmpdir>/jiedu-<name>-XXXXXX` and returns its absolute path;
 * every folder made is removed (with its contents) after the calling test file's last test. Call it once at the top
 * level of a test file (it registers vitest's afterAll there).
 */
export function tempDirs(): (name: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const dir = mkdtempSync(join(tmpdir(), `jiedu-${name}-`));
    made.push(dir);
    return dir;
  };
}
