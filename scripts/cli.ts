/**
 * What every command in scripts/ shares: its arguments are read by node:util `parseArgs` (strict, typed options),
 * `--help`/`-h` prints the command's usage and exits 0 before any work, and an argument mistake (an unknown
 * option, an option without its value, a value on a switch, one argument too many) is named, points at --help and
 * exits 2. Editors' commands (check, new, import, stats) say so in Chinese; operators' and benchmark commands in
 * English with the Chinese beside it.
 *
 * (src/release/cli.ts is not a second parser: it turns the parsed --target/--dir/--keep of deploy and rollback
 * into a deploy target.)
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { findNearest } from '../src/lib/text-distance';

/** Who reads a command's messages: editors (Chinese only) or operators and benchmark runners (English and Chinese). */
export type Audience = 'editor' | 'operator';

/** One command: how it is started, who runs it, its usage text and its options. */
export interface Command<O extends ParseArgsOptionsConfig> {
  /** How the command is started, used in the hint: `npm run check`. */
  name: string;
  /** Whose language the argument errors are in. */
  audience: Audience;
  /** What `--help` prints: a short usage text, in the audience's language. */
  usage: string;
  /** The options, as parseArgs takes them (`help`/`-h` is added). */
  options: O;
  /** How many arguments without a leading dash the command takes (file names, a kind); default none. */
  maxPositionals?: number;
  /** Added to the message about one argument too many, e.g. how to quote a title with spaces. */
  extraPositionalHint?: string;
}

/** The options' values as parseArgs types them: a string option is a string, a switch a boolean. */
export type CommandValues<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>
>['values'];

/** What the command line asked for: the usage, or the work with these values, or nothing because of mistakes. */
export type ParsedCommand<O extends ParseArgsOptionsConfig> =
  | { kind: 'help' }
  | { kind: 'mistakes'; errors: string[] }
  | { kind: 'run'; values: CommandValues<O>; positionals: string[] };

/** The exit code of a command line that could not be read (an unknown option, a missing value). */
export const USAGE_EXIT_CODE = 2;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Reads `argv` (without node and the script) for `command`. `--help` or `-h` anywhere wins; otherwise every
 * mistake is collected, so one run reports them all.
 */
export function parseCommand<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: readonly string[]): ParsedCommand<O> {
  const options: ParseArgsOptionsConfig = { ...command.options, ...HELP_OPTION };
  // A loose pass first: it never throws, and its tokens say exactly which argument is wrong and how.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { kind: 'help' };

  const say = messages[command.audience];
  const errors: string[] = [];
  const max = command.maxPositionals ?? 0;
  let positionals = 0;
  // The word after an unknown option is most likely its value, and so is the word after a string option that the
  // loose pass took as another option's value (`--json --csv x`): the option is the one mistake, not the word.
  let skipPositional = false;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const descriptor = Object.hasOwn(command.options, token.name) ? command.options[token.name] : undefined;
      skipPositional = false;
      if (!descriptor) {
        const near = token.rawName.startsWith('--') ? findNearest(token.rawName, Object.keys(command.options).map((o) => `--${o}`), 1)[0] : undefined;
        errors.push(say.unknown(token.rawName, near));
        skipPositional = token.value === undefined;
      } else if (descriptor.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
        // `--json --csv x`: strict parseArgs would call --csv ambiguous; what is missing is the value of --json.
        errors.push(say.missingValue(token.rawName));
        const taken = token.value?.startsWith('--') && !token.value.includes('=') ? token.value.slice(2) : undefined;
        skipPositional = taken !== undefined && Object.hasOwn(command.options, taken) && command.options[taken]?.type === 'string';
      } else if (descriptor.type === 'boolean' && token.inlineValue) {
        errors.push(say.valueOnSwitch(token.rawName, token.value ?? ''));
      }
    } else if (token.kind === 'positional') {
      if (skipPositional) {
        skipPositional = false;
        continue;
      }
      positionals++;
      if (positionals > max) errors.push(say.extra(token.value, max, command.extraPositionalHint));
    }
  }
  if (errors.length) return { kind: 'mistakes', errors };

  try {
    const parsed = parseArgs({ args: [...argv], options: command.options, strict: true, allowPositionals: true });
    return { kind: 'run', values: parsed.values as CommandValues<O>, positionals: parsed.positionals };
  } catch (e) {
    // Not expected after the loose pass; still an argument mistake, never a stack trace.
    return { kind: 'mistakes', errors: [say.other(e instanceof Error ? e.message : String(e))] };
  }
}

/** The line after argument mistakes that points at --help. */
export function helpHint(command: Pick<Command<ParseArgsOptionsConfig>, 'name' | 'audience'>): string {
  // npm run passes arguments on to the script only after --.
  return messages[command.audience].hint(command.name.startsWith('npm run ') ? `${command.name} -- --help` : `${command.name} --help`);
}

/**
 * Reads the process's arguments for `command`: prints the usage and exits 0 on --help; prints the mistakes and
 * the --help hint on stderr and exits 2; otherwise returns the typed values and the positional arguments.
 */
export function readCommandLine<O extends ParseArgsOptionsConfig>(
  command: Command<O>,
  argv: readonly string[] = process.argv.slice(2),
): { values: CommandValues<O>; positionals: string[] } {
  const parsed = parseCommand(command, argv);
  if (parsed.kind === 'help') {
    console.log(command.usage);
    process.exit(0);
  }
  if (parsed.kind === 'mistakes') {
    for (const e of parsed.errors) console.error(e);
    console.error(helpHint(command));
    process.exit(USAGE_EXIT_CODE);
  }
  return parsed;
}

interface Messages {
  unknown(option: string, near: string | undefined): string;
  missingValue(option: string): string;
  valueOnSwitch(option: string, value: string): string;
  extra(value: string, max: number, hint: string | undefined): string;
  other(detail: string): string;
  hint(helpCommand: string): string;
}

const messages: Record<Audience, Messages> = {
  editor: {
    unknown: (option, near) => `不认识的选项 ${option}。${near ? `是不是要写 ${near}？` : ''}`,
    missingValue: (option) => `选项 ${option} 后面缺少内容。`,
    valueOnSwitch: (option, value) => `选项 ${option} 后面不用写值（写的是 “${value}”）：只写 ${option} 即可。`,
    extra: (value, max, hint) => `${max === 0 ? `这个命令不带参数，多出了 “${value}”。` : `多余的参数 “${value}”。`}${hint ?? ''}`,
    other: (detail) => `命令行参数有误：${detail}`,
    hint: (help) => `运行 ${help} 查看用法。`,
  },
  operator: {
    unknown: (option, near) => `Unknown option ${option}${near ? ` (did you mean ${near}?)` : ''}. 不认识的选项 ${option}。`,
    missingValue: (option) => `Option ${option} needs a value. 选项 ${option} 后面缺少内容。`,
    valueOnSwitch: (option, value) => `Option ${option} takes no value (got "${value}"). 选项 ${option} 后面不用写值。`,
    extra: (value, max, hint) =>
      `${max === 0 ? `This command takes no arguments, got "${value}".` : `One argument too many: "${value}".`} 多余的参数 “${value}”。${hint ?? ''}`,
    other: (detail) => `Invalid arguments: ${detail}`,
    hint: (help) => `Run ${help} for usage. 用法见 ${help}。`,
  },
};
