/**
 * The infographic components as the form editor offers them, built from the source vocabulary
 * (src/infographics/components.ts: names, props, required props, length limits), so a prop added there appears in
 * the insert dialog. What the vocabulary does not say — the Chinese name of each prop and what a component's body
 * holds — is kept here, and a unit test fails when a prop or component has none.
 */
import { COMPONENTS, LIMITS, type ComponentName } from '../infographics/components';
import type { EditorComponentSpec } from './admin/component-codec';

export type { EditorComponentSpec } from './admin/component-codec';

/** Chinese names of the component props in the insert dialog. */
export const PROP_LABELS: Readonly<Record<string, string>> = {
  value: '数字',
  unit: '单位',
  label: '说明',
  title: '标题',
  before: '原来',
  after: '现在',
  beforeLabel: '“原来”的小标题',
  afterLabel: '“现在”的小标题',
};

/** What each component's body holds (src/infographics/README.md): see EditorComponentSpec.body. */
export const COMPONENT_BODIES: Readonly<Record<ComponentName, EditorComponentSpec['body']>> = {
  Figure: 'none',
  Steps: 'steps',
  Compare: 'block',
  Note: 'text',
};

/** The four components with their props, labels and limits, in the vocabulary's order. */
export function editorComponentSpecs(): EditorComponentSpec[] {
  return (Object.keys(COMPONENTS) as ComponentName[]).map((tag) => {
    const c = COMPONENTS[tag];
    const required = c.required as readonly string[];
    return {
      id: tag.toLowerCase(),
      tag,
      label: c.what,
      props: c.props.map((name) => {
        const maxLength = (LIMITS as Record<string, number>)[name];
        return { name, label: PROP_LABELS[name] ?? name, required: required.includes(name), ...(maxLength ? { maxLength } : {}) };
      }),
      body: COMPONENT_BODIES[tag],
    };
  });
}
