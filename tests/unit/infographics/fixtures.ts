/** Shared fixtures of the infographic tests: the smallest sources that show every block. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InfographicContext, InfographicModel } from '../../../src/infographics/model';
import { parseInfographic } from '../../../src/infographics/parse';

export const FIXTURES = path.resolve('tests/fixtures/infographics');

/** The model of tests/fixtures/infographics/all-blocks.mdx (every block kind, three sections). */
export function allBlocksModel(): InfographicModel {
  const file = 'tests/fixtures/infographics/all-blocks.mdx';
  const { model, problems } = parseInfographic(readFileSync(file, 'utf8'), file);
  if (problems.length) throw new Error(`fixture has problems: ${JSON.stringify(problems)}`);
  return model;
}

export const CONTEXT: InfographicContext = {
  issuer: '国务院',
  documentTitle: '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见',
  docNumber: '国发〔2019〕5号',
  siteName: '政策解读示范站',
  siteUrl: 'https://zcjd.example.gov.cn',
};

/** A minimal valid source with the given body. */
export function source(body: string): string {
  return `---\ntitle: 测试图解\ndocument: guofa-2019-5\npublishedAt: 2019-02-15\n---\n\n${body}\n`;
}
