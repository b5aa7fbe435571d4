import { REGISTRY } from '../content/registry';

/** Chinese names of frontmatter fields, shown after the English key in every message. */
export const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  docNumber: '文号',
  indexNumber: '索引号',
  kind: '文件类别',
  issuer: '发文机关',
  coIssuers: '联合发文机关',
  writtenAt: '成文日期',
  publishedAt: '发布日期',
  topic: '主题分类',
  category: '公开类别',
  validity: '有效性',
  successor: '替代文件',
  requiresInterpretation: '是否需要解读',
  sourceUrl: '原文地址',
  attachments: '附件',
  importedFrom: '导入来源',
  draft: '草稿',
  toFinish: '待补事项',
  externalDocuments: '本站以外的原文件',
  docNumberPrefixes: '文号前缀',
  publishAt: '定时发布日期',
  documents: REGISTRY.documents.name,
  document: REGISTRY.documents.name,
  interpretation: REGISTRY.interpretations.name,
  form: '解读形式',
  office: '解读机关',
  interpreter: '解读人',
  summary: '摘要',
  keywords: '关键词',
  signOff: '审签',
  history: '更新记录',
  example: '示例标记',
  alt: '图片替代文字',
  name: '名称',
  shortName: '简称',
  code: '机构代码',
  contact: '联系方式',
  siteIdCode: '网站标识码',
  baseUrl: '网站地址',
  columns: '栏目名称',
  theme: '主题配色',
  timeliness: '时效要求',
  copyStyle: '文字规范',
  cjkLatinSpace: '中文与英文数字间空格',
  workingDays: '工作日数',
  strict: '严格模式',
  by: '审签人',
  at: '审签日期',
  date: '日期',
  note: '说明',
  major: '是否重大更新',
  url: '地址',
  organiser: '主办单位',
  phone: '电话',
  email: '电子邮箱',
  address: '地址',
  icp: 'ICP备案号',
  filing: '备案与标识',
  police: '公安机关备案号',
  conac: '党政机关网站标识',
  logo: '标识图片',
  source: '来源',
  id: '编号',
};

/** Formats a field path as editors see it: documents[1], signOff.by. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The Chinese label of the last named key in a path. */
export function labelOf(path: readonly PropertyKey[]): string | undefined {
  const key = [...path].reverse().find((p) => typeof p === 'string');
  return key === undefined ? undefined : FIELD_LABELS[key as string];
}
