/**
 * Images in the bodies of documents, interpretations and infographics. The one way to add an image
 * (docs/editor-guide.md, 图片): put the file under public/images/ and write `![说明](/images/文件名.png)`;
 * the build copies public/ as it is, so the page shows exactly that file. Checked here, before anything is built:
 * the file exists (a relative address like `./x.jpg` would otherwise stop the build with an English Vite error, and
 * a missing `/images/x.png` publish a broken picture), the description (alt) is written, the format is one every
 * browser shows, and the file is not too heavy for a phone. Images from other sites are the sanitiser's
 * (content-safety.ts) and are not reported again here.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, posix, relative, sep } from 'node:path';
import type { Nodes } from 'mdast';
import type { SourceFile } from '../content/files';
import type { Problem } from '../lib/problems';
import { isArticleCollection } from '../content/registry';
import { editDistance, findNearest } from '../lib/text-distance';
import { parseBody } from './lint/markdown';

/** Above this many bytes an image is reported as too heavy (a warning): about 3 s on a slow 3G phone. */
export const IMAGE_WARN_BYTES = 1024 * 1024;

/** File endings every current browser shows in <img>. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.svg', '.avif'];

/** One image written in a body: its address, its description (undefined when there is none) and its file line. */
interface WrittenImage {
  src: string;
  alt: string | undefined;
  line: number;
  /** true for an HTML <img> tag, false for Markdown ![…](…). */
  html: boolean;
  /** true for `![…](…)` left as text because its address has a space or line break: no image is shown. */
  unparsed?: boolean;
}

/** `![说明](地址)` as it is written; in a text node only when Markdown did not take it for an image. */
const IMAGE_AS_TEXT = /!\[([^\]\n]*)\]\(([^)\n]*)\)/g;

/** true when the body could hold an image: Markdown `![`, a reference definition, or an <img> tag. */
function mayHoldImage(body: string): boolean {
  return body.includes('![') || /<img\b/i.test(body);
}

/** The value of attribute `name` in an HTML tag, or undefined; quotes optional, as HTML allows. */
function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

/** Every image of a parsed body, Markdown and HTML alike. */
function imagesOf(source: SourceFile): WrittenImage[] {
  const parsed = parseBody(source);
  if (!parsed.ok) return [];
  const images: WrittenImage[] = [];
  const definitions = new Map<string, string>();
  const references: { id: string; alt: string | undefined; line: number }[] = [];
  const lineOf = (node: { position?: { start: { line: number } } }) => source.bodyLine + (node.position?.start.line ?? 1) - 1;
  const visit = (node: Nodes) => {
    if (node.type === 'text' && node.value.includes('![')) {
      // CommonMark ends an address at a space, so `![图](/images/流程 图.svg)` stays text: the page shows the syntax.
      for (const m of node.value.matchAll(IMAGE_AS_TEXT)) {
        if (!/\s/.test(m[2]!.trim())) continue;
        const before = node.value.slice(0, m.index).split('\n').length - 1;
        images.push({ src: m[2]!.trim(), alt: m[1], line: lineOf(node) + before, html: false, unparsed: true });
      }
    } else if (node.type === 'image') images.push({ src: node.url, alt: node.alt ?? undefined, line: lineOf(node), html: false });
    else if (node.type === 'imageReference') references.push({ id: node.identifier, alt: node.alt ?? undefined, line: lineOf(node) });
    else if (node.type === 'definition') definitions.set(node.identifier, node.url);
    else if (node.type === 'html') {
      for (const m of node.value.matchAll(/<img\b[^>]*>/gi)) {
        const before = node.value.slice(0, m.index).split('\n').length - 1;
        images.push({ src: attribute(m[0], 'src') ?? '', alt: attribute(m[0], 'alt'), line: lineOf(node) + before, html: true });
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parsed.tree);
  for (const r of references) {
    const src = definitions.get(r.id);
    if (src !== undefined) images.push({ src, alt: r.alt, line: r.line, html: false });
  }
  return images;
}

/** Every file under public/images/, as site addresses (/images/…), for the nearest-name suggestion. */
function siteImages(publicDir: string): string[] {
  const dir = join(publicDir, 'images');
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => `/${relative(publicDir, join(e.parentPath, e.name)).split(sep).join('/')}`);
}

/** Size in MB with one decimal, for messages. */
function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Checks the images of every document, interpretation and infographic body of the project at `projectRoot`:
 * errors for a relative address, a missing file, an address outside public/, a format browsers may not show and a
 * missing or empty description, and for `![…](…)` whose address has a space (Markdown shows it as text, not as an
 * image); a warning for a file over IMAGE_WARN_BYTES. Never throws for a bad address.
 */
export function checkImages(projectRoot: string, files: readonly SourceFile[]): Problem[] {
  const publicDir = join(projectRoot, 'public');
  const problems: Problem[] = [];
  let known: string[] | undefined;
  for (const source of files) {
    if (!isArticleCollection(source.collection) || source.data === undefined || !mayHoldImage(source.body)) continue;
    for (const image of imagesOf(source)) {
      const at = { severity: 'error' as const, file: source.file, line: image.line, field: 'body', label: '正文' };
      const src = image.src.trim();
      const shown = src || '（空）';
      const name = posix.basename(src.split(/[?#]/)[0] ?? '') || 'tu1.png';
      const example = `![图片内容的说明](/images/${name})`;
      // Other sites and data: addresses are the sanitiser's to report (content-safety.ts).
      if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('\\')) continue;
      if (image.unparsed) {
        const dot = posix.extname(src);
        const renamed = `${src.slice(0, src.length - dot.length).replace(/\s+/g, '')}${dot}`;
        problems.push({
          ...at,
          message: `“![${image.alt ?? ''}](${src})”不是图片：图片地址里有空格，页面上会原样显示这行文字，不显示图片。`,
          fix: `把地址放进尖括号，写成 ![${image.alt ?? ''}](<${src}>)；或把文件改名为不带空格的 public${renamed}，再写成 ![${image.alt ?? ''}](${renamed})。`,
        });
        continue;
      }
      if (image.alt === undefined || image.alt.trim() === '') {
        problems.push({
          ...at,
          message: `图片“${shown}”没有说明文字（alt）。读屏软件靠它向视障读者读出图片内容，图片打不开时页面也显示它。`,
          fix: image.html
            ? '在 <img> 里加上 alt="图片的内容"，例如 alt="2019年双随机抽查结果统计图"。'
            : `在方括号里写上图片的内容，例如 ![2019年双随机抽查结果统计图](${src || `/images/${name}`})。`,
        });
      }
      if (!src.startsWith('/')) {
        const beside = join(projectRoot, posix.dirname(source.file), src.split(/[?#]/)[0] ?? '');
        const exists = src !== '' && existsSync(beside) && statSync(beside).isFile();
        problems.push({
          ...at,
          message: `图片地址“${shown}”不是以 / 开头的本站地址。正文里的图片都放在 public/images/ 下，地址写成 /images/文件名。`,
          fix: exists
            ? `把 ${relative(projectRoot, beside).split(sep).join('/')} 移到 public/images/${name}，再写成 ${example}。`
            : `把图片放进 public/images/（如 public/images/${name}），再写成 ${example}。`,
        });
        continue;
      }
      let path: string;
      try {
        path = decodeURIComponent(src.split(/[?#]/)[0]!);
      } catch {
        path = src.split(/[?#]/)[0]!;
      }
      // Browsers resolve /../x as /x: an address cannot leave the site, and neither can the file looked up.
      path = posix.normalize(path);
      const full = join(publicDir, ...path.split('/'));
      if (full !== publicDir && !full.startsWith(`${publicDir}${sep}`)) {
        problems.push({ ...at, message: `图片地址“${shown}”指向 public/ 以外的地方。`, fix: `把图片放进 public/images/，再写成 ${example}。` });
        continue;
      }
      if (!existsSync(full) || !statSync(full).isFile()) {
        known ??= siteImages(publicDir);
        // Only a near miss (a typo in the name or folder) is worth suggesting: at most a quarter of the address differs.
        const near = findNearest(path, known, 1).find((c) => editDistance(c, path) <= Math.max(1, Math.floor(path.length / 4)));
        problems.push({
          ...at,
          message: `找不到图片“${shown}”：public${path} 不存在。${near ? `最接近的是“${near}”。` : ''}`,
          fix: near
            ? `如果是它，改为 ${near}；否则把图片放到 public${path}（文件名区分大小写）。`
            : `把图片放到 public${path}（文件名区分大小写），或改正地址。`,
        });
        continue;
      }
      const extension = extname(full).toLowerCase();
      if (!IMAGE_EXTENSIONS.includes(extension)) {
        problems.push({
          ...at,
          message: `图片“${shown}”的格式 ${extension || '（没有扩展名）'} 不是所有浏览器都能显示的图片格式。只能用 ${IMAGE_EXTENSIONS.join('、')}。`,
          fix: '用看图或画图软件把图片另存为 JPG、PNG 或 WebP，再改写地址。',
        });
        continue;
      }
      const bytes = statSync(full).size;
      if (bytes > IMAGE_WARN_BYTES) {
        problems.push({
          ...at,
          severity: 'warning',
          message: `图片“${shown}”有 ${megabytes(bytes)}，超过 ${megabytes(IMAGE_WARN_BYTES)}，手机上要加载很久。`,
          fix: '把图片缩小到宽 1600 像素以内，另存为 JPG 或 WebP（一般不超过 500 KB），用同一个文件名替换。',
        });
      }
    }
  }
  return problems;
}
