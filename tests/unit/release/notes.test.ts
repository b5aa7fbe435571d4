import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { normalizeVersion, gitInfo } from '../../../src/release/manifest';
import { diffReleases, findPreviousManifest, renderReleaseNotes } from '../../../src/release/notes';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { threeReleases, tempDir } from './helpers';

describe('release notes', () => {
  it('list what was added, changed and removed by kind and title, in Chinese', async () => {
    const { v1, v2 } = await threeReleases();
    expect(readFileSync(join(v2.dir, 'RELEASE-NOTES.md'), 'utf8')).toBe(v2.notes);
    expect(v2.notes).toMatchInlineSnapshot(`
      "# 政策解读示范站 发布说明：2.0.0

      - 版本：2.0.0（package.json 0.1.0）
      - 构建时间：2026-11-27 10:00（北京时间）
      - 源代码提交：c0ffee000000
      - 对比的上一版本：1.0.0（2026-11-27 09:00 构建）

      ## 概览

      | 栏目 | 新增 | 更新 | 删除 | 本版共计 |
      | --- | ---: | ---: | ---: | ---: |
      | 政策文件 | 0 | 1 | 0 | 1 |
      | 政策解读 | 1 | 1 | 0 | 2 |
      | 图解 | 0 | 1 | 0 | 1 |

      全站文件 31 个（网页 12 个），共 0.0 MB；与上一版本相比新增 3 个、更新 10 个（其中网页 10 个）、删除 1 个。

      > 所有原有内容的页面都有变化，通常是站点模板、样式或导航更新所致，不一定是内容本身改了。

      ## 政策文件

      ### 新增（0）

      无。

      ### 更新（1）

      - [国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见](https://zcjd.example.gov.cn/wenjian/guofa-2019-5/)（guofa-2019-5）

      ### 删除（0）

      无。

      ## 政策解读

      ### 新增（1）

      - [“双随机、一公开”答记者问](https://zcjd.example.gov.cn/jiedu/guofa-2019-5-wenda/)（guofa-2019-5-wenda）

      ### 更新（1）

      - [“双随机、一公开”监管十问](https://zcjd.example.gov.cn/jiedu/guofa-2019-5-jiedu/)（guofa-2019-5-jiedu）

      ### 删除（0）

      无。

      ## 图解

      ### 新增（0）

      无。

      ### 更新（1）

      - [一图读懂“双随机、一公开”](https://zcjd.example.gov.cn/tujie/guofa-2019-5-tujie/)（guofa-2019-5-tujie）

      ### 删除（0）

      无。
      "
    `);
    expect(v2.previous?.version).toBe(v1.manifest.version);
  });

  it('a withdrawn interpretation is listed as removed', async () => {
    const { v3 } = await threeReleases();
    const interpretations = diffReleases(v3.previous, v3.manifest).content.find((c) => c.kind === 'interpretations')!;
    expect(interpretations.removed.map((e) => e.title)).toEqual(['“双随机、一公开”答记者问']);
    expect(v3.notes).toContain('### 删除（1）\n\n- [“双随机、一公开”答记者问](/jiedu/guofa-2019-5-wenda/)（guofa-2019-5-wenda）');
  });

  it('a content page whose HTML did not change is not listed as changed', async () => {
    const { v1 } = await threeReleases();
    const same = diffReleases(v1.manifest, v1.manifest);
    expect(same.content.every((c) => c.added.length + c.changed.length + c.removed.length === 0)).toBe(true);
    expect(same.files).toMatchObject({ added: 0, changed: 0, removed: 0 });
  });

  it('the first release lists everything as added', async () => {
    const { v1 } = await threeReleases();
    expect(v1.notes).toContain('对比的上一版本：无。这是第一个发布');
    expect(renderReleaseNotes(undefined, v1.manifest)).toBe(v1.notes);
  });

  it('the previous release is the newest by build time, whatever the version names', async () => {
    const { releaseRoot } = await threeReleases();
    expect(findPreviousManifest(releaseRoot)).toBe(join(releaseRoot, '3.0.0', 'manifest.json'));
    expect(findPreviousManifest(releaseRoot, '3.0.0')).toBe(join(releaseRoot, '2.0.0', 'manifest.json'));
  });
});

describe('versions and commits', () => {
  it('a version may be a tag name; one that cannot name a directory is refused', () => {
    expect(normalizeVersion('v1.2.0')).toBe('1.2.0');
    expect(normalizeVersion('2026.11.27-1')).toBe('2026.11.27-1');
    expect(normalizeVersion('1.0.0+build.5')).toBe('1.0.0+build.5');
    expect(normalizeVersion('../1')).toBeUndefined();
    expect(normalizeVersion('1 0')).toBeUndefined();
  });

  it('the commit is HEAD, and a changed or new file marks the tree dirty', () => {
    const dir = tempDir();
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.gov.cn', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(dir, 'a.txt'), '1');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    expect(gitInfo(dir)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(dir, 'b.txt'), '2');
    expect(gitInfo(dir)).toEqual({ commit: head, dirty: true });
    expect(gitInfo(tempDir())).toEqual({ commit: null, dirty: false });
  });
});
