import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import pLimit from 'p-limit';
import { parseCommand, type Command } from '../../../scripts/cli';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx/esm');

const stats = {
  name: 'npm run stats',
  audience: 'editor',
  usage: '用法：…',
  options: { year: { type: 'string' }, json: { type: 'string' }, csv: { type: 'string' }, fix: { type: 'boolean', default: false } },
} as const satisfies Command<ParseArgsOptionsConfig>;

const deploy = { ...stats, name: 'npm run deploy', audience: 'operator' } as const;

function mistakes(command: Command<typeof stats.options>, argv: string[]): string[] {
  const parsed = parseCommand(command, argv);
  return parsed.kind === 'mistakes' ? parsed.errors : [];
}

describe('the command-line parser every script shares', () => {
  it('returns the options typed, with their defaults, and the arguments', () => {
    const parsed = parseCommand({ ...stats, maxPositionals: 2 }, ['--year', '2019', '--csv=a.csv', 'x']);
    expect(parsed).toEqual({ kind: 'run', values: { year: '2019', csv: 'a.csv', fix: false }, positionals: ['x'] });
  });

  it('names an unknown option and the nearest known one, in Chinese for an editor command', () => {
    expect(mistakes(stats, ['--yaer', '2019'])).toEqual(['不认识的选项 --yaer。是不是要写 --year？']);
    expect(mistakes(stats, ['-y'])).toEqual(['不认识的选项 -y。']);
  });

  it('says the same in English and Chinese for an operator command', () => {
    expect(mistakes(deploy, ['--yaer=2019'])).toEqual(['Unknown option --yaer (did you mean --year?). 不认识的选项 --yaer。']);
  });

  it('--help or -h asks for the usage wherever it stands, even beside mistakes', () => {
    expect(parseCommand(stats, ['--year', '2019', '-h']).kind).toBe('help');
    expect(parseCommand(stats, ['--nonsense', '--help']).kind).toBe('help');
  });

  it('a string option without its value is one mistake, also when another option follows it', () => {
    expect(mistakes(stats, ['--json', '--csv', 'out.csv'])).toEqual(['选项 --json 后面缺少内容。']);
    expect(mistakes(stats, ['--year'])).toEqual(['选项 --year 后面缺少内容。']);
  });

  it('a value written on a switch is a mistake', () => {
    expect(mistakes(stats, ['--fix=yes'])).toEqual(['选项 --fix 后面不用写值（写的是 “yes”）：只写 --fix 即可。']);
  });

  it('arguments beyond what the command takes are mistakes, with the command’s hint', () => {
    expect(mistakes(stats, ['2019'])).toEqual(['这个命令不带参数，多出了 “2019”。']);
    expect(mistakes({ ...stats, maxPositionals: 1, extraPositionalHint: '标题请加引号。' }, ['jiedu', '关于'])).toEqual(['多余的参数 “关于”。标题请加引号。']);
  });

  it('collects every mistake of one command line, and not the word after an unknown option', () => {
    expect(mistakes(stats, ['--yaer', '2019', '--fix=1', '--csv'])).toEqual([
      '不认识的选项 --yaer。是不是要写 --year？',
      '选项 --fix 后面不用写值（写的是 “1”）：只写 --fix 即可。',
      '选项 --csv 后面缺少内容。',
    ]);
  });
});

// Two scripts at a time on a two-core machine; each run is a cold node + tsx start.
const limit = pLimit(2);

/** Runs a script with node and tsx in `cwd`; resolves with exit code and output. */
function runScript(script: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return limit(() => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(PROJECT, 'scripts', script), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  }));
}

/** Editors' commands answer in Chinese; the others (release, deploy, benchmarks) in English with Chinese. */
const EDITOR_COMMANDS = new Set(['check.ts', 'new.ts', 'import.ts', 'stats.ts', 'cms.ts']);
const SCRIPTS = readdirSync(join(PROJECT, 'scripts')).filter((f) => f.endsWith('.ts') && f !== 'cli.ts');

describe('every script in scripts/', () => {
  it.concurrent.each(SCRIPTS)('%s answers --help with its usage and exit 0, in an empty folder, without doing any work', async (script) => {
    const empty = mkdtempSync(join(tmpdir(), 'jiedu-help-'));
    const r = await runScript(script, ['--help'], empty);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimStart().startsWith(EDITOR_COMMANDS.has(script) ? '用法：' : 'Usage: ')).toBe(true);
    expect(r.stdout).toMatch(/-h, --help/);
    // A script that started its work would have read content/ or dist/, or written something here.
    expect(readdirSync(empty)).toEqual([]);
  });

  it.concurrent.each(SCRIPTS)('%s refuses an unknown option by name, points at --help and exits 2', async (script) => {
    const empty = mkdtempSync(join(tmpdir(), 'jiedu-unknown-'));
    const r = await runScript(script, ['--no-such-option'], empty);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--no-such-option');
    expect(r.stderr).toMatch(/--help/);
    expect(readdirSync(empty)).toEqual([]);
  });
});
