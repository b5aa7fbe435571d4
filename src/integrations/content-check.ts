/**
 * Runs the content check before Astro reads any content, so `astro build` stops on the same problems as
 * `npm run check`, with the same messages, and a failed check publishes nothing. `astro dev` keeps running
 * and shows the problems in the terminal.
 */
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { fileURLToPath } from 'node:url';
import { checkContent } from '../check/validate';
import { holdSnapshot } from '../content/snapshot';
import { contentReadCounts } from '../content/files';
import { formatProblem } from '../lib/problems';

export default function contentCheck(): AstroIntegration {
  return {
    name: 'jiedu-content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        // Type checking (astro check) and preview do not publish content.
        if (command !== 'build' && command !== 'dev') return;
        // One snapshot of content/ for the whole run: this check, the content layer, the images and the pages.
        const root = fileURLToPath(config.root);
        holdSnapshot(root);
        // The build leaves out the copy-style lint (warnings only, half the check's time on a large site); the
        // preview keeps it, as its problem list (dev-problems.ts) shows the same result.
        const { problems } = checkContent(root, undefined, { copyStyle: command === 'dev' });
        const errors = problems.filter((p) => p.severity === 'error');
        const warnings = problems.length - errors.length;
        if (warnings) logger.warn(`内容检查：${warnings} 个警告（运行 npm run check 查看）。`);
        if (command === 'build') logger.info('文字规范（标点、空格等）的提示不在构建时检查，运行 npm run check 查看。');
        if (errors.length === 0) return;
        for (const p of errors) logger.error(`\n${formatProblem(p)}`);
        if (command === 'build') {
          throw new AstroError(
            `内容检查发现 ${errors.length} 个错误，网站没有生成。`,
            '按上面每条提示改正后重新运行 npm run build；也可以先运行 npm run check 只做检查。',
          );
        }
      },
      'astro:build:done': ({ logger }) => {
        // JIEDU_READ_COUNT=1 npm run build: how often the build read each content file (src/content/files.ts).
        if (process.env.JIEDU_READ_COUNT !== '1') return;
        const counts = [...contentReadCounts().values()];
        const more = [...contentReadCounts()].filter(([, n]) => n > 1);
        logger.info(
          `内容文件读取次数：${counts.length} 个文件，共读取 ${counts.reduce((a, b) => a + b, 0)} 次` +
            `${more.length ? `；读了不止一次的：${more.map(([f, n]) => `${f} ${n} 次`).join('、')}` : '，每个文件一次'}。`,
        );
      },
    },
  };
}
