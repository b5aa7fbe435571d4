/**
 * Infographic (图解) images and social cards in the build. Thin: the work is in src/infographics/.
 * - astro:build:start renders every image into .cache/infographics/ (a worker pool; unchanged ones are cached),
 *   so pages calling loadInfographic(id) find their images ready;
 * - astro:build:done publishes dist/tujie/<id>/… and dist/og/<collection>/<id>.png, only if every render succeeded;
 * - in dev, the same URLs are served from the cache, rendered with the fast 'preview' encoding (same pixels).
 */
import type { AstroIntegration } from 'astro';
import { entryUrl } from '../content/registry';
import { AstroError } from 'astro/errors';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildInfographics, findImageFile } from '../infographics/build';
import { renderSocialCardCached } from '../infographics/social-card';
import { readContentForImagesCached } from '../infographics/sources';
import { ContentError, formatProblem } from '../lib/problems';

export { loadInfographic, socialCardPath, infographicDir, type LoadedInfographic } from '../infographics/build';
export { modelToHtml, textVersionId } from '../infographics/html';
export { renderSocialCard } from '../infographics/social-card';

/** Options of the integration. */
export interface InfographicsOptions {
  /** Worker threads for rendering; default min(2, cores). 0 renders on the main thread. */
  workers?: number;
}

export default function infographics(options: InfographicsOptions = {}): AstroIntegration {
  let root = process.cwd();
  const fail = (e: unknown, logger: { error(m: string): void }): never => {
    if (e instanceof ContentError) {
      for (const p of e.problems.filter((x) => x.severity === 'error')) logger.error(`\n${formatProblem(p)}`);
      throw new AstroError(
        `图解图片生成失败（${e.problems.filter((x) => x.severity === 'error').length} 个错误），没有发布任何图解图片。`,
        '按上面每条提示改正后重新运行 npm run build。',
      );
    }
    throw e;
  };
  return {
    name: 'jiedu-infographics',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': async ({ logger }) => {
        try {
          await buildInfographics({ root, outDir: root, publish: false, workers: options.workers, log: (m) => logger.info(m) });
        } catch (e) {
          fail(e, logger);
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          // Everything is in the cache by now; this copies it into dist/.
          await buildInfographics({ root, outDir: fileURLToPath(dir), workers: 0, log: (m) => logger.info(m) });
        } catch (e) {
          fail(e, logger);
        }
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          const url = decodeURIComponent((req.url ?? '').split('?')[0]!);
          // An image beside an infographic's page: <entry URL><file>.webp|png.
          const tujie = new RegExp(`^${entryUrl('infographics', '([a-z0-9-]+)')}([^/]+\\.(?:webp|png))$`).exec(url);
          const og = /^\/og\/(interpretations|infographics|organizations|site)\/([a-z0-9-]+)\.png$/.exec(url);
          try {
            let file: string | undefined;
            if (tujie) file = await findImageFile(tujie[1]!, tujie[2]!, { root, encoding: 'preview' });
            else if (og) {
              const content = readContentForImagesCached(root);
              const card = content.cards.find((c) => c.collection === og[1] && c.id === og[2]);
              if (card) {
                const input = { title: card.title, kindLabel: card.kindLabel, issuer: card.issuer, date: card.date, siteName: content.site.name };
                file = (await renderSocialCardCached(input, content.site.theme, { root })).file;
              }
            }
            if (!file) return next();
            res.setHeader('Content-Type', file.endsWith('.png') ? 'image/png' : 'image/webp');
            createReadStream(file).pipe(res);
          } catch (e) {
            if (e instanceof ContentError) {
              res.statusCode = 500;
              res.setHeader('Content-Type', 'text/plain; charset=utf-8');
              res.end(e.message);
              return;
            }
            next(e);
          }
        });
      },
    },
  };
}
