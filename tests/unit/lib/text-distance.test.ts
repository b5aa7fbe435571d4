import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findNearest } from '../../../src/lib/text-distance';
import { FORMS } from '../../../src/schemas/interpretation';

describe('findNearest', () => {
  it('breaks a tie by the order the candidates were given in, so the first allowed form is suggested', () => {
    // 文字解读, 专家解读 and 媒体解读 are all one edit plus "contains 解读" away from 解读.
    expect(findNearest('解读', FORMS, 3)).toEqual(['文字解读', '专家解读', '媒体解读']);
    expect(findNearest('解读', [...FORMS].reverse(), 3)).toEqual(['媒体解读', '专家解读', '文字解读']);
  });

  it('still puts a nearer candidate before the tie, whatever the order given', () => {
    expect(findNearest('guofa-2019-5x', ['guofa-2019-3', 'guofa-2019-5', 'guofa-2019-15'], 2)).toEqual(['guofa-2019-5', 'guofa-2019-3']);
  });

  it('gives the same suggestion under any locale of the machine (LANG)', () => {
    const module = fileURLToPath(new URL('../../../src/lib/text-distance.ts', import.meta.url));
    const code = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(m.findNearest('解读', ['媒体解读', '文字解读', '专家解读'], 1)[0]))`;
    const run = (lang: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { env: { ...process.env, LANG: lang, LC_ALL: lang }, encoding: 'utf8' });
    expect([run('zh_CN.UTF-8'), run('en_US.UTF-8'), run('sv_SE.UTF-8')]).toEqual(['媒体解读', '媒体解读', '媒体解读']);
  });
});
