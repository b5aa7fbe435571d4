/**
 * `npm run release [-- --version 1.2.0] [--previous <manifest.json>] [--skip-build] [--require-clean] [--force]`
 * Builds the site, verifies it (links, assets, meta tags, search index), and writes release/<version>/:
 * the .tar.gz, manifest.json, _headers, headers.nginx.conf and RELEASE-NOTES.md. Exits 1 and writes nothing
 * on any problem. First of all it refuses a content/site.yaml that lacks what a government site's footer must show
 * (ICP 备案号, 公安机关备案号, a phone or e-mail: src/release/site-requirements.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { productionBuildEnv } from '../src/release/build-env';
import { createRelease, ReleaseError } from '../src/release/create-release';
import { adminCspOfProject } from '../src/cms/admin-csp';
import { commitTime, gitInfo, normalizeVersion, sourceDateEpoch } from '../src/release/manifest';
import { checkSiteRequirements, SITE_FILE } from '../src/release/site-requirements';
import { formatProblem, sortProblems } from '../src/lib/problems';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run release -- [--version 1.2.0] [options]
用法：npm run release -- [--version 1.2.0] [选项]

Builds the site, verifies it (links, assets, meta tags, search index) and writes release/<version>/.
构建网站、核验（链接、资源、meta 标签、搜索索引），写出 release/<版本>/；有问题时什么也不写，退出码 1。
先核对 content/site.yaml 中正式网站页脚必须有的内容（ICP 备案号、公安机关备案号、联系电话或邮箱），缺少时不构建。

  --version <v>          release version, default package.json's（版本号，默认取 package.json）
  --previous <file>      manifest.json the notes compare with（发布说明对比的上一版清单）
  --dist <dir>           built site, default dist（已构建的网站目录）
  --out <dir>            releases folder, default release（发布目录）
  --skip-build           use the site already in --dist（不重新构建）
  --require-clean        refuse a working tree with uncommitted changes（工作区有未提交修改时拒绝发布）
  --force                overwrite an existing release of this version（覆盖已发布的同一版本）
  -h, --help             this text（显示本说明）`;

const root = process.cwd();

function fail(message: string): never {
  console.error(`\n发布失败：${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = readCommandLine({
    name: 'npm run release',
    audience: 'operator',
    usage: USAGE,
    options: {
      version: { type: 'string' },
      previous: { type: 'string' },
      dist: { type: 'string', default: 'dist' },
      out: { type: 'string', default: 'release' },
      'skip-build': { type: 'boolean', default: false },
      'require-clean': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
  });
  const started = performance.now();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const version = normalizeVersion(values.version ?? pkg.version);
  if (!version) {
    fail(`版本号 "${values.version ?? pkg.version}" 不能用：只能包含字母、数字和 . - + _，且以字母或数字开头。\n  例如 --version 1.2.0 或 --version 2026.11.27-1。`);
  }
  const releaseRoot = resolve(root, values.out);
  if (existsSync(join(releaseRoot, version)) && !values.force) {
    fail(`版本 ${version} 已经发布过（${values.out}/${version}/ 已存在）。\n  请用 --version 指定新的版本号，或修改 package.json 的 version；确实要覆盖时加 --force。`);
  }
  if (values.previous && !existsSync(values.previous)) fail(`找不到 --previous 指定的清单 ${values.previous}。`);
  const git = gitInfo(root);
  if (git.dirty && values['require-clean']) {
    fail('工作区有未提交的修改，而 --require-clean 要求从干净的提交发布。\n  请先提交或撤销修改（git status 可查看），再发布。');
  }

  // The footer items a government site must show (src/release/site-requirements.ts), before a build is spent.
  if (existsSync(join(root, SITE_FILE)) || !values['skip-build']) {
    const siteProblems = sortProblems(checkSiteRequirements(root));
    const errors = siteProblems.filter((p) => p.severity === 'error');
    if (errors.length) {
      fail(`${SITE_FILE} 不符合正式发布的要求（${errors.length} 处错误），本次没有构建，也没有生成任何发布文件：\n\n${siteProblems.map(formatProblem).join('\n\n')}`);
    }
    if (siteProblems.length) console.log(`${SITE_FILE} 中有 ${siteProblems.length} 处示例值，正式上线前请改掉：\n\n${siteProblems.map(formatProblem).join('\n\n')}\n`);
  } else {
    console.log(`没有 ${SITE_FILE}：页脚的备案号和联系方式没有核对（--skip-build 使用的是已构建的 ${values.dist}/）。`);
  }

  if (!values['skip-build']) {
    console.log('构建站点（npm run build）…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: productionBuildEnv() });
    if (build.status !== 0) fail(`构建失败（退出码 ${build.status}）。请查看上面的构建日志，改正后重新发布。`);
  }

  const siteYaml = join(root, 'content/site.yaml');
  const baseUrl = existsSync(siteYaml) ? (parse(readFileSync(siteYaml, 'utf8')) as { baseUrl?: string } | null)?.baseUrl : undefined;
  let siteOrigin: string | undefined;
  try {
    siteOrigin = baseUrl ? new URL(baseUrl).origin : undefined;
  } catch {
    fail(`content/site.yaml 的 baseUrl "${baseUrl}" 不是完整网址。请填成 https://zcjd.example.gov.cn 这样的形式。`);
  }

  let builtAt: Date;
  try {
    builtAt = sourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  } catch (e) {
    return fail((e as Error).message);
  }
  console.log(`检查并打包 ${values.dist}/ …`);
  const result = await createRelease({
    siteDir: resolve(root, values.dist),
    releaseRoot,
    name: pkg.name,
    version,
    packageVersion: pkg.version,
    git,
    siteOrigin,
    previousManifest: values.previous,
    force: values.force,
    mtime: commitTime(root),
    builtAt,
    label: values.dist,
    // The form editor's /admin/ and its own policy, only when content/site.yaml switches it on.
    adminCsp: adminCspOfProject(root),
  });
  const m = result.manifest;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const size = (statSync(result.tarball).size / 1024 / 1024).toFixed(2);
  console.log(`\n发布 ${version} 完成（${seconds} 秒）：`);
  console.log(`  ${relative(root, result.tarball)}（${size} MB，${m.counts.files} 个文件，网页 ${m.counts.pages} 个）`);
  console.log(`  ${relative(root, result.dir)}/manifest.json、_headers、headers.nginx.conf、RELEASE-NOTES.md`);
  console.log(`  内容：政策文件 ${m.counts.documents}，政策解读 ${m.counts.interpretations}，图解 ${m.counts.infographics}`);
  if (m.adminCsp) console.log('  表单编辑器：/admin/（content/site.yaml 的 cms），用它自己的安全策略（_headers、headers.nginx.conf）。');
  console.log(`  对比的上一版本：${result.previous ? result.previous.version : '无（第一个发布）'}`);
  if (git.dirty) console.log('  注意：工作区有未提交的修改，清单中已记下（dirty: true）。正式发布请从干净的提交构建。');
}

main().catch((e: unknown) => {
  if (e instanceof ReleaseError) fail(e.message);
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
