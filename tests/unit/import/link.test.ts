import { describe, expect, it } from 'vitest';
import { OriginalIndex } from '../../../src/import/link';

const index = new OriginalIndex([
  { id: 'guofa-2019-5', title: '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见', docNumber: '国发〔2019〕5号' },
  { id: 'suifubangui-2022-13', title: '广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知', docNumber: '穗府办规〔2022〕13号' },
  { id: 'a-1', title: '关于做好春节期间工作的通知', docNumber: '甲发〔2020〕1号' },
  { id: 'b-1', title: '关于做好春节期间工作的通知', docNumber: '乙发〔2020〕1号' },
]);

describe('finding the document an interpretation names', () => {
  it('a 《title》 in the title matches the document of that title, with the evidence', () => {
    expect(index.findOriginals('《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》解读', '')).toEqual({
      kind: 'linked',
      found: [{ id: 'guofa-2019-5', evidence: '标题中的《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》与原文件 guofa-2019-5《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》的标题一致' }],
    });
  });

  it('the title an issuing notice issues (关于印发X的通知) matches 《X》', () => {
    const outcome = index.findOriginals('【音频解读】《广州市居家社区养老服务管理办法》政策解读', '');
    expect(outcome.kind).toBe('linked');
    expect(outcome.kind === 'linked' && outcome.found.map((f) => f.id)).toEqual(['suifubangui-2022-13']);
  });

  it('a 文号 in the body in any brackets, after words that are not part of it, matches the document', () => {
    const outcome = index.findOriginals('政策问答', '第一段。\n根据国发[2019]５号文件的要求，现解读如下。');
    expect(outcome).toEqual({
      kind: 'linked',
      found: [{ id: 'guofa-2019-5', evidence: '正文中的文号 “国发[2019]５号” 与原文件 guofa-2019-5 的文号 国发〔2019〕5号 一致' }],
    });
  });

  it('a 《title》 in the first paragraph counts, one further down does not', () => {
    expect(index.findOriginals('解读', '为贯彻《广州市居家社区养老服务管理办法》，……').kind).toBe('linked');
    expect(index.findOriginals('解读', '第一段。\n为贯彻《广州市居家社区养老服务管理办法》，……').kind).toBe('none');
  });

  it('a title two documents share is ambiguous and links neither', () => {
    const outcome = index.findOriginals('《关于做好春节期间工作的通知》解读', '');
    expect(outcome.kind).toBe('ambiguous');
    expect(outcome.kind === 'ambiguous' && outcome.found.map((f) => f.id)).toEqual(['a-1', 'b-1']);
  });

  it('naming nothing on the site finds nothing', () => {
    expect(index.findOriginals('一图读懂2019年政府工作报告', '报告提出……')).toEqual({ kind: 'none' });
  });
});
