/**
 * `npm run check [-- <file or folder>...] [--fix] [--errors-only]`: validates all content without building pages;
 * exits 1 on any error. The editor's own problems come first in full, the rest one line per kind
 * (src/check/report.ts): with no file named, every error, and the warnings in full only when there is no error;
 * --errors-only leaves warnings out.
 * With files or folders named, the whole content is still read (links between entries are checked against all of
 * it), but only the problems in the named files and in the files that link to them (src/check/links.ts: a renamed
 * document breaks its interpretations' links) are printed in full and counted; the others get a line per kind.
 * `npm run check -- --fix` first applies the safe Chinese copy fixes (see src/check/lint/copy-lint.ts) and
 * prints what it changed per file (only in the named files, when files are named); in official texts brought in by
 * the importer it changes only a date field written in another form (2019年3月5日), never their text. Each fixed file is written atomically (src/lib/write-atomic.ts): a kill leaves it as
 * it was or completely fixed.
 */
import { lstatSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { relative, resolve, sep } from 'node:path';
import { helpHint, readCommandLine, USAGE_EXIT_CODE } from './cli';

// `npm run check` runs this file from one cached bundle (scripts/check.mjs, src/check/bundle.mjs); run from source
// (node --import tsx scripts/check.ts, the tests), loading its ~580 modules is most of a one-file check. V8 keeps
// their compiled code between runs in Node's compile cache (os.tmpdir()/node-compile-cache; keyed by each file's
// contents, so an edited file is compiled again; NODE_DISABLE_COMPILE_CACHE=1 turns it off). It only covers modules
// loaded after this call, hence the dynamic imports below.
enableCompileCache();
const { checkContent } = await import('../src/check/validate');
const { buildCheckReport, formatCheckReport } = await import('../src/check/report');
const { holdSnapshot, invalidateSnapshot, readSnapshot } = await import('../src/content/snapshot');
const { fixCopy, formatFileFixes, isOfficialText } = await import('../src/check/lint/copy-lint');
const { SiteSchema } = await import('../src/schemas/site');
const { findDraftsToFinish, formatDraftsToFinish } = await import('../src/check/to-finish');
const { findLinkingFiles } = await import('../src/check/links');

const USAGE = `用法：npm run check -- [文件或文件夹 ...] [--fix] [--errors-only]

检查 content/ 下的全部内容（不构建网站），列出每个问题的文件、行、字段和改法；有错误时退出码为 1。

  文件或文件夹   只报告这些文件中的问题，如 content/interpretations/guofa-2019-5-shili-wenzi.mdx 或 content/documents；
                 其他文件照样读取（用来核对引用的原文件、机构是否存在），它们元数据和链接的问题每类只列一行
  --errors-only  只列错误，不列警告（警告照样计数）
  --fix          先自动改正能安全改正的文字问题（标点、空格），再检查；写了文件时只改这些文件
  -h, --help     显示本说明

例：npm run check
    npm run check -- content/interpretations/guofa-2019-5-shili-wenzi.mdx
    npm run check -- --errors-only
    npm run check -- --fix`;

const CHECK = {
  name: 'npm run check',
  audience: 'editor',
  usage: USAGE,
  options: { fix: { type: 'boolean', default: false }, 'errors-only': { type: 'boolean', default: false } },
  maxPositionals: Infinity,
} as const;
const { values, positionals } = readCommandLine(CHECK);

const root = process.cwd();
// Each content file is read once for --fix and the check together (src/content/snapshot.ts).
holdSnapshot(root);
const started = performance.now();
const selection = positionals.length ? selectPaths(positionals) : undefined;
const selected = (file: string) => selection === undefined || selection.some((p) => file === p || file.startsWith(`${p}/`));

if (values.fix) {
  const { files } = readSnapshot(root);
  // Only the copy style of site.yaml matters to --fix; the full check runs once, after the fixes.
  const siteData = files.find((f) => f.collection === 'site')?.data;
  const parsedSite = siteData === undefined ? undefined : SiteSchema.safeParse(siteData);
  const mine = files.filter((f) => selected(f.file));
  const fixed = fixCopy(root, mine, parsedSite?.success ? parsedSite.data : undefined);
  for (const result of fixed) console.log(`${formatFileFixes(result)}\n`);
  // The check below reads the fixed files again, and only them.
  for (const result of fixed) invalidateSnapshot(root, result.file);
  const official = mine.filter(isOfficialText).length;
  console.log(
    `自动改正：${fixed.length ? `${fixed.length} 个文件，共 ${fixed.reduce((n, r) => n + r.fixes.length, 0)} 处` : '没有需要改正的地方'}` +
      `${official ? `（${official} 份导入的官方文本：正文保持原样，不检查也不改动文字；只改正元数据里写法不对的日期）` : ''}。\n`,
  );
}
// With files named, the files that link to them are the editor's too (src/check/links.ts): a renamed document or a
// changed date shows up as a broken link or a late interpretation there, not in the named file.
const { files: allFiles } = readSnapshot(root);
const linkingFiles = selection ? findLinkingFiles(allFiles, allFiles.filter((f) => selected(f.file))) : [];
const linking = linkingFiles.map((l) => l.file);
const own = (file: string) => selected(file) || linking.includes(file);
// With files named, only their bodies are read for body rules (safety, images, copy, infographics): one file in < 1 s.
// The body of an infographic of a named document is read too: its image shows the document's title and 文号.
const drawnFrom = linkingFiles.filter((l) => l.collection === 'infographics' && l.keys.includes('document')).map((l) => l.file);
const bodiesIn = selection && [...selection, ...drawnFrom];
const checked = checkContent(root, undefined, { bodiesIn });
const { entries } = checked;
const drafts = findDraftsToFinish(entries);
const problems = [...checked.problems, ...drafts.problems];
// The editor's own problems in full, the rest one line per kind (src/check/report.ts).
const reportOptions = { isOwn: own, named: selection !== undefined, errorsOnly: values['errors-only'] };
const report = buildCheckReport(problems, reportOptions);
const printed = formatCheckReport(report, reportOptions);
if (printed) console.log(printed);
const toFinish = formatDraftsToFinish(new Map([...drafts.byKind].map(([k, list]) => [k, list.filter((d) => own(d.file))])));
if (toFinish) console.log(`${toFinish}\n`);
const counts = Object.entries(entries)
  .map(([name, map]) => `${name} ${map.size}`)
  .join('，');
console.log(
  `检查完毕：${report.errors} 个错误，${report.warnings} 个警告${values['errors-only'] && report.warnings ? '（警告未列出）' : ''}（${counts}；${Math.round(performance.now() - started)} ms）。`,
);
if (selection) {
  const others = problems.filter((p) => !own(p.file));
  const otherErrors = others.filter((p) => p.severity === 'error').length;
  const written = selection.length <= 3 ? selection.join('、') : `所写的 ${selection.length} 个文件和文件夹`;
  const them = selection.length > 1 || !allFiles.some((f) => f.file === selection[0]) ? '它们' : '它';
  // Of the linking files, only infographics of a named document had their bodies checked (bodiesIn above).
  const unreadBodies = linking.filter((f) => !bodiesIn?.includes(f)).length;
  const named = linking.length
    ? `${written} 和链接到${them}的 ${linking.length} 个文件（${linking.slice(0, 3).join('、')}${linking.length > 3 ? ' 等' : ''}` +
      `${unreadBodies ? `；${unreadBodies === linking.length ? '这些文件' : `其中 ${unreadBodies} 个`}的正文没有检查` : ''}）`
    : `${written}（没有别的文件链接到${them}）`;
  console.log(
    `${report.errors + report.warnings ? `以上是 ${named}中的问题` : `${named}没有问题`}` +
      // Only the named files' bodies were checked: what is said of the other files must not promise more.
      `${others.length ? `；其他文件只检查了元数据和链接（正文没有检查），另有 ${otherErrors} 个错误、${others.length - otherErrors} 个警告${report.summary.length ? '，上面每类只列了一行' : ''}` : '；其他文件只检查了元数据和链接（正文没有检查），没有问题'}。检查全部内容（包括其他文件的正文）请运行 npm run check。`,
  );
}
process.exitCode = report.errors ? 1 : 0;

/**
 * The named files and folders as paths relative to the project root with forward slashes (as problems name files).
 * A name is read from the current folder, or from the folder npm was started in (npm run starts scripts in the
 * project root). Names that do not exist or are outside content/ are reported together; then exit 2.
 */
function selectPaths(names: readonly string[]): string[] {
  const contentDir = resolve(root, 'content');
  const bases = [...new Set([process.cwd(), process.env.INIT_CWD].filter((d): d is string => !!d))];
  const paths: string[] = [];
  const mistakes: string[] = [];
  for (const name of names) {
    const candidates = bases.map((b) => resolve(b, name));
    const found = candidates.find((c) => lstatOrUndefined(c) !== undefined);
    if (!found) {
      mistakes.push(`找不到要检查的文件 “${name}”。请写 content/ 下的文件或文件夹，例如 content/interpretations/guofa-2019-5-shili-wenzi.mdx。`);
    } else if (found !== contentDir && !found.startsWith(`${contentDir}${sep}`)) {
      mistakes.push(`“${name}” 不在 content/ 下：npm run check 只检查 content/ 中的内容文件。`);
    } else {
      paths.push(relative(root, found).split(sep).join('/'));
    }
  }
  if (mistakes.length) {
    for (const m of mistakes) console.error(m);
    console.error(helpHint(CHECK));
    process.exit(USAGE_EXIT_CODE);
  }
  return paths;
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
