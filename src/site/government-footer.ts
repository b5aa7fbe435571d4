/**
 * What the footer of a government website must show, computed from content/site.yaml: 主办单位 and contact,
 * 网站标识码, ICP 备案号, 公安机关备案号, the 党政机关网站标识 where the office has one, and the
 * "我为政府网站找错" link. The rule: 《政府网站发展指引》(国办发〔2017〕47号) — the footer lists 党政机关网站标识、
 * “我为政府网站找错”、网站标识码、ICP备案编号、公安机关备案标识、网站主办单位和联系方式; the 标识 itself per
 * 《党政机关、事业单位和国有企业互联网网站标识管理办法》. Used by src/components/SiteFooter.astro and by the
 * release check (src/release/site-requirements.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { POLICE_FILING_PATTERN, type Site } from '../schemas/site';

/** 工信部 ICP/IP 地址/域名信息备案管理系统: where an ICP 备案号 links. */
export const ICP_FILING_URL = 'https://beian.miit.gov.cn/';

/** The 公安 filing query page; the 14 digits of the 备案号 go after `code=`. */
export const POLICE_FILING_QUERY = 'https://beian.mps.gov.cn/#/query/webSearch?code=';

/** The national "我为政府网站找错" page; the site's 网站标识码 goes after `siteCode=`. */
export const ERROR_REPORT_QUERY = 'https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?siteCode=';

/**
 * The query address of a 公安机关备案号 such as 京公网安备11010502030143号: the filing platform's search page
 * with its 14 digits. undefined when the number does not have that form (the schema refuses it anyway).
 */
export function policeFilingUrl(police: string): string | undefined {
  const digits = POLICE_FILING_PATTERN.exec(police.trim())?.[1];
  return digits ? `${POLICE_FILING_QUERY}${digits}` : undefined;
}

/**
 * The "我为政府网站找错" address for a site: the national page with the 网站标识码 and, when given, the page the
 * reader was on (absolute URL), so a report names both.
 */
export function errorReportUrl(siteIdCode: string, pageUrl?: string): string {
  const page = pageUrl ? `&url=${encodeURIComponent(pageUrl)}` : '';
  return `${ERROR_REPORT_QUERY}${encodeURIComponent(siteIdCode)}${page}`;
}

/** The ICP 备案号 a site shows: filing.icp, or the older place contact.icp. */
export function icpNumberOf(site: Site): string | undefined {
  return site.filing.icp ?? site.contact.icp;
}

/** The file a site image address (/images/site/x.png) names under public/, or undefined if there is none. */
export function publicFileOf(projectRoot: string, address: string): string | undefined {
  const file = join(projectRoot, 'public', ...address.split('/').filter(Boolean));
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** One line of the footer. */
export interface FooterLine {
  /** Chinese label before the value, e.g. 联系电话; empty when the value names itself (备案号). */
  label: string;
  /** The text shown. */
  text: string;
  /** Where the text links, if it does (tel:, mailto:, the filing systems). */
  href?: string;
}

/** Everything the footer shows, in order: the facts in lines, then the 标识 and the error-report link. */
export interface GovernmentFooter {
  lines: FooterLine[];
  /** The 党政机关网站标识 with its image address and alt text; undefined where the office has none. */
  conac?: { url: string; logo: string; alt: string };
  /** The "我为政府网站找错" address. */
  errorReportUrl: string;
}

/**
 * The footer of one page. `pageUrl` is the page's absolute address (for the error-report link). Nothing is
 * invented: a field left out of content/site.yaml is left out of the footer (the release refuses the required ones).
 */
export function governmentFooter(site: Site, pageUrl?: string): GovernmentFooter {
  const lines: FooterLine[] = [{ label: '主办单位', text: site.contact.organiser }];
  const { phone, email, address } = site.contact;
  if (phone) lines.push({ label: '联系电话', text: phone, href: `tel:${phone.replace(/[^\d+]/g, '')}` });
  if (email) lines.push({ label: '电子邮箱', text: email, href: `mailto:${email}` });
  if (address) lines.push({ label: '地址', text: address });
  lines.push({ label: '网站标识码', text: site.siteIdCode });
  const icp = icpNumberOf(site);
  if (icp) lines.push({ label: '', text: icp, href: ICP_FILING_URL });
  const police = site.filing.police;
  if (police) lines.push({ label: '', text: police, href: policeFilingUrl(police) });
  return {
    lines,
    conac: site.filing.conac && { ...site.filing.conac },
    errorReportUrl: errorReportUrl(site.siteIdCode, pageUrl),
  };
}
