/**
 * `npm run import -- <export.jsonl|.csv|.xlsx> ... [--issuer 名称] [--columns 对照.yaml] [--strict] [--force] [--dry-run]`:
 * turns a catalogue export into content/organizations, content/documents and content/interpretations. Each
 * record is imported, imported as a draft to finish (draft: true with toFinish), or rejected to a rejects file
 * beside its input; the summary counts each. --strict refuses everything when any record is not importable as
 * it is (exit 1, nothing written). Never overwrites a file an editor changed unless --force is given.
 * `npm run import -- --template [文件夹]` writes empty templates in every format.
 * Exit code: 0 when every record was imported or drafted, 1 when a record was rejected or an input was unreadable.
 */
import { loadWorkbook, readColumnMapping } from '../src/import/read-input';
import { importCatalogue } from '../src/import/importer';
import { formatImportReport } from '../src/import/report';
import { writeTemplates } from '../src/import/template';
import { formatProblem, type Problem } from '../src/lib/problems';
import { readCommandLine } from './cli';
import { join } from 'node:path';
import { explainWriteError } from '../src/release/fs-errors';

const USAGE = `用法：npm run import -- <导出文件.jsonl、.csv 或 .xlsx> ... [选项]
      npm run import -- --template [文件夹]

每条记录或者导入，或者作为待补草稿导入（draft: true，toFinish 列出缺什么，不会发布），或者拒收：
拒收的记录写入输入文件旁、与输入同格式的 <文件名>.rejects.jsonl / .rejects.csv / .rejects.xlsx，每条带行号、id 和原因，改正后可再次导入；编辑改过的拒收文件不会被覆盖（这次的写到 .rejects-2.csv 等）。
CSV 可以是 UTF-8、带 BOM 的 UTF-8 或 GB18030/GBK（自动识别，报告中写明）。

  --issuer <名称>    没有发文机关的原文件用这个发文机关（文号前缀在 content/organizations/ 的 docNumberPrefixes
                     中的，按前缀填写）
  --columns <文件>   列名对照文件（每行 “表头: 字段”），用于表头或键名与模板不同的 CSV、Excel、JSON Lines 导出
  --rejects <文件夹>  拒收的记录写到这个文件夹（默认写在输入文件旁边）
  --strict           有任何一条记录不能原样导入（拒收或待补）时一概不导入，退出码 1（供 CI 使用）
  --force            覆盖编辑改过的文件（默认不覆盖，只列出）
  --dry-run          只显示将会新建、更新、跳过哪些文件，不写入
  --workers <n>      转换正文的线程数（默认每个 CPU 核一个，最多 2 个；300 条以下不另开线程；0 表示不另开线程）
  --template         在所给文件夹（默认 import-template）写入各格式的空白模板和列名对照文件
  -h, --help         显示本说明

例：npm run import -- tests/fixtures/corpus/documents.jsonl tests/fixtures/corpus/interpretations.jsonl
    npm run import -- 目录导出.xlsx --issuer 北京市中医管理局`;

const command = {
  name: 'npm run import',
  audience: 'editor',
  usage: USAGE,
  options: {
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    template: { type: 'boolean', default: false },
    issuer: { type: 'string' },
    columns: { type: 'string' },
    rejects: { type: 'string' },
    workers: { type: 'string' },
  },
  maxPositionals: Infinity,
} as const;
const { values, positionals: inputs } = readCommandLine(command);

async function main(): Promise<number> {
  if (values.template) {
    const written = await writeTemplates(inputs[0] ?? 'import-template');
    console.log(`已写入导入模板：\n${written.map((p) => `  ${p}`).join('\n')}`);
    return 0;
  }
  if (inputs.length === 0) {
    console.error(`没有给出要导入的文件。\n\n${USAGE}`);
    return 1;
  }
  const setup: Problem[] = [];
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    setup.push({ severity: 'error', file: '命令行', field: 'workers', message: `--workers 的值 "${values.workers}" 不是 0 到 64 的整数。`, fix: '写一个整数，例如 --workers 2；0 表示在主线程转换正文。' });
  }
  const columns = values.columns ? readColumnMapping(values.columns, setup) : undefined;
  if (setup.length > 0) {
    for (const p of setup) console.error(`${formatProblem(p)}\n`);
    return 1;
  }
  // exceljs reads asynchronously; the workbooks are read first, the import itself is synchronous.
  const workbooks = new Map<string, string[][]>();
  for (const input of inputs.filter((i) => /\.xlsx$/i.test(i))) {
    try {
      workbooks.set(input, await loadWorkbook(input, columns));
    } catch {
      // readInput reports the unreadable workbook with its fix.
    }
  }
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\r导入中：${done}/${total} 条记录${done === total ? '\n' : ''}`)
    : undefined;
  let result: Awaited<ReturnType<typeof importCatalogue>>;
  try {
    result = await importCatalogue({
      root: process.cwd(),
      inputs,
      force: values.force,
      dryRun: values['dry-run'],
      strict: values.strict,
      issuer: values.issuer,
      columns,
      rejectsDir: values.rejects,
      workbooks,
      onProgress: progress,
      workers,
    });
  } catch (error) {
    // A full disk, a read-only or unwritable content/: said in Chinese with the fix, not as Node's stack. Files are
    // written whole and renamed into place (write.ts), so what is there is complete; the next run clears the rest.
    const explained = explainWriteError(error, {
      root: join(process.cwd(), 'content'),
      action: '导入',
      liveState: '已写入的文件都是完整的，没写完的临时文件会在下次导入时清除；导入没有改动其他文件。',
      elsewhere: '在可写的项目副本中导入',
    });
    if (!explained) throw error;
    console.error(explained);
    return 1;
  }
  const report = formatImportReport(result);
  const clean = result.ok && result.rejected.length === 0 && !result.problems.some((p) => p.severity === 'error');
  if (clean) console.log(report);
  else console.error(report);
  return clean ? 0 : 1;
}

process.exitCode = await main();
