/**
 * 文号 (document numbers): parsing, normalising brackets to 〔〕, and search keys.
 * Real catalogues write the year brackets as 〔〕, ﹝﹞, [], 【】, 〖〗, () or （）, with full-width digits
 * (２０２４) and stray spaces; readers type any of them.
 */

/** Opening and closing year brackets seen in the wild, each mapped to the standard pair. */
const OPENING = '〔﹝[【(（［〖〘';
const CLOSING = '〕﹞]】)）］〗〙';

/** The parts of a document number. */
export interface DocNumberParts {
  /** Issuer's prefix (机关代字), e.g. 国办发, 穗府办规. */
  prefix: string;
  /** Year in brackets, absent for numbers like 国令第707号. */
  year?: number;
  /** Serial number (序号). */
  serial: number;
  /** The number written with standard brackets 〔〕. */
  normalized: string;
}

const WITH_YEAR = new RegExp(`^([\\p{Script=Han}A-Za-z]+)\\s*[${escape(OPENING)}]\\s*(\\d{4})\\s*[${escape(CLOSING)}]\\s*第?(\\d+)\\s*号$`, 'u');
const WITHOUT_YEAR = /^([\p{Script=Han}A-Za-z]+?)\s*第?\s*(\d+)\s*号$/u;

function escape(chars: string): string {
  return chars.replace(/[\]\[\\^-]/g, '\\$&');
}

/** Parses a 文号, accepting any bracket style; undefined when it is not a 文号. */
export function parseDocNumber(input: string): DocNumberParts | undefined {
  const text = halfWidthDigits(input).replace(/[\s\u3000]+/gu, ' ').trim();
  const withYear = WITH_YEAR.exec(text);
  if (withYear) {
    const [, prefix, year, serial] = withYear as unknown as [string, string, string, string];
    return { prefix, year: Number(year), serial: Number(serial), normalized: `${prefix}〔${year}〕${Number(serial)}号` };
  }
  const plain = WITHOUT_YEAR.exec(text);
  if (plain) {
    const [, prefix, serial] = plain as unknown as [string, string, string];
    // Numbers like 国令第707号 keep their 第.
    return { prefix, serial: Number(serial), normalized: text.includes('第') ? `${prefix}第${Number(serial)}号` : `${prefix}${Number(serial)}号` };
  }
  return undefined;
}

/** The text with full-width digits (０-９, as typed with a Chinese input method) as ASCII digits. */
export function halfWidthDigits(text: string): string {
  return text.replace(/[\uff10-\uff19]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** The 文号 with its year brackets replaced by 〔〕, or the input unchanged when it does not parse. */
export function normalizeDocNumber(input: string): string {
  return parseDocNumber(input)?.normalized ?? input.trim();
}

/** true when the 文号 uses a bracket style other than 〔〕. */
export function hasNonStandardBrackets(input: string): boolean {
  return [...input].some((c) => OPENING.slice(1).includes(c) || CLOSING.slice(1).includes(c));
}

/**
 * A bracket-free key for search: 国发〔2019〕5号, 国发[2019]5号 and 国发2019 5号 all give 国发2019-5.
 */
export function docNumberToSearchKey(input: string): string | undefined {
  const loose = halfWidthDigits(input).trim().replace(new RegExp(`[${escape(OPENING + CLOSING)}\\s]+`, 'gu'), ' ');
  const m = /^([\p{Script=Han}A-Za-z]+?)\s*(\d{4})\s+第?(\d+)\s*号?$/u.exec(loose.trim());
  if (m) return `${m[1]}${m[2]}-${Number(m[3])}`;
  const parts = parseDocNumber(input);
  return parts ? `${parts.prefix}${parts.year ?? ''}-${parts.serial}` : undefined;
}

/**
 * true when `text` holds the 文号 `docNumber` (any form parseDocNumber reads: 国发〔2019〕5号) in any bracket style,
 * with full-width digits or spaces, and whole: 国发〔2019〕5号 is not in 国发〔2019〕15号 nor 国发〔2019〕5号 in
 * 国发〔2019〕50号. false when `docNumber` does not parse. Used by search to tell pages citing a 文号 from pages that
 * only share its parts (发〔2019〕 of another document).
 */
export function holdsDocNumber(text: string, docNumber: string): boolean {
  const parts = parseDocNumber(docNumber);
  if (!parts) return false;
  const prefix = [...parts.prefix].map((c) => escape(c).replace(/[.*+?(){}|$]/gu, '\\$&')).join('\\s*');
  const serial = `(?<!\\d)0*${parts.serial}\\s*号`;
  const pattern =
    parts.year !== undefined
      ? `${prefix}\\s*[${escape(OPENING)}]\\s*${parts.year}\\s*[${escape(CLOSING)}]\\s*第?\\s*${serial}`
      : `${prefix}\\s*第?\\s*${serial}`;
  return new RegExp(pattern, 'u').test(halfWidthDigits(text));
}
