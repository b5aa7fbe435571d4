/**
 * Keeps third-party bundler warnings that say nothing to act on out of the build's output.
 *
 * Astro compiles every .mdx entry into a module that starts with its own directive "use astro:head-inject"; the
 * bundler (Rolldown, in Vite 8) warns MODULE_LEVEL_DIRECTIVE for each one — ten lines per interpretation and
 * infographic, about 380 screens' worth of lines on a full site — although Astro reads the directive itself before
 * bundling and nothing is lost. Only that warning about that directive is dropped; every other warning is
 * passed on unchanged.
 */
import type { AstroIntegration } from 'astro';

/** The bundler's log entry, as Rollup and Rolldown pass it to onwarn. */
interface BundlerLog {
  code?: string;
  message: string;
}

/** true for the one warning this integration drops: MODULE_LEVEL_DIRECTIVE about "use astro:head-inject". */
export function isAstroDirectiveWarning(log: BundlerLog): boolean {
  return log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use astro:head-inject');
}

export default function buildWarnings(): AstroIntegration {
  return {
    name: 'jiedu-build-warnings',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            build: {
              rollupOptions: {
                onwarn(log: BundlerLog, warn: (log: BundlerLog) => void) {
                  if (!isAstroDirectiveWarning(log)) warn(log);
                },
              },
            },
          },
        });
      },
    },
  };
}
