/**
 * Heights of the layout's parts without satori or sharp, so `npm run check` can refuse a section that is too
 * tall for an image before anything is rendered (and the build refuses it before sharp sees a huge SVG).
 *
 * layout.ts breaks every text into explicit one-line elements with a font size and line height, so a part's
 * height follows from its element tree by the few flexbox rules the layout uses: a column adds its children's
 * outer heights, a row takes the tallest child, a box adds padding and border, an explicit height wins and a
 * minHeight is a floor. tests/unit/infographics/measure.test.ts holds this to satori's own heights.
 */
import type { El, LayoutPart, Style } from './layout';
import type { InfographicModel } from './model';
import type { Problem } from '../lib/problems';

/** Largest width or height WebP can store, in px; the long image is cut below it, a single part cannot be. */
export const WEBP_MAX = 16383;

/** satori's line height when a text sets none ('normal'); the layout always sets one where it matters. */
const NORMAL_LINE_HEIGHT = 1.2;

/** The four sides of a CSS shorthand such as padding: '48px 40px 8px' or 22. */
function sides(value: string | number | undefined): [number, number, number, number] {
  if (value === undefined) return [0, 0, 0, 0];
  if (typeof value === 'number') return [value, value, value, value];
  const n = value.trim().split(/\s+/).map((v) => parseFloat(v) || 0);
  const [t = 0, r = t, b = t, l = r] = n;
  return [t, r, b, l];
}

/** Width in px of a border written as '2px solid #…', or 0. */
function borderWidth(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /(\d+(?:\.\d+)?)px/.exec(value);
  return m ? parseFloat(m[1]!) : 0;
}

function num(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : parseFloat(value);
}

/** Text properties that children inherit, as in CSS. */
interface Inherited {
  fontSize: number;
  lineHeight: number;
}

/** Outer height of an element: its border box plus its vertical margins. */
function outerHeight(el: El, inherited: Inherited): number {
  const s: Style = el.props.style;
  const margin = sides(s.margin);
  const top = num(s.marginTop) ?? margin[0];
  const bottom = num(s.marginBottom) ?? margin[2];
  return top + boxHeight(el, inherited) + bottom;
}

/** Border-box height of an element (every box of the layout is box-sizing: border-box). */
export function boxHeight(el: El, inherited: Inherited = { fontSize: 16, lineHeight: NORMAL_LINE_HEIGHT }): number {
  const s: Style = el.props.style;
  const fontSize = num(s.fontSize) ?? inherited.fontSize;
  // A unitless line height inherits as a factor, as in CSS.
  const lineHeight = s.lineHeight === undefined ? inherited.lineHeight : (num(s.lineHeight) ?? NORMAL_LINE_HEIGHT);
  const own: Inherited = { fontSize, lineHeight };
  const explicit = num(s.height);
  if (explicit !== undefined) return explicit;
  const padding = sides(s.padding);
  const paddingTop = num(s.paddingTop) ?? padding[0];
  const paddingBottom = num(s.paddingBottom) ?? padding[2];
  const border = borderWidth(s.border);
  const borderTop = s.borderTop !== undefined ? borderWidth(s.borderTop) : border;
  const borderBottom = s.borderBottom !== undefined ? borderWidth(s.borderBottom) : border;
  const children = el.props.children;
  let content = 0;
  if (typeof children === 'string') content = fontSize * lineHeight;
  else if (children?.length) {
    const heights = children.map((c) => outerHeight(c, own));
    content = s.flexDirection === 'column' ? heights.reduce((a, b) => a + b, 0) : Math.max(...heights);
  }
  const height = paddingTop + content + paddingBottom + borderTop + borderBottom;
  return Math.max(height, num(s.minHeight) ?? 0);
}

/** Height in px (1x) of each part of the layout, in order. */
export function partHeights(parts: readonly LayoutPart[]): number[] {
  return parts.map((p) => Math.ceil(boxHeight(p.element)));
}

/**
 * px (1x) added to a measured height before it is compared with the limit: satori rounds each line box to whole
 * pixels, so its heights differ from the measured ones by up to 3 px (measure.test.ts); the check errs on the
 * side of refusing a part within a few pixels of the limit rather than letting the build fail on it.
 */
export const MEASURE_TOLERANCE = 4;

/**
 * The problem of a part taller than an image can be: names the section (or the masthead) and the line of its
 * ## heading. `approximate` when the height was measured from the layout rather than rendered.
 */
export function tooTallProblem(
  model: InfographicModel,
  part: Pick<LayoutPart, 'kind' | 'section'>,
  height: number,
  max: number,
  approximate = false,
): Problem {
  const s = part.section === undefined ? undefined : model.sections.find((x) => x.number === part.section);
  const what = s ? `第 ${s.number} 节“${s.title}”` : part.kind === 'footer' ? '页脚' : '刊头';
  return {
    severity: 'error',
    file: model.file,
    line: s?.line,
    message: `${what}太长：2 倍图高${approximate ? '约 ' : ' '}${height} 像素，超过图片格式允许的 ${max} 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。`,
    fix: s
      ? '把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。'
      : '把第一个 ## 之前的导语缩短，或移到分节里（刊头只放标题和一两段导语）。',
  };
}

/**
 * Parts of the long image (masthead, sections, footer) whose 2x height, measured with MEASURE_TOLERANCE, is
 * over `max`, as problems with the line of the section's ## heading. Empty when every part fits. Renders
 * nothing: heights come from the element trees.
 */
export function findTooTallParts(model: InfographicModel, parts: readonly LayoutPart[], max = WEBP_MAX): Problem[] {
  const heights = partHeights(parts);
  const problems: Problem[] = [];
  parts.forEach((part, i) => {
    if (part.kind === 'sectionFooter') return;
    const height2x = heights[i]! * 2;
    if ((heights[i]! + MEASURE_TOLERANCE) * 2 > max) problems.push(tooTallProblem(model, part, height2x, max, true));
  });
  return problems;
}
