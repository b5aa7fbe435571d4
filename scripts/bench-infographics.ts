/**
 * `npx tsx scripts/bench-infographics.ts [--count 50] [--runs 3] [--modes main1,main2,workers2] [--no-chromium]`
 *
 * Measures the infographic images:
 * 1. cold build of `count` infographics (the samples in content/infographics/ replicated with varied text),
 *    each with its social card, from an empty cache; then a rebuild with one infographic changed;
 *    in images per second and peak memory (maxRSS of a fresh process per run), for each way of using
 *    the cores: main1 (one job at a time on the main thread), main2 (two jobs interleaved on the main
 *    thread), workers2 (a worker_threads pool of 2);
 * 2. the usual alternative, doing the same job: a headless Chromium screenshot (playwright-core) of the same text
 *    versions with the masthead and a footer with the page's address and QR code, at 750 image px (the pixels of our
 *    long image: 750 CSS px at device scale 1; the 1500-px 2x screenshot of earlier runs had four times the pixels),
 *    with the same fonts, and a 1200×630 social card per infographic (ours renders one per infographic too);
 * 3. the published files' sizes (the long image per 5,000 px of height, budget 250 KB);
 * 4. the choice of encoding: each sample's long image at 750 px in the published palette PNG and the alternatives
 *    (lossless, near-lossless and lossy WebP, the former 1500-px lossless WebP): bytes, CPU time, pixel error
 *    against the lossless raster.
 * Prints medians of `runs` runs, each with the load average (the machine is shared). Each run is a child process,
 * so peak memory is that run's alone.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:infographics [-- --count 50] [--runs 3] [--modes main1,main2,workers2] [--no-chromium]

Cold render of --count infographics and a rebuild with one changed, per way of using the cores; a headless
Chromium screenshot of the same text versions as the baseline, in the same run; the published files' sizes; the
long image in the published encoding and the alternatives (bytes, CPU time, pixel error).
图解出图基准：冷构建、改一幅后重建、与同一次运行中的 Chromium 截图对比、发布文件大小、各种编码的字节数与误差。

  --count <n>      infographics in the generated site (default 50)（生成的图解数量）
  --runs <n>       runs per measurement, median reported (default 3)（每项次数）
  --modes <list>   main1, main2, workers2, comma-separated (default all three)（使用多核的方式）
  --no-chromium    skip the Chromium baseline（不做 Chromium 截图对比）
  -h, --help       this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:infographics',
  audience: 'operator',
  usage: USAGE,
  options: {
    count: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    modes: { type: 'string', default: 'main1,main2,workers2' },
    'no-chromium': { type: 'boolean', default: false },
    // One measured run in a child process (see runChild); not for people.
    child: { type: 'string' },
    mode: { type: 'string', default: 'main1' },
    site: { type: 'string', default: '' },
    cache: { type: 'string', default: '' },
    out: { type: 'string', default: '' },
  },
});
const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');

interface RunResult {
  ms: number;
  infographics: number;
  rendered: number;
  images: number;
  maxRssMb: number;
  /** 1-minute load average at the end of the run. */
  load: number;
  /** CPU time of the run in ms: every thread of the process and every child process it waited for (Chromium's). */
  cpuMs: number;
  /** Published infographic files of a cold build: bytes in all, and the long images' KB per 5,000 px of height. */
  published?: { bytes: number; files: number; longKbPer5000: number[] };
}

/** Chromium's images per 5,000 px of height: its long screenshots' KB per 5,000 px, and the bytes of all its PNGs. */
interface ChromiumBytes {
  bytes: number;
  longKbPer5000: number[];
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measured run each.

async function child(kind: string): Promise<void> {
  const site = values.site;
  const cacheDir = values.cache;
  const outDir = values.out;
  const started = performance.now();
  if (kind === 'chromium') {
    console.log(JSON.stringify(await chromiumRun(site)));
    return;
  }
  const { buildInfographics } = await import('../src/infographics/build');
  const mode = values.mode;
  const workers = mode.startsWith('workers') ? Number(mode.slice(7)) : 0;
  const inProcess = mode.startsWith('main') ? Number(mode.slice(4)) : 1;
  const report = await buildInfographics({ root: site, cacheDir, outDir, workers, inProcess });
  const rendered = report.infographics.filter((i) => !i.cached);
  const result: RunResult = {
    ms: Math.round(performance.now() - started),
    infographics: report.infographics.length,
    rendered: rendered.length,
    // Images made in this run: every file of each rendered infographic, plus the social cards rendered.
    images: rendered.reduce((n, i) => n + i.files, 0) + report.cards.rendered,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    load: os.loadavg()[0]!,
    cpuMs: cpuMsOfRun(),
    published: await publishedSizes(outDir, report.infographics.map((i) => i.id)),
  };
  console.log(JSON.stringify(result));
}

/**
 * CPU time of this process so far, in ms: its own threads (process.cpuUsage) and the children it has waited for
 * (cutime + cstime of /proc/self/stat, in ticks of 10 ms), so Chromium's browser, renderer and GPU processes count.
 * On a shared machine the wall time of a run depends on everyone else's load; its CPU time hardly does.
 */
function cpuMsOfRun(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Math.round((own.user + own.system) / 1000 + (Number(fields[13]) + Number(fields[14])) * 10);
}

/** Sizes of the files published under dist/tujie/: all of them, and each long image (<id>.png) per 5,000 px of height. */
async function publishedSizes(outDir: string, ids: string[]): Promise<RunResult['published']> {
  const sharp = (await import('sharp')).default;
  const { infographicDir } = await import('../src/infographics/build');
  let bytes = 0;
  let files = 0;
  const longKbPer5000: number[] = [];
  for (const id of ids) {
    const dir = path.join(outDir, infographicDir(id));
    for (const f of readdirSync(dir)) {
      bytes += statSync(path.join(dir, f)).size;
      files++;
    }
    // The long image: <id>.png, or <id>-1.png, <id>-2.png … when it was cut.
    for (const f of readdirSync(dir).filter((n) => new RegExp(`^${id}(-\\d+)?\\.png$`).test(n))) {
      const { height } = await sharp(path.join(dir, f)).metadata();
      longKbPer5000.push((statSync(path.join(dir, f)).size / 1024) * (5000 / height!));
    }
  }
  return { bytes, files, longKbPer5000 };
}

/**
 * Screenshots every infographic of the site with Chromium as our renderer makes it: masthead, text version and a
 * footer with the page's address and QR code, 750 px wide at device scale 1 (the pixels of our long image), and a
 * 1200×630 social card, all with the same fonts.
 */
async function chromiumRun(site: string): Promise<RunResult & { launchMs: number; shots: ChromiumBytes }> {
  const { chromium } = await import('playwright-core');
  const { modelToHtml } = await import('../src/infographics/html');
  const { nodesToHtml } = await import('../src/lib/html-tree');
  const { h } = await import('hastscript');
  const { parseInfographic } = await import('../src/infographics/parse');
  const { defaultFontPaths } = await import('../src/infographics/fonts');
  const { qrCodeImage } = await import('../src/infographics/qr');
  const sharp = (await import('sharp')).default;
  const fonts = defaultFontPaths(ROOT);
  const regular = readFileSync(fonts.regular);
  const bold = readFileSync(fonts.bold);
  const dir = path.join(site, 'content', 'infographics');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mdx'));
  const started = performance.now();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const launchMs = Math.round(performance.now() - started);
  const page = await browser.newPage({ viewport: { width: 750, height: 1334 }, deviceScaleFactor: 1 });
  const cardPage = await browser.newPage({ viewport: { width: 1200, height: 630 }, deviceScaleFactor: 1 });
  // One page keeps the fonts loaded; each infographic replaces its body, as a long-running renderer would.
  const serve = (route: import('playwright-core').Route) => {
    const url = route.request().url();
    if (url.endsWith('/regular.ttf')) return route.fulfill({ body: regular, contentType: 'font/ttf' });
    if (url.endsWith('/bold.ttf')) return route.fulfill({ body: bold, contentType: 'font/ttf' });
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
@font-face{font-family:N;src:url(/regular.ttf);font-weight:400}@font-face{font-family:N;src:url(/bold.ttf);font-weight:700}
body{margin:0;width:750px;font:30px/1.6 N;color:#262626;background:#fdf8f3;line-break:strict}
header{background:#b2141b;color:#fff;padding:56px 40px 44px}h1{font-size:50px;line-height:1.35;margin:0}
.tujie-text{padding:0 40px 40px}h2{font-size:40px;color:#8e1016}.tujie-figures{display:flex;gap:20px;padding:0;list-style:none}
.tujie-figures li{flex:1;background:#fff;border-top:8px solid #b2141b;padding:20px}.tujie-figures strong{display:block;font-size:64px;color:#b2141b}
table{width:100%;border-collapse:collapse}td,th{background:#fff;padding:20px;border:2px solid #efd9c8}.tujie-note{background:#fff1dc;padding:24px;border-left:8px solid #c77700}
footer{display:flex;gap:24px;padding:36px 40px 40px;border-top:2px solid #efd9c8;font-size:28px}
.card{box-sizing:border-box;width:1200px;height:630px;padding:72px;background:#b2141b;color:#fff;display:flex;flex-direction:column}
.card h1{font-size:60px;line-height:1.3;margin:24px 0 auto}.card p{font-size:32px;margin:0}
</style><body><p style="font-weight:700">字体</p></body>`,
    });
  };
  await page.route('http://bench.local/**', serve);
  await cardPage.route('http://bench.local/**', serve);
  await page.goto('http://bench.local/');
  await cardPage.goto('http://bench.local/');
  await page.evaluate(() => document.fonts.ready);
  await cardPage.evaluate(() => document.fonts.ready);
  const shots: ChromiumBytes = { bytes: 0, longKbPer5000: [] };
  const show = async (p: typeof page, html: string) =>
    p.evaluate(async (body) => {
      document.body.innerHTML = body;
      await document.fonts.ready;
    }, html);
  for (const f of files) {
    const { model } = parseInfographic(readFileSync(path.join(dir, f), 'utf8'), `content/infographics/${f}`);
    const url = `https://bench.local/tujie/${model.id}/`;
    const qr = qrCodeImage(url, 4);
    const header = h('header', [h('h1', model.meta.title), h('p', `发布日期：${model.meta.publishedAt ?? ''}`)]);
    const footer = h('footer', [h('img', { src: qr.src, width: qr.size, height: qr.size, alt: '' }), h('p', [url, h('br'), model.meta.title])]);
    await show(page, `${nodesToHtml(header)}${modelToHtml(model)}${nodesToHtml(footer)}`);
    const long = await page.screenshot({ fullPage: true, type: 'png' });
    const { height } = await sharp(long).metadata();
    shots.longKbPer5000.push((long.length / 1024) * (5000 / height!));
    await show(cardPage, nodesToHtml(h('div.card', [h('p', '图解'), h('h1', model.meta.title), h('p', model.meta.publishedAt ?? '')])));
    const card = await cardPage.screenshot({ type: 'png' });
    shots.bytes += long.length + card.length;
  }
  await browser.close();
  return {
    ms: Math.round(performance.now() - started),
    launchMs,
    infographics: files.length,
    rendered: files.length,
    images: files.length,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    load: os.loadavg()[0]!,
    cpuMs: cpuMsOfRun(),
    shots,
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: prepares the site, runs the children, prints medians.

/** A site with `count` infographics: the samples, each copy with a changed title, lead and section order. */
function makeSite(count: number): string {
  const site = mkdtempSync(path.join(os.tmpdir(), 'bench-tujie-'));
  mkdirSync(path.join(site, 'content', 'infographics'), { recursive: true });
  cpSync(path.join(ROOT, 'content', 'site.yaml'), path.join(site, 'content', 'site.yaml'));
  cpSync(path.join(ROOT, 'content', 'organizations'), path.join(site, 'content', 'organizations'), { recursive: true });
  cpSync(path.join(ROOT, 'content', 'documents'), path.join(site, 'content', 'documents'), { recursive: true });
  const samples = readdirSync(path.join(ROOT, 'content', 'infographics'))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => readFileSync(path.join(ROOT, 'content', 'infographics', f), 'utf8'));
  for (let i = 0; i < count; i++) {
    const text = samples[i % samples.length]!;
    const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
    const [lead, ...sections] = body!.split(/\n(?=## )/);
    const shift = Math.floor(i / samples.length) % sections.length;
    const rotated = [...sections.slice(shift), ...sections.slice(0, shift)];
    const title = front!.replace(/^title: (.*)$/m, (_, t: string) => `title: ${t}（第${i + 1}期）`);
    writeFileSync(
      path.join(site, 'content', 'infographics', `bench-${String(i + 1).padStart(2, '0')}.mdx`),
      `---\n${title}\n---\n${lead!.trimEnd()}\n\n本期为第${i + 1}期，共${count}期。\n\n${rotated.join('\n')}`,
    );
  }
  return site;
}

function runChild(kind: string, extra: string[]): RunResult & { launchMs?: number; shots?: ChromiumBytes } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SCRIPT, '--child', kind, ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * The long image of each sample at 750 px in the published encoding and the alternatives: bytes, CPU time of the
 * encoder on one libvips thread (wall time on a shared machine says little), and the pixel error against the
 * lossless raster (largest channel error, mean, share of channels off by more than 24).
 */
async function formatSizes(): Promise<string[]> {
  const sharp = (await import('sharp')).default;
  const { readContentForImages } = await import('../src/infographics/sources');
  const { parseInfographic } = await import('../src/infographics/parse');
  const { loadFonts } = await import('../src/infographics/fonts');
  const { layoutInfographic } = await import('../src/infographics/layout');
  const { partsToSvg } = await import('../src/infographics/svg');
  const { paletteOf } = await import('../src/infographics/themes');
  const { pngOptions, rasterize, rgbImage, stack } = await import('../src/infographics/raster');
  sharp.concurrency(1);
  const content = readContentForImages(ROOT);
  const fonts = loadFonts();
  const rows: string[] = [];
  const cpu = async (f: () => Promise<Buffer>): Promise<[Buffer, number]> => {
    const before = process.cpuUsage();
    const b = await f();
    const d = process.cpuUsage(before);
    return [b, Math.round((d.user + d.system) / 1000)];
  };
  for (const s of content.infographics) {
    const { model } = parseInfographic(s.source, s.file);
    const parts = layoutInfographic({ model, context: s.context, palette: paletteOf(content.site.theme), fonts }).filter((p) => p.kind !== 'sectionFooter');
    const svgs = await partsToSvg(parts, fonts);
    const rgba = stack(await Promise.all(svgs.map((svg) => rasterize(svg, 1))));
    // The lossless reference as RGB, as the decoded files are compared with it.
    const raster = { width: rgba.width, height: rgba.height, data: await rgbImage(rgba).raw().toBuffer() };
    const img = () => sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } });
    const encodings: [string, () => Promise<Buffer>][] = [
      ['palette PNG (published)', () => img().png(pngOptions('release')).toBuffer()],
      ['palette PNG effort 7', () => img().png({ palette: true, dither: 0 }).toBuffer()],
      ['palette PNG dithered', () => img().png({ palette: true, effort: 1 }).toBuffer()],
      ['WebP lossless effort 1 (before)', () => img().webp({ lossless: true, effort: 1 }).toBuffer()],
      ['WebP near-lossless 60', () => img().webp({ nearLossless: true, quality: 60, effort: 1 }).toBuffer()],
      ['WebP lossy q90', () => img().webp({ quality: 90, effort: 2 }).toBuffer()],
      ['PNG level 1 (preview)', () => img().png(pngOptions('preview')).toBuffer()],
    ];
    rows.push(`${s.id} 750×${raster.height}（${os.loadavg()[0]!.toFixed(1)} 负载）:`);
    for (const [name, encode] of encodings) {
      const [data, ms] = await cpu(encode);
      const decoded = await sharp(data).removeAlpha().raw().toBuffer();
      let max = 0;
      let sum = 0;
      let over = 0;
      for (let i = 0; i < decoded.length; i++) {
        const d = Math.abs(decoded[i]! - raster.data[i]!);
        sum += d;
        if (d > max) max = d;
        if (d > 24) over++;
      }
      rows.push(
        `  ${name.padEnd(32)} ${`${(data.length / 1024).toFixed(0)} KB`.padStart(8)}（每 5000 px ${((data.length / 1024) * (5000 / raster.height)).toFixed(0)} KB）` +
          ` CPU ${String(ms).padStart(5)} ms  误差 最大 ${max} 平均 ${(sum / decoded.length).toFixed(2)} 超过 24 的 ${((over / decoded.length) * 100).toFixed(3)}%`,
      );
    }
    // The former 2x image, for comparison: four times the pixels.
    const raster2 = stack(await Promise.all(svgs.map((svg) => rasterize(svg, 2))));
    const [data2, ms2] = await cpu(() => rgbImage(raster2).webp({ lossless: true, effort: 1 }).toBuffer());
    rows.push(`  ${'1500 px WebP lossless (before)'.padEnd(32)} ${`${(data2.length / 1024).toFixed(0)} KB`.padStart(8)} CPU ${String(ms2).padStart(5)} ms`);
  }
  return rows;
}

const load = () => os.loadavg()[0]!.toFixed(1);

async function parent(): Promise<void> {
  const count = Number(values.count);
  const runs = Number(values.runs);
  const modes = values.modes.split(',');
  const chromium = !values['no-chromium'];
  console.log(`机器：${os.availableParallelism()} 核，负载 ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}；${count} 幅图解，每项 ${runs} 次取中位数。`);
  const site = makeSite(count);
  const lines: string[] = [];
  const cold: Record<string, RunResult[]> = Object.fromEntries(modes.map((m) => [m, []]));
  const warm: Record<string, RunResult[]> = Object.fromEntries(modes.map((m) => [m, []]));
  const shots: (RunResult & { launchMs?: number; shots?: ChromiumBytes })[] = [];
  try {
    // The baseline runs between our runs, so both see the same load of a shared machine.
    for (let r = 0; r < runs; r++) {
      for (const mode of modes) {
        const cache = path.join(site, `.cache-${mode}-${r}`);
        const out = path.join(site, `dist-${mode}-${r}`);
        cold[mode]!.push(runChild('build', ['--mode', mode, '--site', site, '--cache', cache, '--out', out]));
        // Rebuild with one infographic changed.
        const changed = path.join(site, 'content', 'infographics', 'bench-01.mdx');
        const before = readFileSync(changed, 'utf8');
        writeFileSync(changed, before.replace(/本期为第1期/, `本期为第1期（修改${r}）`));
        warm[mode]!.push(runChild('build', ['--mode', mode, '--site', site, '--cache', cache, '--out', `${out}-2`]));
        writeFileSync(changed, before);
        rmSync(cache, { recursive: true, force: true });
        rmSync(out, { recursive: true, force: true });
        rmSync(`${out}-2`, { recursive: true, force: true });
        console.error(`  ${mode} 第 ${r + 1} 次：冷 ${cold[mode]![r]!.ms} ms（负载 ${cold[mode]![r]!.load.toFixed(1)}，CPU ${cold[mode]![r]!.cpuMs} ms），改一幅后 ${warm[mode]![r]!.ms} ms（负载 ${warm[mode]![r]!.load.toFixed(1)}）`);
      }
      if (chromium) {
        shots.push(runChild('chromium', ['--site', site]));
        console.error(`  chromium 第 ${r + 1} 次：${shots[r]!.ms} ms（负载 ${shots[r]!.load.toFixed(1)}，CPU ${shots[r]!.cpuMs} ms）`);
      }
    }
    const chromiumRate = chromium ? count / (median(shots.map((s) => s.ms)) / 1000) : 0;
    for (const mode of modes) {
      const c = cold[mode]!;
      const w = warm[mode]!;
      const coldMs = median(c.map((x) => x.ms));
      const images = c[0]!.images;
      const rate = count / (coldMs / 1000);
      const pub = c[0]!.published!;
      lines.push(
        `${mode.padEnd(9)} 冷构建 ${(coldMs / 1000).toFixed(1)} s（负载中位数 ${median(c.map((x) => x.load)).toFixed(1)}，CPU ${(median(c.map((x) => x.cpuMs)) / 1000).toFixed(1)} s）：${(images / (coldMs / 1000)).toFixed(2)} 图片/秒（${images} 个文件），` +
          `${rate.toFixed(2)} 幅图解/秒，峰值内存 ${median(c.map((x) => x.maxRssMb))} MB；` +
          `改一幅重建 ${(median(w.map((x) => x.ms)) / 1000).toFixed(2)} s（负载 ${median(w.map((x) => x.load)).toFixed(1)}，重绘 ${w[0]!.rendered} 幅，${w[0]!.images} 个文件），峰值内存 ${median(w.map((x) => x.maxRssMb))} MB`,
        `${' '.repeat(10)}发布的图解文件：${pub.files} 个，共 ${(pub.bytes / 1024 / 1024).toFixed(1)} MB（每幅 ${(pub.bytes / 1024 / count).toFixed(0)} KB）；` +
          `长图每 5000 px 高：中位数 ${median(pub.longKbPer5000).toFixed(0)} KB，最大 ${Math.max(...pub.longKbPer5000).toFixed(0)} KB（上限 250 KB）`,
      );
      if (chromium) {
        const pairs = c.map((x, r) => (count / (x.ms / 1000)) / (count / (shots[r]!.ms / 1000)));
        const cpuRatio = median(shots.map((x) => x.cpuMs)) / median(c.map((x) => x.cpuMs));
        lines.push(
          `比值 ${mode} / chromium（幅图解/秒，中位数之比）= ${(rate / chromiumRate).toFixed(2)}；逐次之比 ${pairs.map((p) => p.toFixed(2)).join('、')}；` +
            `每幅图解的 CPU 时间之比（chromium / ${mode}）= ${cpuRatio.toFixed(2)}`,
        );
      }
    }
    if (chromium) {
      lines.push(
        `chromium  截图 ${(median(shots.map((s) => s.ms)) / 1000).toFixed(1)} s（负载中位数 ${median(shots.map((s) => s.load)).toFixed(1)}，CPU ${(median(shots.map((s) => s.cpuMs)) / 1000).toFixed(1)} s，启动 ${median(shots.map((s) => s.launchMs!))} ms）：` +
          `${chromiumRate.toFixed(2)} 幅图解/秒（每幅一张 750 px 宽的长图 PNG 和一张 1200×630 分享卡片），峰值内存（Node 进程）${median(shots.map((s) => s.maxRssMb))} MB`,
        `${' '.repeat(10)}chromium 的图片：共 ${(shots[0]!.shots!.bytes / 1024 / 1024).toFixed(1)} MB（每幅 ${(shots[0]!.shots!.bytes / 1024 / count).toFixed(0)} KB）；` +
          `长图每 5000 px 高：中位数 ${median(shots[0]!.shots!.longKbPer5000).toFixed(0)} KB，最大 ${Math.max(...shots[0]!.shots!.longKbPer5000).toFixed(0)} KB`,
      );
    }
    lines.push(`长图的编码（750 px，发布的与其他选择；CPU 为单线程编码时间，负载 ${load()}）：`, ...(await formatSizes()).map((l) => `  ${l}`));
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

if (values.child !== undefined) await child(values.child);
else await parent();
