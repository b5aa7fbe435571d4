/**
 * The typed model of an infographic (图解): what parse.ts makes of an MDX source, and what both
 * renderings (layout.ts → image, html.ts → text version) read. Nothing here knows about MDX or pixels.
 */

/** A key figure (关键数字), e.g. value 3, unit 个工作日, label 公开抽查结果. */
export interface KeyFigure {
  /** The number or short word shown large, e.g. 3, 100%, 1000. */
  value: string;
  /** Unit written after the value, e.g. 个工作日, 元/月; may be empty. */
  unit: string;
  /** What the figure counts, one short sentence. */
  label: string;
}

/** A row of key figures: consecutive <Figure /> components. */
export interface FiguresBlock {
  kind: 'figures';
  /** 1-based source line of the first figure. */
  line: number;
  figures: KeyFigure[];
}

/** A paragraph of text. */
export interface ParagraphBlock {
  kind: 'paragraph';
  line: number;
  text: string;
}

/** A bulleted or numbered list of short items. */
export interface ListBlock {
  kind: 'list';
  line: number;
  /** true for 1. 2. 3. lists. */
  ordered: boolean;
  items: string[];
}

/** Steps of a procedure (办事流程), in order. */
export interface StepsBlock {
  kind: 'steps';
  line: number;
  /** Optional heading above the steps, e.g. 办理流程. */
  title?: string;
  steps: string[];
}

/** A before/after comparison (对比): what changed from the old policy. */
export interface CompareBlock {
  kind: 'compare';
  line: number;
  /** What is compared, e.g. 抽查方式. */
  label: string;
  /** Heading of the before side, 原来 unless set. */
  beforeLabel: string;
  /** Heading of the after side, 现在 unless set. */
  afterLabel: string;
  /** Items of the before side (one item when written as a prop). */
  before: string[];
  /** Items of the after side. */
  after: string[];
}

/** A note (提示), set apart from the text. */
export interface NoteBlock {
  kind: 'note';
  line: number;
  /** Heading of the note, 提示 unless set. */
  title: string;
  /** Paragraphs of the note. */
  paragraphs: string[];
}

/** One block of a section. */
export type Block = ParagraphBlock | ListBlock | FiguresBlock | StepsBlock | CompareBlock | NoteBlock;

/** A numbered section: one `## heading` and the blocks under it. Sections stand alone, so images can be cut between them. */
export interface Section {
  /** 1-based number, assigned in order. */
  number: number;
  /** Heading text without any numbering the editor typed. */
  title: string;
  /** 1-based source line of the heading. */
  line: number;
  blocks: Block[];
}

/** Frontmatter of an infographic as the renderer uses it (see src/schemas/infographic.ts). */
export interface InfographicMeta {
  title: string;
  /** Id of the original document (原文件). */
  document: string;
  interpretation?: string;
  publishedAt?: string;
  alt?: string;
  summary?: string;
  draft: boolean;
}

/** A whole infographic. */
export interface InfographicModel {
  /** Entry id: the file name without .mdx. */
  id: string;
  /** Source path relative to the project root. */
  file: string;
  meta: InfographicMeta;
  /** Blocks written before the first section (导语), shown under the masthead. */
  lead: Block[];
  sections: Section[];
}

/** What the masthead and footer show besides the model: resolved from other entries and the site config. */
export interface InfographicContext {
  /** Issuer (发文机关) of the document, e.g. 国务院. */
  issuer: string;
  /** Title of the original document. */
  documentTitle: string;
  /** 文号 of the original document, if it has one. */
  docNumber?: string;
  /** Site name, e.g. 某市人民政府门户网站. */
  siteName: string;
  /**
   * Site address (baseUrl in content/site.yaml), e.g. https://zcjd.example.gov.cn: the footer prints the page's short
   * address and draws a QR code to the page. Without it the footer has neither (only tests leave it out).
   */
  siteUrl?: string;
}
