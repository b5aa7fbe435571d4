/**
 * The text version (文字版) of an infographic, from the same model as the image: semantic HTML that
 * screen readers and search read. The page shows the image with a short alt and
 * aria-describedby="<textVersionId(id)>", and this HTML below it.
 */
import type { Block, InfographicModel } from './model';

/** The id of the text version's element on the page: point the image's aria-describedby here. */
export function textVersionId(infographicId: string): string {
  return `tujie-text-${infographicId}`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A figure as one sentence of text, e.g. 3个工作日：公开抽查结果. */
export function figureToText(f: { value: string; unit: string; label: string }): string {
  return `${f.value}${f.unit}：${f.label}`;
}

/**
 * The text version as an HTML string: a <div id="tujie-text-<id>"> holding the lead, then per section an
 * <h2> with its number and the blocks (paragraphs, lists, figures as “值单位：说明”, steps as <ol>,
 * comparisons as a table, notes). Headings start at h2: the page's h1 is the infographic's title.
 * Pure: same model, same string.
 */
export function modelToHtml(model: InfographicModel, opts: { headingLevel?: 2 | 3 } = {}): string {
  const h = opts.headingLevel ?? 2;
  const out: string[] = [`<div id="${escapeHtml(textVersionId(model.id))}" class="tujie-text">`];
  for (const b of model.lead) out.push(blockToHtml(b));
  for (const s of model.sections) {
    // No aria-labelledby: named sections become landmarks, and a dozen landmarks per page is noise.
    out.push('<section class="tujie-section">');
    out.push(
      `<h${h} id="${escapeHtml(`${textVersionId(model.id)}-${s.number}`)}"><span class="tujie-number">${s.number}.</span> ${escapeHtml(s.title)}</h${h}>`,
    );
    for (const b of s.blocks) out.push(blockToHtml(b));
    out.push('</section>');
  }
  out.push('</div>');
  return out.join('\n');
}

function blockToHtml(b: Block): string {
  const e = escapeHtml;
  switch (b.kind) {
    case 'paragraph':
      return `<p>${e(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</${tag}>`;
    }
    case 'figures':
      return `<ul class="tujie-figures">${b.figures
        .map((f) => `<li><strong>${e(f.value)}${e(f.unit)}</strong>：${e(f.label)}</li>`)
        .join('')}</ul>`;
    case 'steps':
      return `<div class="tujie-steps">${b.title ? `<p class="tujie-steps-title"><strong>${e(b.title)}</strong></p>` : ''}<ol>${b.steps
        .map((s) => `<li>${e(s)}</li>`)
        .join('')}</ol></div>`;
    case 'compare': {
      const cell = (items: string[]) =>
        items.length === 1 ? e(items[0]!) : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
      return `<table class="tujie-compare"><caption>${e(b.label)}</caption><thead><tr><th scope="col">${e(b.beforeLabel)}</th><th scope="col">${e(
        b.afterLabel,
      )}</th></tr></thead><tbody><tr><td>${cell(b.before)}</td><td>${cell(b.after)}</td></tr></tbody></table>`;
    }
    case 'note':
      return `<div class="tujie-note" role="note"><p><strong>${e(b.title)}：</strong>${e(b.paragraphs[0] ?? '')}</p>${b.paragraphs
        .slice(1)
        .map((p) => `<p>${e(p)}</p>`)
        .join('')}</div>`;
  }
}
