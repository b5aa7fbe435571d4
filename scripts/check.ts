/**
 * `npm run check`: validates all content without building pages; exits 1 on any error.
 * Prints every problem, errors first, then a summary line.
 */
import { checkContent } from '../src/lib/validate';
import { formatProblem } from '../src/lib/problems';

const root = process.cwd();
const started = performance.now();
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
