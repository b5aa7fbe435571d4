/**
 * `npm run check`: validates all content without building pages; exits 1 on any error.
 * Prints every problem, errors first, then a summary line.
 * `npm run check -- --fix` first applies the safe Chinese copy fixes (see src/lib/lint/copy-lint.ts) and
 * prints what it changed per file; it never touches official texts brought in by the importer. Each fixed
 * file is written atomically (src/lib/write-atomic.ts): a kill leaves it as it was or completely fixed.
 */
import { checkContent } from '../src/lib/validate';
import { formatProblem } from '../src/lib/problems';
import { readContentTree } from '../src/lib/content-files';
import { fixCopy, formatFileFixes, isOfficialText } from '../src/lib/lint/copy-lint';
import { SiteSchema } from '../src/schemas/site';

const root = process.cwd();
const started = performance.now();
if (process.argv.includes('--fix')) {
  const { files } = readContentTree(root);
  // Only the copy style of site.yaml matters to --fix; the full check runs once, after the fixes.
  const siteData = files.find((f) => f.collection === 'site')?.data;
  const parsedSite = siteData === undefined ? undefined : SiteSchema.safeParse(siteData);
  const fixed = fixCopy(root, files, parsedSite?.success ? parsedSite.data : undefined);
  for (const result of fixed) console.log(`${formatFileFixes(result)}\n`);
  const official = files.filter(isOfficialText).length;
  console.log(
    `自动改正：${fixed.length ? `${fixed.length} 个文件，共 ${fixed.reduce((n, r) => n + r.fixes.length, 0)} 处` : '没有需要改正的地方'}` +
      `${official ? `（${official} 份导入的官方文本保持原样，不检查也不改动）` : ''}。\n`,
  );
}
const { problems, entries } = checkContent(root);
const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warning');
for (const p of [...errors, ...warnings]) console.log(`${formatProblem(p)}\n`);
const counts = Object.entries(entries)
  .map(([name, map]) => `${name} ${map.size}`)
  .join('，');
console.log(
  `检查完毕：${errors.length} 个错误，${warnings.length} 个警告（${counts}；${Math.round(performance.now() - started)} ms）。`,
);
process.exitCode = errors.length ? 1 : 0;
