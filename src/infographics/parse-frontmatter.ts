/**
 * Stage 1 (parser), frontmatter: reads the YAML between the --- lines of an infographic into the fields the
 * renderers need (title, document, interpretation, dates, alt, summary, draft), and reports YAML that does not
 * parse and a missing title or document at their lines. Full validation against the schema
 * (src/schemas/) is the content check's job.
 */
import { parse as parseYaml } from 'yaml';
import type { InfographicMeta } from './model';

/**
 * Reads the frontmatter the renderer needs from the YAML text between the --- lines. `report` gets each problem
 * with its line within that text (the first line after ---), so the caller adds one for the file's line.
 */
export function readMeta(
  yamlText: string,
  report: (line: number | undefined, message: string, fix: string, field?: string, label?: string) => void,
): InfographicMeta {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(yamlText);
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch (e) {
    const linePos = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    report(linePos, `frontmatter 不是有效的 YAML：${(e as Error).message.split('\n')[0]}`, '检查冒号后面是否有空格、引号是否成对。');
    return { title: '', document: '', draft: false };
  }
  const str = (key: string) => {
    const v = data[key];
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  const lineOfKey = (key: string) => {
    const i = yamlText.split('\n').findIndex((l) => l.startsWith(`${key}:`));
    return i >= 0 ? i + 1 : undefined;
  };
  const title = str('title') ?? '';
  const document = str('document') ?? '';
  if (!title) report(lineOfKey('title'), '缺少图解标题。', '在 frontmatter 里写 title: 一图读懂《……》。', 'title', '标题');
  if (!document) report(lineOfKey('document'), '缺少原文件。图解必须注明它解读的原文件。', '在 frontmatter 里写 document: 原文件的 id（content/documents/ 下的文件名，不含 .md）。', 'document', '原文件');
  return {
    title,
    document,
    interpretation: str('interpretation'),
    publishedAt: str('publishedAt'),
    alt: str('alt'),
    summary: str('summary'),
    draft: data.draft === true,
  };
}
