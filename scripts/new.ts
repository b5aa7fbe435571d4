/**
 * `npm run new`: creates a document (原文件), an interpretation (解读) or an infographic (图解) with its
 * frontmatter filled in and a template body, as a draft. Asks in Chinese for whatever the arguments leave out;
 * never overwrites a file. The work is in src/new/ (see its README); this file reads the command line, asks on a
 * terminal and prints.
 *
 *   npm run new
 *   npm run new -- jiedu --document guofa-2019-5 --form 问答
 *   npm run new -- tujie --document 国发[2019]5号
 *   npm run new -- wenjian --title 关于…的通知 --doc-number 穗府办〔2024〕3号 --issuer guangzhoushirenminzhengfubangongting
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { todayInChina } from '../src/check/publication';
import { NewEntryError } from '../src/new/kinds';
import { planEntry, type NewArgs, type NewEntry } from '../src/new/plan';
import { lineAsk, type Ask } from '../src/new/prompts';
import { NEW_USAGE } from '../src/new/usage';
import { createdMessage, writeEntry } from '../src/new/write';
import { helpHint, parseCommand, USAGE_EXIT_CODE } from './cli';

/** The command line of `npm run new`; --doc and --published-at are the older names of --document and --date. */
const NEW_COMMAND = {
  name: 'npm run new',
  audience: 'editor',
  usage: NEW_USAGE,
  options: {
    document: { type: 'string' },
    doc: { type: 'string' },
    form: { type: 'string' },
    title: { type: 'string' },
    id: { type: 'string' },
    date: { type: 'string' },
    'published-at': { type: 'string' },
    'publish-at': { type: 'string' },
    'doc-number': { type: 'string' },
    issuer: { type: 'string' },
    'requires-interpretation': { type: 'string' },
    interpreter: { type: 'string' },
    root: { type: 'string' },
  },
  maxPositionals: 1,
  extraPositionalHint: '含空格的标题请用英文引号括起来，例如 --title "关于…的解读"。',
} as const;

/** Reads `argv` (without node and the script); unknown options, missing values and extra arguments become errors. */
export function parseNewArgs(argv: readonly string[]): { args: NewArgs; help: boolean; errors: string[] } {
  const parsed = parseCommand(NEW_COMMAND, argv);
  if (parsed.kind === 'help') return { args: {}, help: true, errors: [] };
  if (parsed.kind === 'mistakes') return { args: {}, help: false, errors: parsed.errors };
  const v = parsed.values;
  const args: NewArgs = {
    kind: parsed.positionals[0],
    document: v.document ?? v.doc,
    form: v.form,
    title: v.title,
    id: v.id,
    date: v.date ?? v['published-at'],
    publishAt: v['publish-at'],
    docNumber: v['doc-number'],
    issuer: v.issuer,
    requiresInterpretation: v['requires-interpretation'],
    interpreter: v.interpreter,
    root: v.root,
  };
  return { args, help: false, errors: [] };
}

/** Output of the command, for tests. */
export interface RunResult {
  code: number;
  entry?: NewEntry;
}

/** Runs `new` with command-line arguments; writes the file unless one is there already. */
export async function runNew(
  argv: readonly string[],
  io: { root?: string; today?: string; ask?: Ask; log?: (line: string) => void; error?: (line: string) => void } = {},
): Promise<RunResult> {
  const log = io.log ?? ((l: string) => console.log(l));
  const error = io.error ?? ((l: string) => console.error(l));
  const { args, help, errors } = parseNewArgs(argv);
  if (help) {
    log(NEW_USAGE);
    return { code: 0 };
  }
  if (errors.length) {
    for (const e of errors) error(e);
    error(helpHint(NEW_COMMAND));
    return { code: USAGE_EXIT_CODE };
  }
  const root = resolve(args.root ?? io.root ?? process.cwd());
  try {
    const entry = await planEntry(args, { root, today: io.today ?? todayInChina(), ask: io.ask });
    writeEntry(root, entry);
    for (const line of createdMessage(entry)) log(line);
    return { code: 0, entry };
  } catch (e) {
    if (e instanceof NewEntryError) {
      error(e.message);
      if (e.fix) error(e.fix);
      return { code: 1 };
    }
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      error('文件已经存在，没有改动它。');
      return { code: 1 };
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Ask only where someone can answer: a terminal. In scripts and CI, missing arguments are errors.
  const terminal = process.stdin.isTTY ? lineAsk(process.stdin, process.stdout) : undefined;
  runNew(process.argv.slice(2), { ask: terminal?.ask })
    .then((r) => {
      process.exitCode = r.code;
    })
    .finally(() => terminal?.close());
}
