/**
 * The form (解读形式) of an imported interpretation, read from the tag its title opens with
 * (【音频解读】…) or words in its title and kind. Editors correct it where the guess is wrong.
 */
import type { FORMS } from '../schemas/interpretation';

type Form = (typeof FORMS)[number];

/** Rules in order; the first that matches the title (or, where marked, the kind) wins. */
const RULES: { form: Form; title: RegExp; kind?: RegExp }[] = [
  { form: '音频', title: /【音频(?:解读)?】/ },
  { form: '视频', title: /【视频(?:解读)?】/ },
  { form: '媒体解读', title: /【媒体解读】/ },
  { form: '图解', title: /【(?:一图读懂|图解)】|^一图读懂|^图解[：:]/, kind: /图解|一图读懂/ },
  { form: 'H5', title: /【H5(?:解读)?】/i },
  { form: '问答', title: /问答/, kind: /问答/ },
  { form: '专家解读', title: /专家/, kind: /专家/ },
  { form: '负责人解读', title: /负责人/, kind: /负责人/ },
];

/** The form of an interpretation from its title and the export's kind (interp_kind); 文字解读 when nothing matches. */
export function interpretationForm(title: string, kind?: string): Form {
  for (const rule of RULES) {
    if (rule.title.test(title) || (kind !== undefined && rule.kind?.test(kind))) return rule.form;
  }
  return '文字解读';
}
