/**
 * Stage 1: an infographic's MDX source → typed model + problems editors can act on.
 * The source is parsed (never run): headings are sections, paragraphs and lists are text, and four
 * components carry the rest: Figure, Steps, Compare, Note. Props are string literals only.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import type { Root, RootContent, Paragraph, List } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { Problem } from '../lib/problems';
import type { Block, InfographicMeta, InfographicModel, KeyFigure, Section } from './model';

/** The components an infographic may use, with their props; `required` props must be present. */
export const COMPONENTS = {
  Figure: { props: ['value', 'unit', 'label'], required: ['value', 'label'], what: '关键数字' },
  Steps: { props: ['title'], required: [], what: '办事步骤' },
  Compare: { props: ['label', 'before', 'after', 'beforeLabel', 'afterLabel'], required: ['label'], what: '前后对比' },
  Note: { props: ['title'], required: [], what: '提示' },
} as const;
type ComponentName = keyof typeof COMPONENTS;

/** Longest value of each limited prop, in characters, so the figure fits its card. */
export const LIMITS = { value: 8, unit: 8, label: 40, title: 20, beforeLabel: 12, afterLabel: 12 } as const;

/** Result of parsing one source. The model is present even when there are problems, as far as it could be read. */
export interface ParseResult {
  model: InfographicModel;
  problems: Problem[];
}

const USAGE: Record<ComponentName, string> = {
  Figure: '<Figure value="3" unit="个工作日" label="……" />',
  Steps: '<Steps>，下一行起写编号列表“1. ……”，最后一行写 </Steps>',
  Compare: '<Compare label="……" before="……" after="……" />',
  Note: '<Note>……</Note>',
};

type Jsx = MdxJsxFlowElement | MdxJsxTextElement;

/** Parses an infographic source. `file` is the path relative to the project root, used in problems and for the id. */
export function parseInfographic(source: string, file: string): ParseResult {
  const id = file.replace(/^.*\//, '').replace(/\.mdx?$/, '');
  const problems: Problem[] = [];
  const model: InfographicModel = {
    id,
    file,
    meta: { title: '', document: '', draft: false },
    lead: [],
    sections: [],
  };
  const err = (line: number | undefined, message: string, fix: string, field?: string, label?: string) =>
    problems.push({ severity: 'error', file, line, field, label, message, fix });
  const warn = (line: number | undefined, message: string, fix: string, field?: string, label?: string) =>
    problems.push({ severity: 'warning', file, line, field, label, message, fix });

  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']).parse(source) as Root;
  } catch (e) {
    const m = e as { line?: number; place?: { line?: number; start?: { line?: number } }; reason?: string; message: string };
    const { message, fix, line } = syntaxProblem(m.reason ?? m.message);
    err(line ?? m.line ?? m.place?.line ?? m.place?.start?.line, message, fix);
    return { model, problems };
  }

  const [first] = tree.children;
  if (first?.type === 'yaml') model.meta = readMeta(first.value, (line, message, fix, field, label) => err(line === undefined ? undefined : line + 1, message, fix, field, label));
  else err(1, '文件开头没有 frontmatter（以 --- 开始和结束的属性区）。', '在文件第一行写 ---，接着写 title、document、publishedAt，再写一行 ---。');

  const reported = new Set<Jsx>();
  let current: Section | undefined;
  const blocks = () => (current ? current.blocks : model.lead);
  const lineOf = (n: { position?: { start: { line: number } } }) => n.position?.start.line;
  /** Consecutive <Figure /> form one row; any other block ends the row. */
  let figureRow: { kind: 'figures'; line: number; figures: KeyFigure[] } | undefined;

  const nodes = tree.children.filter((n) => n.type !== 'yaml');
  for (const node of nodes) {
    const line = lineOf(node) ?? 1;
    const jsx = asComponent(node);
    if (!(typeof jsx === 'object' && jsx.name === 'Figure')) figureRow = undefined;
    if (jsx === 'handled') continue;
    if (jsx === 'figures-paragraph') {
      // Several <Figure /> written on one line: one row.
      const row = { kind: 'figures' as const, line, figures: [] as KeyFigure[] };
      for (const child of (node as Paragraph).children) {
        if (child.type === 'mdxJsxTextElement') {
          const f = readFigure(child);
          if (f) row.figures.push(f);
        }
      }
      if (row.figures.length) blocks().push(row);
      continue;
    }
    if (jsx) {
      const block = readComponent(jsx);
      if (!block) continue;
      if (block.kind === 'figures') {
        if (figureRow) figureRow.figures.push(...block.figures);
        else {
          figureRow = block;
          blocks().push(block);
        }
      } else blocks().push(block);
      continue;
    }
    switch (node.type) {
      case 'heading': {
        const raw = toString(node).trim();
        if (node.depth !== 2) {
          err(
            line,
            `标题用了 ${'#'.repeat(node.depth)}（“${raw}”）。图解里只有一种标题：## 开头的分节标题。`,
            node.depth === 1
              ? '图解的总标题写在 frontmatter 的 title 里；请删去这一行，或改成 ## 作为分节标题。'
              : `改成“## ${raw}”作为一个分节；分节内的小标题请写成普通段落。`,
          );
          break;
        }
        const { title: stripped, hadNumber } = stripNumbering(raw);
        // A heading that is nothing but numbering (第一部分) keeps its words: an empty title would say less.
        const title = stripped || raw;
        if (hadNumber && stripped) {
          warn(line, `分节标题“${raw}”自带了编号；编号由图解自动生成。`, `改成“## ${title}”。`);
        } else if (hadNumber) {
          warn(line, `分节标题“${raw}”只有编号；编号由图解自动生成，标题应说明这一节讲什么。`, '改成说明这一节内容的标题，例如“## 适用范围”。');
        }
        if (!title) err(line, '分节标题是空的。', '在 ## 后面写上这一节的标题，例如“## 适用范围”。');
        current = { number: model.sections.length + 1, title, line, blocks: [] };
        model.sections.push(current);
        break;
      }
      case 'paragraph': {
        if (checkInline(node)) blocks().push({ kind: 'paragraph', line, text: flatten(node) });
        break;
      }
      case 'list': {
        if (checkInline(node)) blocks().push({ kind: 'list', line, ordered: !!node.ordered, items: listItems(node) });
        break;
      }
      case 'mdxjsEsm':
        err(
          line,
          `图解里不能写 import 或 export（找到：“${firstLine(node.value)}”）。图解的内容只能是文字和四个组件，不运行代码。`,
          '删去这一行；Figure、Steps、Compare、Note 四个组件无需导入即可使用。',
        );
        break;
      case 'mdxFlowExpression':
        err(line, `图解里不能写花括号表达式（找到：“{${firstLine(node.value)}}”）。内容不运行代码。`, '删去花括号，把要显示的文字直接写出来。');
        break;
      case 'thematicBreak':
        warn(line, '分隔线（---、***）在图解里不显示。', '删去这一行；分节请用 ## 标题。');
        break;
      default:
        err(
          line,
          `图解里不能使用这种 Markdown 内容（${NODE_NAMES[node.type] ?? node.type}）。可用的是：## 分节标题、段落、列表，以及 Figure、Steps、Compare、Note 四个组件。`,
          node.type === 'table' ? '把表格改写成 <Compare> 对比或列表。' : '把这部分改写成段落或列表。',
        );
    }
  }

  if (model.sections.length === 0) {
    err(undefined, '图解没有分节：至少要有一个以 ## 开头的分节标题。', '按原文件的结构写 3–6 个分节，每节以“## 标题”开头。');
  } else if (model.sections.length > 8) {
    warn(model.sections[8]!.line, `图解有 ${model.sections.length} 个分节，长图会很长。常见做法是 3–6 节。`, '合并相近的分节，或把内容拆成两个图解。');
  }
  model.sections.forEach((s, i) => {
    const end = model.sections[i + 1]?.line ?? Infinity;
    // A section whose content was refused is already reported; “no content” would only repeat it.
    const refused = problems.some((p) => p.severity === 'error' && (p.line ?? 0) > s.line && (p.line ?? 0) < end);
    if (s.blocks.length === 0 && !refused) warn(s.line, `分节“${s.title}”下面没有内容。`, '在标题下写段落、列表或组件，或删去这个标题。');
  });
  return { model, problems };

  /** The block component this node is, 'figures-paragraph' for a line of <Figure />s, 'handled' when already reported, or undefined for text. */
  function asComponent(node: RootContent): Jsx | 'figures-paragraph' | 'handled' | undefined {
    if (node.type === 'mdxJsxFlowElement') return known(node) ? node : 'handled';
    if (node.type !== 'paragraph') return undefined;
    const parts = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
    const jsxParts = parts.filter((c): c is MdxJsxTextElement => c.type === 'mdxJsxTextElement');
    if (jsxParts.length === 0 || jsxParts.length !== parts.length) return undefined;
    if (jsxParts.every((c) => c.name === 'Figure')) return jsxParts.length === 1 ? jsxParts[0] : 'figures-paragraph';
    if (jsxParts.length === 1) return known(jsxParts[0]!) ? jsxParts[0] : 'handled';
    err(lineOf(node), '一行里写了多个不同的组件。', '每个组件单独占一行（多个 <Figure /> 可以写在同一行）。');
    return 'handled';
  }

  /** true for a known component name; reports unknown ones, once each. */
  function known(el: Jsx): boolean {
    if (el.name && el.name in COMPONENTS) return true;
    if (reported.has(el)) return false;
    reported.add(el);
    const names = Object.keys(COMPONENTS);
    const near = el.name ? names.find((n) => n.toLowerCase() === el.name!.toLowerCase()) : undefined;
    err(
      lineOf(el),
      el.name
        ? `不认识的组件 <${el.name}>。图解只能使用：${names.map((n) => `<${n}>（${COMPONENTS[n as ComponentName].what}）`).join('、')}。`
        : '空的尖括号标签 <></> 不能使用。',
      near ? `把 <${el.name}> 改成 <${near}>（组件名区分大小写）。` : `改用上面四个组件之一，或把这部分写成普通段落或列表。`,
    );
    return false;
  }

  /** Reads a component's string props; reports expressions, spreads, unknown and missing props. undefined on any error. */
  function readProps(el: Jsx): Record<string, string> | undefined {
    const name = el.name as ComponentName;
    const spec = COMPONENTS[name];
    const line = lineOf(el);
    const props: Record<string, string> = {};
    let ok = true;
    for (const attr of el.attributes) {
      if (attr.type === 'mdxJsxExpressionAttribute') {
        err(line, `<${name}> 里不能写花括号表达式 {${attr.value}}。属性只能是双引号括起来的文字。`, `删去 {${attr.value}}，把每个属性写成 名称="文字"。`);
        ok = false;
        continue;
      }
      if (!(spec.props as readonly string[]).includes(attr.name)) {
        err(
          line,
          `<${name}> 没有属性 ${attr.name}。它的属性是：${spec.props.join('、')}。`,
          `删去 ${attr.name}，或改成上面的属性之一。用法：${USAGE[name]}`,
          attr.name,
        );
        ok = false;
        continue;
      }
      if (attr.value === null || attr.value === undefined) {
        err(line, `<${name}> 的属性 ${attr.name} 没有值。`, `写成 ${attr.name}="……"。`, attr.name);
        ok = false;
        continue;
      }
      if (typeof attr.value !== 'string') {
        const expr = attr.value.value;
        const literal = /^\s*(?:-?\d+(?:\.\d+)?|(["'])(.*)\1)\s*$/.exec(expr);
        err(
          line,
          `<${name}> 的属性 ${attr.name} 写成了花括号表达式 {${expr}}。属性只能是双引号括起来的文字，内容不运行代码。`,
          `改成 ${attr.name}="${literal ? (literal[2] ?? expr.trim()) : '……'}"。`,
          attr.name,
        );
        ok = false;
        continue;
      }
      const value = attr.value.trim();
      const limit = LIMITS[attr.name as keyof typeof LIMITS];
      if (value === '') {
        err(line, `<${name}> 的属性 ${attr.name} 是空的。`, `在 ${attr.name}="" 的引号里写上内容，或删去这个属性。`, attr.name);
        ok = false;
      } else if (limit && [...value].length > limit) {
        err(
          line,
          `<${name}> 的属性 ${attr.name}="${value}" 有 ${[...value].length} 个字，最多 ${limit} 个字，否则在图里放不下。`,
          attr.name === 'value' ? '数字写在 value 里，单位写在 unit 里，说明写在 label 里，例如 value="3" unit="个工作日"。' : `缩短到 ${limit} 个字以内。`,
          attr.name,
        );
        ok = false;
      }
      props[attr.name] = value;
    }
    for (const req of spec.required) {
      if (!(req in props) && !el.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === req)) {
        err(line, `<${name}> 缺少属性 ${req}。`, `加上 ${req}="……"。用法：${USAGE[name]}`, req);
        ok = false;
      }
    }
    return ok ? props : undefined;
  }

  function readFigure(el: MdxJsxTextElement | MdxJsxFlowElement): KeyFigure | undefined {
    if (!known(el)) return undefined;
    const props = readProps(el);
    if (el.children.length) {
      err(lineOf(el), '<Figure> 不包含内容，要写成自闭合的 <Figure … />。', '把说明写进 label 属性，结尾写成 />。');
      return undefined;
    }
    if (!props) return undefined;
    return { value: props.value!, unit: props.unit ?? '', label: props.label! };
  }

  function readComponent(el: Jsx): Block | undefined {
    const line = lineOf(el) ?? 1;
    switch (el.name as ComponentName) {
      case 'Figure': {
        const f = readFigure(el);
        return f ? { kind: 'figures', line, figures: [f] } : undefined;
      }
      case 'Steps': {
        const props = readProps(el);
        const lists = el.children.filter((c) => c.type === 'list') as List[];
        const other = el.children.filter((c) => c.type !== 'list' && !(c.type === 'text' && c.value.trim() === ''));
        if (lists.length !== 1 || other.length) {
          err(
            line,
            `<Steps> 里要写且只写一个列表，每个列表项是一个步骤（找到 ${lists.length} 个列表${other.length ? `和 ${other.length} 段其他内容` : ''}）。`,
            '写成：<Steps>，下一行起每行一个“1. 步骤”，最后一行 </Steps>。',
          );
          return undefined;
        }
        const steps = listItems(lists[0]!);
        if (steps.length < 2) {
          err(line, `<Steps> 只有 ${steps.length} 个步骤；步骤至少要有 2 个。`, '把流程按顺序拆成几步，或改成普通段落。');
          return undefined;
        }
        if (!props || !lists.every(checkInline)) return undefined;
        return { kind: 'steps', line, title: props.title, steps };
      }
      case 'Compare': {
        const props = readProps(el);
        if (!props) return undefined;
        const hasProps = 'before' in props || 'after' in props;
        const children = el.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
        let before: string[] | undefined;
        let after: string[] | undefined;
        let beforeLabel = props.beforeLabel ?? '原来';
        let afterLabel = props.afterLabel ?? '现在';
        if (hasProps && children.length === 0) {
          if (!props.before || !props.after) {
            err(line, `<Compare> 只写了 ${props.before ? 'before' : 'after'}，缺少 ${props.before ? 'after' : 'before'}。`, '前后两边都要写：before="原来的做法" after="现在的做法"。', props.before ? 'after' : 'before');
            return undefined;
          }
          before = [props.before];
          after = [props.after];
        } else if (!hasProps && children.length > 0) {
          // Two sides: “原来：” + list, “现在：” + list; or two lists written with different markers.
          const sides: { label?: string; items: string[] }[] = [];
          let pendingLabel: string | undefined;
          let bad = false;
          for (const c of children) {
            if (c.type === 'paragraph' && pendingLabel === undefined) pendingLabel = flatten(c).replace(/[：:]\s*$/, '');
            else if (c.type === 'list') {
              if (!checkInline(c)) bad = true;
              sides.push({ label: pendingLabel, items: listItems(c) });
              pendingLabel = undefined;
            } else bad = true;
          }
          if (bad || sides.length !== 2 || pendingLabel !== undefined) {
            err(
              line,
              `<Compare> 里要写前后两个列表，每个列表前一行写它的小标题（找到 ${sides.length} 个列表）。两个列表之间只隔空行会被当成一个列表。`,
              '写成：<Compare label="……">，下一行“原来：”，接着“- ……”列表；再一行“现在：”，接着“- ……”列表；最后一行 </Compare>。',
            );
            return undefined;
          }
          before = sides[0]!.items;
          after = sides[1]!.items;
          beforeLabel = sides[0]!.label || beforeLabel;
          afterLabel = sides[1]!.label || afterLabel;
        } else {
          err(
            line,
            hasProps ? '<Compare> 不能同时用 before/after 属性和列表。' : '<Compare> 缺少属性 before 和 after，也没有写前后两个列表。',
            `二选一：${USAGE.Compare}；或者在 <Compare label="……"> 和 </Compare> 之间写“原来：”“现在：”两个列表。`,
            hasProps ? undefined : 'before',
          );
          return undefined;
        }
        for (const [label, value] of [['beforeLabel', beforeLabel], ['afterLabel', afterLabel]] as const) {
          if ([...value].length > LIMITS[label]) {
            err(line, `<Compare> 的小标题“${value}”太长（最多 ${LIMITS[label]} 个字）。`, '缩短小标题，例如“原来”“现在”。', label);
            return undefined;
          }
        }
        return { kind: 'compare', line, label: props.label!, beforeLabel, afterLabel, before, after };
      }
      case 'Note': {
        const props = readProps(el);
        const paragraphs: string[] = [];
        let bad = false;
        if (el.type === 'mdxJsxTextElement') {
          if (!checkInline({ children: el.children } as Paragraph)) bad = true;
          paragraphs.push(flatten({ type: 'paragraph', children: el.children } as Paragraph));
        } else {
          for (const c of el.children) {
            if (c.type === 'paragraph') {
              if (!checkInline(c)) bad = true;
              paragraphs.push(flatten(c));
            } else if (c.type === 'list') {
              if (!checkInline(c)) bad = true;
              paragraphs.push(...listItems(c).map((i) => `· ${i}`));
            } else {
              bad = true;
              err(lineOf(c) ?? line, '<Note> 里只能写段落或列表。', '把这部分移到 <Note> 外面。');
            }
          }
        }
        const text = paragraphs.filter((p) => p.trim());
        if (text.length === 0) {
          err(line, '<Note> 是空的。', '在 <Note> 和 </Note> 之间写上提示的内容，或删去它。');
          return undefined;
        }
        if (!props || bad) return undefined;
        return { kind: 'note', line, title: props.title ?? '提示', paragraphs: text };
      }
    }
  }

  /** Reports expressions, inline components and images inside text; true when the text is clean. */
  function checkInline(node: { children: unknown[] }): boolean {
    let ok = true;
    const walk = (n: { type?: string; children?: unknown[]; value?: string; name?: string | null; position?: { start: { line: number } } }) => {
      if (n.type === 'mdxTextExpression' || n.type === 'mdxFlowExpression') {
        err(lineOf(n), `文字里不能写花括号表达式 {${firstLine(n.value ?? '')}}。内容不运行代码。`, '删去花括号，把要显示的文字直接写出来；真要显示花括号，写成 \\{ 和 \\}。');
        ok = false;
      } else if (n.type === 'mdxJsxTextElement' || n.type === 'mdxJsxFlowElement') {
        if (known(n as Jsx)) err(lineOf(n), `<${n.name}> 要单独占一行，不能写在文字或列表中间。`, `把 <${n.name}> 移到单独的一行，前后各空一行。`);
        ok = false;
      } else if (n.type === 'image' || n.type === 'imageReference') {
        err(lineOf(n), '图解里不能插入图片。', '删去图片；图解的图片由文字自动生成。');
        ok = false;
      } else if (n.type === 'html') {
        err(lineOf(n), '图解里不能写 HTML。', '删去 HTML 标签，只写文字。');
        ok = false;
      }
      for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
    };
    for (const c of node.children as Parameters<typeof walk>[0][]) walk(c);
    return ok;
  }
}

/** Text of a list's items, nested content flattened. */
function listItems(list: List): string[] {
  return list.children.map((item) => item.children.map((c) => flatten(c as Paragraph)).join(' ').trim());
}

/** Plain text of inline content: emphasis and links become their text; soft line breaks disappear between Chinese characters. */
function flatten(node: { children?: unknown } | Paragraph): string {
  return toString(node as Paragraph)
    .replace(/\s*\n\s*/g, (m, offset: number, all: string) => {
      const before = all[offset - 1] ?? '';
      const after = all[offset + m.length] ?? '';
      return /[\x21-\x7e]/.test(before) && /[\x21-\x7e]/.test(after) ? ' ' : '';
    })
    .trim();
}

/** The MDX parser's English message in editors' words, with the line it names. */
function syntaxProblem(reason: string): { message: string; fix: string; line?: number } {
  const at = /\((\d+):\d+-\d+:\d+\)/.exec(reason);
  const line = at ? Number(at[1]) : undefined;
  const unclosed = /Expected a closing tag for `<([^>]*)>`/.exec(reason);
  if (unclosed) {
    return { line, message: `组件 <${unclosed[1]}> 没有结束标签 </${unclosed[1]}>。`, fix: `在这个组件的内容之后另起一行写 </${unclosed[1]}>；没有内容的组件写成自闭合的 <${unclosed[1]} … />。` };
  }
  const mismatch = /Unexpected closing tag `<\/([^>]*)>`, expected corresponding closing tag for `<([^>]*)>`/.exec(reason);
  if (mismatch) {
    return { line, message: `结束标签 </${mismatch[1]}> 与开始标签 <${mismatch[2]}> 不配对。`, fix: `把 </${mismatch[1]}> 改成 </${mismatch[2]}>。` };
  }
  if (/closing quote/.test(reason)) return { line, message: '属性值缺少结束的英文双引号 "。', fix: '检查这一行每个属性都写成 名称="文字"，引号成对。' };
  if (/before attribute value/.test(reason)) return { line, message: '属性值没有用英文双引号括起来。', fix: '写成 名称="文字"，例如 value="3"。' };
  if (/end of file in (?:name|tag|element)|Unexpected character .* (?:in name|before name)/.test(reason)) {
    return { line, message: '这里的尖括号 < 被当成了组件标签的开头，但标签没有写完。', fix: '如果是组件，写完整：<Figure … />；如果文字里要写小于号，请写成全角“＜”或“\\<”。' };
  }
  return { line, message: `图解源文件的格式有误，无法读取（${reason}）。`, fix: '检查这一行附近的尖括号 < > 与组件是否成对（如 <Steps> 要有 </Steps>），属性值是否用英文双引号括起来。' };
}

const NUMBERING = /^(?:第?[一二三四五六七八九十]+(?:部分|[、.．章节部分])\s*|[（(][一二三四五六七八九十\d]+[）)]\s*|\d+[、.．]\s*|0\d\s+)/;

/** Removes numbering an editor typed (一、 1. （一） 01), since sections are numbered automatically. */
export function stripNumbering(title: string): { title: string; hadNumber: boolean } {
  const stripped = title.replace(NUMBERING, '').trim();
  return { title: stripped, hadNumber: stripped !== title.trim() };
}

function firstLine(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

const NODE_NAMES: Record<string, string> = {
  code: '代码块',
  table: '表格',
  blockquote: '引用块',
  html: 'HTML',
  definition: '链接定义',
  footnoteDefinition: '脚注',
};

/** Reads the frontmatter the renderer needs. Full validation against the schema is the content checker's job. */
function readMeta(
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
