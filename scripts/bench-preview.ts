/**
 * `npm run bench:preview [-- --runs 5]`: how long the dev server takes to show an infographic again after its
 * source is saved — parse the source and render its images, in a process that has its fonts loaded already
 * (as `npm run dev` has) — with the preview encoding, and with the published encoding as the baseline.
 * Each run renders into an empty cache. Prints the median per sample infographic: wall time, CPU time (all threads
 * of the process: the JavaScript thread and the rasteriser's and encoder's threads; on a shared machine the wall time
 * follows everyone else's load, the CPU time hardly does) and the load average.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadInfographic } from '../src/infographics/build';
import type { Encoding } from '../src/infographics/raster';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:preview [-- --runs 5]

How long the dev server takes to show an infographic again after its source is saved, with the preview
encoding and with the published encoding; prints the median per sample infographic.
开发预览中保存图解源文件后重新出图要多久（预览编码与发布编码对比）。

  --runs <n>     runs per infographic, median reported (default 5)（每幅图解的次数）
  -h, --help     this text（显示本说明）`;

const { values } = readCommandLine({ name: 'npm run bench:preview', audience: 'operator', usage: USAGE, options: { runs: { type: 'string' } } });
const runs = Number(values.runs) || 5;
const ids = readdirSync('content/infographics').filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, '')).sort();

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Wall and CPU time of one render in ms. */
async function timeRender(id: string, encoding: Encoding): Promise<{ wall: number; cpu: number }> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'jiedu-preview-bench-'));
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await loadInfographic(id, { cacheDir, encoding });
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

// Warm-up: fonts, satori and sharp loaded, as in a running dev server.
await timeRender(ids[0]!, 'preview');
console.log(`Re-render after a save, median of ${runs} runs (${os.availableParallelism()} cores; wall / CPU time, load average at the end):`);
console.log(`${'infographic'.padEnd(30)} ${'preview'.padStart(17)} ${'published'.padStart(17)}  ratio  load`);
for (const id of ids) {
  const preview: { wall: number; cpu: number }[] = [];
  const release: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < runs; r++) {
    preview.push(await timeRender(id, 'preview'));
    release.push(await timeRender(id, 'release'));
  }
  const p = median(preview.map((x) => x.wall));
  const b = median(release.map((x) => x.wall));
  const times = (wall: number, cpu: number) => `${wall.toFixed(0)} / ${cpu.toFixed(0)} ms`.padStart(17);
  console.log(
    `${id.padEnd(30)} ${times(p, median(preview.map((x) => x.cpu)))} ${times(b, median(release.map((x) => x.cpu)))}  ${(b / p).toFixed(1)}x  ${os.loadavg()[0]!.toFixed(1)}`,
  );
}
