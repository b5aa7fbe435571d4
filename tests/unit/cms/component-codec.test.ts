// The infographic components inserted through the form are written exactly as hand-written sources write them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { componentFromBlock, componentPattern, componentToBlock } from '../../../src/cms/admin/component-codec';
import { editorComponentSpecs, PROP_LABELS } from '../../../src/cms/mdx-components';
import { COMPONENTS } from '../../../src/infographics/components';

const specs = editorComponentSpecs();
const spec = (tag: string) => specs.find((s) => s.tag === tag)!;

/** Every component written in the sample infographics and in the source format's README example. */
function handWrittenComponents(): { tag: string; text: string }[] {
  const sources = [
    ...readdirSync('content/infographics').map((f) => readFileSync(`content/infographics/${f}`, 'utf8')),
    readFileSync('src/infographics/README.md', 'utf8'),
  ];
  const found: { tag: string; text: string }[] = [];
  for (const source of sources) {
    for (const line of source.split('\n').keys()) {
      const rest = source.split('\n').slice(line).join('\n');
      for (const s of specs) {
        const m = componentPattern(s).exec(rest);
        if (m) found.push({ tag: s.tag, text: m[0] });
      }
    }
  }
  return found;
}

describe('infographic components in the form editor', () => {
  it('offers the four components of the source vocabulary with every prop, required ones marked, each with a Chinese label', () => {
    expect(specs.map((s) => s.tag)).toEqual(Object.keys(COMPONENTS));
    for (const s of specs) {
      const c = COMPONENTS[s.tag as keyof typeof COMPONENTS];
      expect(s.props.map((p) => p.name)).toEqual([...c.props]);
      expect(s.props.filter((p) => p.required).map((p) => p.name)).toEqual([...c.required]);
      for (const p of s.props) expect(PROP_LABELS[p.name], `${s.tag}.${p.name}`).toMatch(/\p{Script=Han}/u);
    }
    expect(spec('Figure').props.find((p) => p.name === 'value')?.maxLength).toBe(8);
  });

  it('reads every component of the hand-written samples and writes it back byte for byte', () => {
    const found = handWrittenComponents();
    expect(new Set(found.map((f) => f.tag))).toEqual(new Set(Object.keys(COMPONENTS)));
    for (const { tag, text } of found) {
      const m = componentPattern(spec(tag)).exec(text)!;
      expect(componentToBlock(spec(tag), componentFromBlock(spec(tag), m))).toBe(text);
    }
  });

  it('writes form values in the hand-written form: props in order, empty props left out, steps numbered', () => {
    expect(componentToBlock(spec('Figure'), { label: '市场监管领域相关部门全覆盖', value: '2020', unit: '' })).toBe(
      '<Figure value="2020" label="市场监管领域相关部门全覆盖" />',
    );
    expect(componentToBlock(spec('Steps'), { title: '一次部门联合抽查', steps: ['制定年度抽查工作计划。', '', '随机抽取检查对象。'] })).toBe(
      '<Steps title="一次部门联合抽查">\n1. 制定年度抽查工作计划。\n2. 随机抽取检查对象。\n</Steps>',
    );
    expect(componentToBlock(spec('Note'), { body: '提示的内容。' })).toBe('<Note>提示的内容。</Note>');
    expect(componentToBlock(spec('Compare'), { label: '日常监管方式', before: '巡查制', after: '双随机抽查' })).toBe(
      '<Compare label="日常监管方式" before="巡查制" after="双随机抽查" />',
    );
    expect(componentToBlock(spec('Compare'), { label: '扣除标准', body: '原来：\n- 每月1000元\n\n现在：\n- 每月2000元' })).toBe(
      '<Compare label="扣除标准">\n原来：\n- 每月1000元\n\n现在：\n- 每月2000元\n</Compare>',
    );
  });

  it('a double quote typed into a prop cannot end the prop early', () => {
    expect(componentToBlock(spec('Note'), { title: '说"明', body: '内容' })).toBe('<Note title="说”明">内容</Note>');
  });
});
