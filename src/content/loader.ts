/**
 * Astro's content loader for the collections: fills Astro's content store from the content snapshot
 * (src/content/snapshot.ts) instead of reading content/ again, as Astro's glob() loader would.
 *
 * It does what glob() does with a file's text (Astro 7, astro/dist/content/loaders/glob.js), through the public
 * loader API only: Markdown (.md) bodies are rendered here with the project's Markdown processor
 * (context.renderMarkdown), MDX (.mdx) entries are stored with `deferredRender` and their `filePath`, so Astro
 * compiles the file as a module when a page renders it (that compile reads the .mdx file itself: Astro's MDX
 * integration has no way to take the text from a loader), YAML has no body; and an unchanged file (same digest)
 * is not parsed or rendered again.
 *
 * Unlike glob(), in the preview an entry whose frontmatter fails its schema, whose file could not be read, or whose
 * name cannot be a URL is left out of the store instead of stopping Astro with an English error: `npm run dev`
 * keeps running, the rest of the site previews, and the Chinese problem list (src/integrations/dev-problems.ts)
 * says what to fix. A build stops on such a file (in Chinese), as glob() would; its content check normally has
 * stopped it before.
 */
import type { Loader } from 'astro/loaders';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SourceFile } from './files';
import { REGISTRY, findRouteCollision, type CollectionName } from './registry';
import { invalidateSnapshot, readSnapshot } from './snapshot';
import { CHECK_SCHEMAS } from '../schemas/collections';
import { ID_PATTERN } from '../schemas/common';

/** Why a file of a collection is not put into Astro's store, or undefined when it is. */
export function whyLeftOut(collection: CollectionName, source: SourceFile): string | undefined {
  if (source.unreadable || source.data === undefined) return '文件无法读取';
  if (!ID_PATTERN.test(source.id) || findRouteCollision(collection, source.id)) return '文件名不能用作网址';
  if (!CHECK_SCHEMAS[collection].safeParse(source.data).success) return '元数据有错误';
  return undefined;
}


/** The loader of one collection: its entries from the content snapshot of the project root. */
export function snapshotLoader(collection: CollectionName): Loader {
  return {
    name: 'jiedu-snapshot-loader',
    load: async (context) => {
      const { config, store, logger, watcher } = context;
      const root = fileURLToPath(config.root);

      const putEntry = async (source: SourceFile): Promise<void> => {
        const id = source.id;
        const digest = context.generateDigest(source.raw);
        const existing = store.get(id);
        if (existing && existing.digest === digest && existing.filePath === source.file) {
          // What glob() does for an unchanged file: keep it, and tell Astro again that its MDX module is needed.
          if (existing.deferredRender) store.addModuleImport(existing.filePath);
          return;
        }
        const filePath = join(root, source.file);
        const fileData = source.data as Record<string, unknown>;
        const data = await context.parseData({ id, data: fileData, filePath });
        const body = collection === 'organizations' ? undefined : source.body.trim();
        const ext = extname(source.file);
        if (ext === '.md') {
          // The project's Markdown processor (astro.config.mjs markdown.processor), as glob() renders .md files.
          // renderMarkdown() takes a whole file: an empty frontmatter keeps a body that opens with --- (a rule) a body.
          const rendered = await context.renderMarkdown(`---\n---\n${body ?? ''}`, { fileURL: pathToFileURL(filePath) });
          store.set({ id, data, body, filePath: source.file, digest, rendered, assetImports: rendered.metadata?.imagePaths });
        } else if (ext === '.mdx') {
          store.set({ id, data, body, filePath: source.file, digest, deferredRender: true });
        } else {
          store.set({ id, data, body, filePath: source.file, digest });
        }
      };

      const sync = async (): Promise<void> => {
        const snapshot = readSnapshot(root);
        const untouched = new Set(store.keys());
        const leftOut: string[] = [];
        const seen = new Set<string>();
        for (const source of snapshot.entriesOf(collection)) {
          // A second file with the same id (x.yaml and x.yml) is the check's error; the first one is used.
          if (seen.has(source.id)) continue;
          const why = whyLeftOut(collection, source);
          if (why) {
            leftOut.push(`${source.file}（${why}）`);
            continue;
          }
          seen.add(source.id);
          try {
            await putEntry(source);
            untouched.delete(source.id);
          } catch (error) {
            // Only reachable in the preview: the build's content check has refused such a file before.
            if (!watcher) throw error;
            leftOut.push(`${source.file}（${(error as Error).message.split('\n')[0]}）`);
          }
        }
        for (const id of untouched) store.delete(id);
        // A build publishes every file or nothing (its content check has normally stopped it before this).
        if (leftOut.length && !watcher) {
          throw new Error(`${REGISTRY[collection].name}有 ${leftOut.length} 个文件不能发布：${leftOut.join('、')}。运行 npm run check 查看问题和改法。`);
        }
        if (leftOut.length) {
          logger.warn(
            `${REGISTRY[collection].name}有 ${leftOut.length} 个文件暂不在预览中显示：${leftOut.join('、')}。问题和改法见浏览器页面顶部的列表，或运行 npm run check。`,
          );
        }
      };

      await sync();
      if (!watcher) return;
      const dir = resolve(root, 'content', REGISTRY[collection].dir) + sep;
      const onChange = async (changed: string) => {
        if (!changed.startsWith(dir) || !REGISTRY[collection].extensions.some((e) => changed.endsWith(e))) return;
        invalidateSnapshot(root, changed);
        // Let the other listeners of this change (the preview's problem list) mark it first, so it is read once.
        await new Promise((done) => setImmediate(done));
        try {
          await sync();
          logger.info(`已重新载入 ${changed.slice(root.length + 1)}`);
        } catch (error) {
          logger.error(`重新载入 ${changed.slice(root.length + 1)} 失败：${(error as Error).message}`);
        }
      };
      watcher.add(dir);
      watcher.on('change', onChange);
      watcher.on('add', onChange);
      watcher.on('unlink', onChange);
    },
  };
}

