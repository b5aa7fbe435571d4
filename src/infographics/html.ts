/**
 * The text version (文字版) of an infographic, from the same model as the image: semantic HTML that
 * screen readers and search read. The page shows the image with a short alt and
 * aria-describedby="<textVersionId(id)>", and this HTML below it.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { nodesToHtml } from '../lib/html-tree';
import type { Block, InfographicModel } from './model';

/** The id of the text version's element on the page: point the image's aria-describedby here. */
export function textVersionId(infographicId: string): string {
  return `tujie-text-${infographicId}`;
}

/** A figure as one sentence of text, e.g. 3个工作日：公开抽查结果. */
export function figureToText(f: { value: string; unit: string; label: string }): string {
  return `${f.value}${f.unit}：${f.label}`;
}

/**
 * The text version as an HTML string: a <div id="tujie-text-<id>"> holding the lead, then per section an
 * <h2> with its number and the blocks (paragraphs, lists, figures as “值单位：说明”, steps as <ol>,
 * comparisons as a table, notes), one per line. Headings start at h2: the page's h1 is the infographic's title.
 * Built as a hast tree, so every value of the source is text. Pure: same model, same string.
 */
export function modelToHtml(model: InfographicModel, opts: { headingLevel?: 2 | 3 } = {}): string {
  const heading = `h${opts.headingLevel ?? 2}`;
  const sections = model.sections.map((s) =>
    // No aria-labelledby: named sections become landmarks, and a dozen landmarks per page is noise.
    h(
      'section',
      { className: ['tujie-section'] },
      lines([
        h(heading, { id: `${textVersionId(model.id)}-${s.number}` }, [h('span', { className: ['tujie-number'] }, `${s.number}.`), ` ${s.title}`]),
        ...s.blocks.map(blockToHast),
      ]),
    ),
  );
  return nodesToHtml(h('div', { id: textVersionId(model.id), className: ['tujie-text'] }, lines([...model.lead.map(blockToHast), ...sections])));
}

/** Children each on its own line: a line break before each and before the closing tag. */
function lines(children: Element[]): ElementContent[] {
  return [...children.flatMap((c): ElementContent[] => [{ type: 'text', value: '\n' }, c]), { type: 'text', value: '\n' }];
}

function blockToHast(b: Block): Element {
  const li = (text: string) => h('li', text);
  switch (b.kind) {
    case 'paragraph':
      return h('p', b.text);
    case 'list':
      return h(b.ordered ? 'ol' : 'ul', b.items.map(li));
    case 'figures':
      return h(
        'ul',
        { className: ['tujie-figures'] },
        b.figures.map((f) => h('li', [h('strong', `${f.value}${f.unit}`), `：${f.label}`])),
      );
    case 'steps':
      return h('div', { className: ['tujie-steps'] }, [
        b.title ? h('p', { className: ['tujie-steps-title'] }, h('strong', b.title)) : undefined,
        h('ol', b.steps.map(li)),
      ]);
    case 'compare': {
      const cell = (items: string[]) => h('td', items.length === 1 ? items[0]! : h('ul', items.map(li)));
      return h('table', { className: ['tujie-compare'] }, [
        h('caption', b.label),
        h('thead', h('tr', [h('th', { scope: 'col' }, b.beforeLabel), h('th', { scope: 'col' }, b.afterLabel)])),
        h('tbody', h('tr', [cell(b.before), cell(b.after)])),
      ]);
    }
    case 'note':
      return h('div', { className: ['tujie-note'], role: 'note' }, [
        h('p', [h('strong', `${b.title}：`), b.paragraphs[0] ?? '']),
        ...b.paragraphs.slice(1).map((p) => h('p', p)),
      ]);
  }
}
