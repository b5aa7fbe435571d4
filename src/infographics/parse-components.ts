/**
 * Stage 1 (parser), components: reads the <Figure>, <Steps>, <Compare> and <Note> elements of an infographic's MDX
 * tree into model blocks, and reports what the vocabulary (components.ts) does not allow: unknown components,
 * props that are not plain quoted text, unknown, missing, empty or too long props, a <Steps> of one step, a
 * <Compare> without two sides, and components, expressions, images or HTML inside text.
 */
import type { List, Paragraph, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { COMPONENTS, LIMITS, USAGE, type ComponentName } from './components';
import type { Block, KeyFigure } from './model';
import { firstLine, flatten, lineOf, listItems } from './parse-text';

/** A component element as the MDX parser gives it: on a line of its own (flow) or inside a paragraph (text). */
export type Jsx = MdxJsxFlowElement | MdxJsxTextElement;

/** Records one error for an editor: line in the file, message, fix, and the prop's key and Chinese name when there is one. */
export type ReportProblem = (line: number | undefined, message: string, fix: string, field?: string, label?: string) => void;

/** The readers of one source's components; they share which unknown components were already reported. */
export interface ComponentReader {
  /** The block component this node is, 'figures-paragraph' for a line of <Figure />s, 'handled' when already reported, or undefined for text. */
  asComponent(node: RootContent): Jsx | 'figures-paragraph' | 'handled' | undefined;
  /** One <Figure />'s value, unit and label; undefined when it was refused (reported). */
  readFigure(el: Jsx): KeyFigure | undefined;
  /** The block a known component makes; undefined when it was refused (reported). */
  readComponent(el: Jsx): Block | undefined;
  /** Reports expressions, inline components and images inside text; true when the text is clean. */
  checkInline(node: { children: unknown[] }): boolean;
}

/** Makes the component readers of one source; every problem they find goes to `err`, in the order it is found. */
export function createComponentReader(err: ReportProblem): ComponentReader {
  const reported = new Set<Jsx>();
  return { asComponent, readFigure, readComponent, checkInline };

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
