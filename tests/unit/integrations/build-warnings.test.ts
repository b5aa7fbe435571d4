// The build's bundler warnings: Astro's own MDX directive warning is dropped, every other warning goes through.
import { describe, expect, it } from 'vitest';
import buildWarnings, { isAstroDirectiveWarning } from '../../../src/integrations/build-warnings';
import { isContentErrorPayload } from '../../../src/integrations/dev-problems';
import type { CheckResult } from '../../../src/check/validate';

type Log = { code?: string; message: string };

/** The onwarn the integration gives Vite, through its astro:config:setup hook. */
function onwarnOf(): (log: Log, warn: (log: Log) => void) => void {
  let config: { vite?: { build?: { rollupOptions?: { onwarn?: (log: Log, warn: (log: Log) => void) => void } } } } = {};
  const hook = buildWarnings().hooks['astro:config:setup'] as unknown as (o: { updateConfig: (c: typeof config) => void }) => void;
  hook({ updateConfig: (c) => (config = c) });
  return config.vite!.build!.rollupOptions!.onwarn!;
}

describe('bundler warnings in the build', () => {
  const directive = {
    code: 'MODULE_LEVEL_DIRECTIVE',
    message: 'The semantics of the module level directive "use astro:head-inject" in "content/interpretations/x.mdx?astroPropagatedAssets" may not be preserved when bundling.',
  };

  it("drops the warning about Astro's head-inject directive in MDX modules", () => {
    const passed: Log[] = [];
    onwarnOf()(directive, (l) => passed.push(l));
    expect(isAstroDirectiveWarning(directive)).toBe(true);
    expect(passed).toEqual([]);
  });

  it('passes every other warning on, other directives included', () => {
    const passed: Log[] = [];
    const others = [
      { code: 'MODULE_LEVEL_DIRECTIVE', message: 'The semantics of the module level directive "use client" in "x.js" may not be preserved.' },
      { code: 'CIRCULAR_DEPENDENCY', message: 'Circular dependency: a.ts -> b.ts -> a.ts' },
      { message: 'no code at all' },
    ];
    for (const log of others) onwarnOf()(log, (l) => passed.push(l));
    expect(passed).toEqual(others);
  });
});

describe("the preview's error overlay", () => {
  const result = {
    problems: [{ severity: 'error', file: 'content/infographics/x.mdx', line: 3, message: '不认识的组件 <Figur>。' }],
    entries: {},
  } as unknown as CheckResult;

  it('is not sent for an error the content check explains', () => {
    expect(isContentErrorPayload({ type: 'error', err: { name: 'ContentError', message: '内容检查发现 1 个错误' } }, result)).toBe(true);
    expect(isContentErrorPayload({ type: 'error', err: { name: 'Error', message: 'Failed in content/infographics/x.mdx' } }, result)).toBe(true);
  });

  it('is still sent for errors in the code and for other messages', () => {
    expect(isContentErrorPayload({ type: 'error', err: { name: 'TypeError', message: 'x is not a function' } }, result)).toBe(false);
    expect(isContentErrorPayload({ type: 'full-reload' }, result)).toBe(false);
    const clean = { problems: [], entries: {} } as unknown as CheckResult;
    expect(isContentErrorPayload({ type: 'error', err: { name: 'Error', message: 'Failed in content/infographics/x.mdx' } }, clean)).toBe(false);
  });
});
