/**
 * Pixel sizes of the site's own images (the 党政机关网站标识 in every page's footer), read once per process: an Astro
 * component's frontmatter runs again for every page, so a cache declared there was a new one each time and every
 * page of a build read the image's header with sharp (at 1,000 documents, 2.4% of the pages' samples in a CPU profile,
 * about 1.8 s of their 75 s of CPU).
 */
import sharp from 'sharp';

const sizes = new Map<string, Promise<{ width: number; height: number } | undefined>>();

/** Width and height in px of the image `file` (an absolute path), or undefined when it cannot be read as an image. */
export function imageSize(file: string): Promise<{ width: number; height: number } | undefined> {
  let size = sizes.get(file);
  if (!size) {
    size = sharp(file)
      .metadata()
      .then((m) => (m.width && m.height ? { width: m.width, height: m.height } : undefined))
      .catch(() => undefined);
    sizes.set(file, size);
  }
  return size;
}
