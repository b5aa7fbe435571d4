/**
 * `npm run stats -- --year 2019 [--json out.json] [--csv out.csv]`: the year-end numbers for the openness
 * self-assessment report, computed by src/site/stats.ts from the entries that pass the content check and are
 * on the site today (drafts and entries scheduled for later are left out), the same numbers as /tongji/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkContent, type CheckedEntry } from '../src/check/validate';
import { holdSnapshot } from '../src/content/snapshot';
import { isPublished, todayInChina, type PublicationFields } from '../src/check/publication';
import { computeYearStats, formatYearStats, statsToCsv, type StatsInput } from '../src/site/stats';
import { readCommandLine } from './cli';

const USAGE = `用法：npm run stats -- [--year 2019] [--json 统计.json] [--csv 统计.csv]

统计一年的政策解读数字，供政务公开工作年度报告使用（与网站 /tongji/ 页面的数字相同）；只计入已上线、通过检查的条目。

  --year <年份>      四位数字，默认今年（北京时间）
  --json <文件>      另把数字写成 JSON 文件
  --csv <文件>       另把数字写成 CSV 表格（可用 Excel、WPS 打开）
  --root <目录>      项目目录，默认当前目录
  -h, --help         显示本说明

例：npm run stats -- --year 2019 --csv 统计/2019.csv`;

const { values } = readCommandLine({
  name: 'npm run stats',
  audience: 'editor',
  usage: USAGE,
  options: {
    year: { type: 'string' },
    json: { type: 'string' },
    csv: { type: 'string' },
    root: { type: 'string' },
  },
});

const root = resolve(values.root ?? process.cwd());
const today = todayInChina();
const yearText = values.year ?? today.slice(0, 4);
if (!/^\d{4}$/.test(yearText)) {
  console.error(`年份 “${yearText}” 格式不对，写四位数字，例如 --year 2019。\n${USAGE}`);
  process.exit(1);
}

// The check reads each content file once; the numbers come from the entries it accepted.
holdSnapshot(root);
const { problems, entries, site } = checkContent(root);
const errors = problems.filter((p) => p.severity === 'error').length;
if (errors) console.error(`注意：内容检查有 ${errors} 个错误，有错误的条目不计入统计。运行 npm run check 查看并改正。\n`);

function published<T>(map: Map<string, CheckedEntry>): T[] {
  return [...map.values()].filter((e) => isPublished(e.data as PublicationFields, today)).map((e) => ({ id: e.source.id, ...e.data }) as T);
}

const input: StatsInput = {
  year: Number(yearText),
  documents: published(entries.documents),
  interpretations: published(entries.interpretations),
  infographics: published(entries.infographics),
  organizationNames: new Map([...entries.organizations].map(([id, e]) => [id, String((e.data as { name: string }).name)])),
  workingDays: site?.timeliness.workingDays ?? 3,
};
const stats = computeYearStats(input);
console.log(formatYearStats(stats));

const jsonPath = values.json;
if (jsonPath) {
  mkdirSync(dirname(resolve(jsonPath)), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(stats, null, 2)}\n`);
  console.log(`\n已写入 ${jsonPath}`);
}
const csvPath = values.csv;
if (csvPath) {
  mkdirSync(dirname(resolve(csvPath)), { recursive: true });
  writeFileSync(csvPath, statsToCsv(stats));
  console.log(`${jsonPath ? '' : '\n'}已写入 ${csvPath}`);
}
