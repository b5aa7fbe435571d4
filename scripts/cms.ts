/**
 * `npm run cms`: the form editor (Decap CMS 3.16.3, pinned) on this computer's copy of the project, at
 * http://127.0.0.1:4322/admin/. Forms are generated from the schemas (src/cms/); every save is checked with the
 * project's own check first and refused with its Chinese problems. With --backend gitlab|gitea the page logs in to
 * the office's Git host instead of writing the local folder (see docs/cms.md). Stops with Ctrl+C.
 */
import { startCmsServer } from '../src/cms/server';
import { readCommandLine, USAGE_EXIT_CODE } from './cli';

const USAGE = `用法：npm run cms -- [--port 4322] [--workflow [--signer 姓名]] [--backend gitlab|gitea --repo 组/项目 --base-url https://git.example.gov.cn [--app-id …]]

启动表单编辑器：在浏览器打开显示的地址（只在本机 127.0.0.1 上），用表单新建、修改原文件、解读、图解和机构。
表单按 src/schemas/ 生成；保存前先用 npm run check 的规则检查，有错误时不保存并列出问题和改法。

  --port 端口        编辑页面的端口，默认 4322
  --proxy-port 端口  本地代理（读写本机文件）的端口，默认 8081
  --workflow         本机也走审核流程（草稿→审核中→就绪，用本机 Git 分支）；移到“就绪”时把审签人和日期写进解读的“审签”
                     需要网站文件夹是 Git 仓库、在 main 分支上、没有未提交的改动
  --signer 姓名      审签人的姓名，默认取 git config user.name
  --backend 类型     不写本机文件，改为登录单位的 Git 服务器：gitlab（支持 草稿→审核中→就绪 的审核流程）或 gitea
  --repo 组/项目      Git 服务器上的仓库，例如 zwgk/jiedu-studio
  --base-url 地址    Git 服务器地址，例如 https://git.example.gov.cn
  --app-id 编号      Git 服务器上为编辑器登记的 OAuth 应用编号（GitLab 用 PKCE 登录时需要）
  -h, --help         显示本说明

例：npm run cms
    npm run cms -- --backend gitlab --repo zwgk/jiedu-studio --base-url https://git.example.gov.cn --app-id 1234`;

const CMS = {
  name: 'npm run cms',
  audience: 'editor',
  usage: USAGE,
  options: {
    port: { type: 'string', default: '4322' },
    'proxy-port': { type: 'string', default: '8081' },
    backend: { type: 'string' },
    repo: { type: 'string' },
    'base-url': { type: 'string' },
    'app-id': { type: 'string' },
    workflow: { type: 'boolean' },
    signer: { type: 'string' },
  },
} as const;
const { values } = readCommandLine(CMS);

function fail(message: string): never {
  console.error(message);
  process.exit(USAGE_EXIT_CODE);
}

function portOf(option: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--${option} 的值 “${text}” 不是端口号：请写 1024 到 65535 之间的整数，例如 --${option} 4322。`);
  return port;
}

if (values.workflow && values.backend !== undefined) fail('--workflow 只用于本机文件夹；登录 GitLab 时审核流程已经打开，不需要 --workflow。');
if (values.signer !== undefined && !values.signer.trim()) fail('--signer 后面要写审签人的姓名，例如 --signer 张三。');

let backend: Parameters<typeof startCmsServer>[0]['backend'];
if (values.backend !== undefined) {
  if (values.backend !== 'gitlab' && values.backend !== 'gitea') fail(`--backend 的值 “${values.backend}” 不认识：只能是 gitlab 或 gitea。`);
  if (!values.repo || !values['base-url']) fail(`--backend ${values.backend} 还需要 --repo（如 zwgk/jiedu-studio）和 --base-url（如 https://git.example.gov.cn）。`);
  if (!/^https:\/\/[^\s/]+/.test(values['base-url'])) fail(`--base-url 的值 “${values['base-url']}” 不是 https:// 开头的地址。`);
  backend = { name: values.backend, repo: values.repo, baseUrl: values['base-url'].replace(/\/+$/, ''), appId: values['app-id'] };
}

try {
  const server = await startCmsServer({
    root: process.cwd(),
    port: portOf('port', values.port),
    proxyPort: portOf('proxy-port', values['proxy-port']),
    backend,
    workflow: values.workflow === true,
    signer: values.signer?.trim(),
  });
  console.log(`表单编辑器已启动：${server.adminUrl}`);
  console.log(
    backend
      ? `登录 ${backend.baseUrl} 上的仓库 ${backend.repo} 编辑。`
      : values.workflow
        ? `审核流程：保存进本机的审核分支（cms/…），“发布”时合并进 main；移到“就绪”时记下审签人。`
        : `直接读写本机 ${process.cwd()}/content/ 下的文件（保存即写入文件，请照常用 Git 提交）。`,
  );
  console.log('按 Ctrl+C 停止。');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const message = (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
    ? `端口已被占用：${(e as Error).message}。请关掉另一个 npm run cms，或换一个端口：npm run cms -- --port 4323 --proxy-port 8082。`
    : `表单编辑器没有启动：${(e as Error).message}`;
  console.error(message);
  process.exit(1);
}
