/**
 * `npm run import -- <file.jsonl|file.csv> ... [--force] [--dry-run]`: turns a catalogue export into
 * content/organizations, content/documents and content/interpretations. Checks all input first and
 * writes nothing when any record is malformed (exit 1). Never overwrites a file an editor changed
 * unless --force is given.
 */
import { runImport } from '../src/lib/import/importer';
import { formatImportReport } from '../src/lib/import/report';

const USAGE = `用法：npm run import -- <导出文件.jsonl 或 .csv> ... [--force] [--dry-run]

  --force     覆盖编辑改过的文件（默认不覆盖，只列出）
  --dry-run   只显示将会新建、更新、跳过哪些文件，不写入

例：npm run import -- tests/fixtures/corpus/documents.jsonl tests/fixtures/corpus/interpretations.jsonl`;

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const inputs = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => !['--force', '--dry-run', '--help'].includes(f));

if (flags.has('--help')) {
  console.log(USAGE);
} else if (unknown.length > 0 || inputs.length === 0) {
  if (unknown.length > 0) console.error(`不认识的选项：${unknown.join(' ')}\n`);
  else console.error('没有给出要导入的文件。\n');
  console.error(USAGE);
  process.exitCode = 1;
} else {
  const result = runImport({
    root: process.cwd(),
    inputs,
    force: flags.has('--force'),
    dryRun: flags.has('--dry-run'),
  });
  const report = formatImportReport(result);
  if (result.ok) console.log(report);
  else console.error(report);
  process.exitCode = result.ok ? 0 : 1;
}
