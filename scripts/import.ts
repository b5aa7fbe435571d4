/**
 * `npm run import -- <file.jsonl|file.csv> ... [--force] [--dry-run]`: turns a catalogue export into
 * content/organizations, content/documents and content/interpretations. Checks all input first and
 * writes nothing when any record is malformed (exit 1). Never overwrites a file an editor changed
 * unless --force is given.
 */
import { runImport } from '../src/import/importer';
import { formatImportReport } from '../src/import/report';
import { readCommandLine } from './cli';

const USAGE = `用法：npm run import -- <导出文件.jsonl 或 .csv> ... [--force] [--dry-run]

  --force     覆盖编辑改过的文件（默认不覆盖，只列出）
  --dry-run   只显示将会新建、更新、跳过哪些文件，不写入
  -h, --help  显示本说明

例：npm run import -- tests/fixtures/corpus/documents.jsonl tests/fixtures/corpus/interpretations.jsonl`;

const command = {
  name: 'npm run import',
  audience: 'editor',
  usage: USAGE,
  options: {
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
  maxPositionals: Infinity,
} as const;
const { values, positionals: inputs } = readCommandLine(command);

if (inputs.length === 0) {
  console.error(`没有给出要导入的文件。\n\n${USAGE}`);
  process.exitCode = 1;
} else {
  const result = runImport({
    root: process.cwd(),
    inputs,
    force: values.force,
    dryRun: values['dry-run'],
  });
  const report = formatImportReport(result);
  if (result.ok) console.log(report);
  else console.error(report);
  process.exitCode = result.ok ? 0 : 1;
}
