/**
 * The infographic source vocabulary: the four components an editor may write in an infographic (Figure, Steps,
 * Compare, Note), their props, which props are required, how long the limited ones may be, and the usage line
 * messages quote. Plain data: the parser (parse-components.ts) reads components with it, and the content
 * check (src/check/content-safety.ts) takes its list of allowed component names from it.
 */

/** The components an infographic may use, with their props; `required` props must be present. */
export const COMPONENTS = {
  Figure: { props: ['value', 'unit', 'label'], required: ['value', 'label'], what: '关键数字' },
  Steps: { props: ['title'], required: [], what: '办事步骤' },
  Compare: { props: ['label', 'before', 'after', 'beforeLabel', 'afterLabel'], required: ['label'], what: '前后对比' },
  Note: { props: ['title'], required: [], what: '提示' },
} as const;

/** The name of a component an infographic may use. */
export type ComponentName = keyof typeof COMPONENTS;

/** Longest value of each limited prop, in characters, so the figure fits its card. */
export const LIMITS = { value: 8, unit: 8, label: 40, title: 20, beforeLabel: 12, afterLabel: 12 } as const;

/** How each component is written, quoted in the fix of a message about it. */
export const USAGE: Record<ComponentName, string> = {
  Figure: '<Figure value="3" unit="个工作日" label="……" />',
  Steps: '<Steps>，下一行起写编号列表“1. ……”，最后一行写 </Steps>',
  Compare: '<Compare label="……" before="……" after="……" />',
  Note: '<Note>……</Note>',
};
