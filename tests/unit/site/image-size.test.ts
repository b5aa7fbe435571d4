import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { imageSize } from '../../../src/site/image-size';

const dir = mkdtempSync(join(tmpdir(), 'jiedu-image-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('imageSize (the footer 标识 of every page)', () => {
  it('reads an image once per process: every page gets the same answer without opening the file again', async () => {
    const file = join(dir, 'logo.png');
    writeFileSync(file, await sharp({ create: { width: 110, height: 55, channels: 3, background: '#c00' } }).png().toBuffer());
    const first = imageSize(file);
    expect(await first).toEqual({ width: 110, height: 55 });
    // The file changes on disk: a second page still gets the first answer, read once.
    writeFileSync(file, 'not an image');
    expect(imageSize(file)).toBe(first);
  });

  it('is undefined for a file that is not an image', async () => {
    const file = join(dir, 'broken.png');
    writeFileSync(file, 'not an image');
    expect(await imageSize(file)).toBeUndefined();
  });
});
