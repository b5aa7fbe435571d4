/**
 * Runs the content check before Astro reads any content, so `astro build` and `astro dev` stop on the same
 * problems as `npm run check`, with the same messages, and a failed check publishes nothing.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkContent } from '../lib/validate';
import { ContentError, formatProblem } from '../lib/problems';

export default function contentCheck(): AstroIntegration {
  return {
    name: 'jiedu-content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const root = fileURLToPath(config.root);
        const { problems } = checkContent(root);
        const errors = problems.filter((p) => p.severity === 'error');
        const warnings = problems.length - errors.length;
        if (warnings) logger.warn(`内容检查：${warnings} 个警告（运行 npm run check 查看）。`);
        if (errors.length === 0) return;
        // In dev the editor keeps working and sees the errors; a build stops before writing anything.
        if (command === 'dev') {
          for (const p of errors) logger.error(formatProblem(p));
          return;
        }
        throw new ContentError(problems);
      },
    },
  };
}
