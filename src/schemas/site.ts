import { z } from 'astro/zod';
import { REGISTRY } from '../content/registry';
import { FIXES, httpUrl } from './common';

/** 表单编辑器在正式网站上可登录的 Git 服务器（site.yaml 的 cms.backend）。 */
export const CMS_BACKENDS = ['gitlab', 'gitea'] as const;

/** 页面和图解可用的配色（Colour themes of the site and its infographics）。 */
export const THEMES = ['zhengwu-red', 'qingshan-blue'] as const;

/**
 * 公安机关备案号（公安联网备案）的写法：省份简称 + 公网安备 + 14 位数字 + 号，例如 京公网安备11010502030143号。
 * 页脚的链接地址取其中的数字（https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143）。
 */
export const POLICE_FILING_PATTERN = /^[\p{Script=Han}]{1,2}公网安备\s?(\d{14})号$/u;

/** ICP 备案号的写法：省份简称 + ICP备 + 数字 + 号，可带 -序号，例如 京ICP备05070218号-1。 */
export const ICP_FILING_PATTERN = /^[\p{Script=Han}]{1,2}ICP备\s?\d{6,12}号(?:-\d{1,3})?$/u;

/**
 * 站内图片地址：以 / 开头、指向 public/ 里的文件（/images/site/biaoshi.png 即 public/images/site/biaoshi.png），
 * 只用字母、数字、- _ . /，扩展名 png、jpg、jpeg、gif、webp 或 svg；不能指向其他网站（安全策略不允许）。
 */
export const SITE_IMAGE_PATTERN = /^(?!.*\/\.\.?(?:\/|$))\/(?!\/)[A-Za-z0-9_\-./]+\.(?:png|jpe?g|gif|webp|svg)$/i;

/** 站点配置（Site configuration）：content/site.yaml。每个字段的中文说明也见 docs/setup.md“填写站点配置”。 */
export const SiteSchema = z.strictObject({
  /** 网站名称，显示在页头和 SiteName 元标签中，例如 某市人民政府门户网站。 */
  name: z.string().min(1).meta({ title: '名称' }),
  /** 网站简称，窄屏（手机）页头使用。 */
  shortName: z.string().min(1).optional().meta({ title: '简称' }),
  /** 网站标识码（SiteIDCode）：政府网站信息报送系统分配的编码，例如 4401000001；页脚、“我为政府网站找错”链接和 SiteIDCode 元标签都用它。 */
  siteIdCode: z
    .string()
    .regex(/^[0-9A-Za-z]{6,20}$/)
    .meta({ title: '网站标识码', fix: '写网站标识码，6 到 20 位数字或字母，例如 4401000001。' }),
  /** 网站地址，带 https://，例如 https://zcjd.example.gov.cn。 */
  baseUrl: httpUrl.meta({ title: '网站地址', fix: '写完整地址，以 https:// 开头，例如 https://zcjd.example.gov.cn。' }),
  /** 栏目名称，用于导航和 ColumnName 元标签。 */
  columns: z
    .strictObject({
      /** 原文件栏目的名称，例如 政策文件。 */
      documents: z.string().min(1).meta({ title: REGISTRY.documents.name }),
      /** 解读栏目的名称，例如 政策解读。 */
      interpretations: z.string().min(1).meta({ title: REGISTRY.interpretations.name }),
      /** 图解栏目的名称，例如 图解。 */
      infographics: z.string().min(1).meta({ title: REGISTRY.infographics.name }),
    })
    .meta({ title: '栏目名称' }),
  /** 主办单位和联系方式，显示在页脚；正式发布（npm run release）要求填写 phone 或 email 至少一项。 */
  contact: z
    .strictObject({
      /** 主办单位（网站的主办单位全称），例如 某市人民政府办公室。 */
      organiser: z.string().min(1).meta({ title: '主办单位' }),
      /** 联系电话，例如 020-12345678；页脚上可以点按拨打。 */
      phone: z.string().min(1).optional().meta({ title: '电话' }),
      /** 联系邮箱，例如 zwgk@example.gov.cn；页脚上可以点按发邮件。 */
      email: z.string().min(3).optional().meta({ title: '电子邮箱' }),
      /** 通信地址，例如 某市某区某路 1 号。 */
      address: z.string().min(1).optional().meta({ title: '地址' }),
      /** ICP 备案号的旧写法位置；请改写在 filing.icp（两处都写时以 filing.icp 为准）。 */
      icp: z.string().min(1).optional().meta({ title: 'ICP备案号', fix: FIXES.icp }),
    })
    .meta({ title: '联系方式' }),
  /** 备案号和网站标识，显示在页脚（《政府网站发展指引》要求页面底部列明）；正式发布要求填写 icp 和 police。 */
  filing: z
    .strictObject({
      /** ICP 备案号，例如 京ICP备05070218号-1；页脚链接到工信部备案系统 https://beian.miit.gov.cn/。 */
      icp: z.string().regex(ICP_FILING_PATTERN).optional().meta({ title: 'ICP备案号', fix: FIXES.icp }),
      /** 公安机关备案号，例如 京公网安备11010502030143号；页脚链接到全国互联网安全管理服务平台的查询页。 */
      police: z
        .string()
        .regex(POLICE_FILING_PATTERN)
        .optional()
        .meta({ title: '公安机关备案号', fix: '照公安机关备案证明填写：省份简称 + 公网安备 + 14 位数字 + 号，例如 京公网安备11010502030143号。' }),
      /** 党政机关网站标识（中央编办颁发的红色“党政机关”标识）；没有的单位不写这一组。 */
      conac: z
        .strictObject({
          /** 标识链接到的证书地址，即开办资格审核后拿到的代码里的链接，例如 https://bszs.conac.cn/sitename?method=show&id=…。 */
          url: httpUrl.meta({ title: '地址' }),
          /** 标识图片：把图片文件放进 public/ 文件夹，这里写以 / 开头的地址，例如 /images/site/dangzheng.png。 */
          logo: z.string().regex(SITE_IMAGE_PATTERN).meta({
            title: '标识图片',
            fix: '把图片放进 public/ 文件夹，写以 / 开头的站内地址，例如 /images/site/dangzheng.png（文件在 public/images/site/dangzheng.png）；不能写其他网站的地址。',
          }),
          /** 图片的替代文字（读屏软件读出的文字），默认 党政机关网站标识。 */
          alt: z.string().min(1).default('党政机关网站标识').meta({ title: '图片替代文字' }),
        })
        .optional()
        .meta({ title: '党政机关网站标识' }),
    })
    .default({})
    .meta({ title: '备案与标识' }),
  /** 页面和图解的配色：zhengwu-red（政务红）或 qingshan-blue（青山蓝）。 */
  theme: z.enum(THEMES).default('zhengwu-red').meta({ title: '主题配色' }),
  /** 解读的时效要求（原文件发布后几个工作日内发布解读）。 */
  timeliness: z
    .strictObject({
      /** 原文件发布后允许的工作日数，默认 3。 */
      workingDays: z.number().int().min(0).max(30).default(3).meta({ title: '工作日数' }),
      /** true：超时的解读是错误，检查不通过；false（默认）：只是警告。 */
      strict: z.boolean().default(false).meta({ title: '严格模式' }),
    })
    .default({ workingDays: 3, strict: false })
    .meta({ title: '时效要求' }),
  /** 文字规范：`npm run check` 对解读、图解和编辑写的原文件采用的写法。 */
  copyStyle: z
    .strictObject({
      /** 中文与英文、数字之间的空格：none（不加，2020年，公文的写法）或 space（加一个空格，2020 年）。 */
      cjkLatinSpace: z.enum(['none', 'space']).default('none').meta({ title: '中文与英文数字间空格' }),
    })
    .default({ cjkLatinSpace: 'none' })
    .meta({ title: '文字规范' }),
  /**
   * 表单编辑器放进正式网站（/admin/）：不写这一组或 enabled 不是 true 时，构建出的网站里没有 /admin/。要放时只能登录
   * 单位自建的 GitLab 或 Gitea（编辑的账号和权限由 Git 服务器管），见 docs/cms.md 第五节。
   */
  cms: z
    .strictObject({
      /** true：构建时生成 /admin/，编辑登录 Git 服务器后用表单修改；false（默认）：网站里没有 /admin/。 */
      enabled: z.boolean().default(false).meta({ title: '启用', fix: '写 true（构建时生成 /admin/）或 false（不生成）。' }),
      /** Git 服务器的种类：gitlab 或 gitea（Forgejo 也写 gitea）。 */
      backend: z.enum(CMS_BACKENDS).optional().meta({ title: 'Git 服务器种类' }),
      /** Git 服务器上的仓库，写成 组/项目，例如 zwgk/jiedu-studio。 */
      repo: z.string().regex(/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/).optional().meta({ title: '仓库', fix: '写成 组/项目，例如 zwgk/jiedu-studio（浏览器打开仓库时地址里服务器后面的那一段）。' }),
      /** Git 服务器的地址，https:// 开头，例如 https://git.example.gov.cn。 */
      serverUrl: z
        .string()
        .regex(/^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~\/-]*)?$/)
        .optional()
        .meta({ title: 'Git 服务器地址', fix: '写 Git 服务器的地址，以 https:// 开头，例如 https://git.example.gov.cn（不带仓库名，末尾不要空格）。' }),
      /** 管理员在 Git 服务器上为编辑器登记的 OAuth 应用的编号（Application ID），回调地址是 网站地址/admin/。 */
      appId: z.string().min(1).optional().meta({ title: '应用编号', fix: '写 Git 服务器“应用”设置里为编辑器登记的 OAuth 应用的编号（Application ID）。' }),
      /** 编辑要改的分支，默认 main。 */
      branch: z.string().regex(/^[A-Za-z0-9._\/-]+$/).optional().meta({ title: '分支', fix: '写分支名，例如 main。' }),
    })
    .superRefine((cms, ctx) => {
      // Switched on, the login needs all four; switched off, the group may be kept half filled for later.
      if (!cms.enabled) return;
      for (const key of ['backend', 'repo', 'serverUrl', 'appId'] as const) {
        if (cms[key] === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'string', path: [key], input: undefined });
      }
      // The address of the repository's page pasted as the server's: Decap would ask the server for <repo>/<repo>.
      if (cms.serverUrl && cms.repo && cms.serverUrl.replace(/\/+$/, '').toLowerCase().endsWith(`/${cms.repo.toLowerCase()}`)) {
        ctx.addIssue({ code: 'custom', path: ['serverUrl'], params: { kind: 'server-url-with-repo', repo: cms.repo }, input: cms.serverUrl });
      }
    }, { when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'enabled') })
    .optional()
    .meta({ title: '表单编辑器' }),
});
/** 读入并校验后的站点配置。 */
export type Site = z.infer<typeof SiteSchema>;
