import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/narrative-figures.js';
import { narrativeFigures } from '../../src/parsers/narrative.js';
import { readTabText } from '../../src/read/text.js';
import { columns, doc, run } from './helpers.js';

const lines = (text: string) => readTabText(text).pages[0]!.lines;
/** these texts quote nothing unreadable: a diagnostic would be a bug */
const none = (d: unknown) => {
  throw new Error(`unexpected diagnostic ${JSON.stringify(d)}`);
};

describe('narrativeFigures', () => {
  it('says so of digits no amount could be (a damaged file), and outputs no figure for them', () => {
    const said: unknown[] = [];
    const figs = narrativeFigures(lines(`人员经费 ${'9'.repeat(400)} 万元，公用经费 12.50 万元。`), 'yuan', 'budget', (d) => said.push(d));
    expect(figs.map((f) => [f.key, f.value])).toEqual([['public', 125_000]]);
    expect(said).toEqual([expect.objectContaining({ severity: 'warning', code: 'unparseable-cell' })]);
  });

  it('reads the figures the text quotes, with shares', () => {
    const figs = narrativeFigures(lines('2022 年度支出合计 1409.82 万元。其中：基本支出 308.34 万元，占本年支出 21.87%；项目支出 1101.48 万元，占本年支出 78.13%。'), 'yuan', 'final', none);
    expect(figs.map((f) => [f.key, f.value, f.printedUnit, f.decimals])).toEqual([
      ['expenditure', 14_098_200, '万元', 2],
      ['basic', 3_083_400, '万元', 2],
      ['basic_share', 21.87, '%', 2],
      ['project', 11_014_800, '万元', 2],
      ['project_share', 78.13, '%', 2],
    ]);
  });

  it('passes over changes, budget figures in final accounts and project names', () => {
    const text = [
      '2022年度收、支总计1409.82万元。与2021年度相比，收、支总计各增加658.77万元，增长87.71%。',
      '2022年部门年初预算支出总额1,636.48万元，其中：基本支出295.60万元，项目支出1,340.88万元。',
      '舆情信息项目支出 0.42 万元，主要成效为：开展网络舆情风险点排查。',
    ].join('\n');
    expect(narrativeFigures(lines(text), 'yuan', 'final', none).map((f) => [f.key, f.raw])).toEqual([['total', '收、支总计1409.82万元']]);
  });

  it('reads 三公 budget and final figures of the same label', () => {
    const figs = narrativeFigures(lines('2. 公务用车购置及运行费全年预算为 3 万元，支出决算为 0.87 万元，完成全年预算的 29%。'), 'yuan', 'final', none);
    expect(figs.map((f) => [f.key, f.stage, f.value, f.decimals])).toEqual([
      ['vehicle', 'budget', 30_000, 0],
      ['vehicle', 'final', 8_700, 2],
    ]);
  });
});

describe('narrative-figures', () => {
  const withText = (text: string, personnel: number) => {
    const d = doc([
      {
        kind: 'general_budget_basic_expenditure',
        columns: columns('total', 'personnel', 'public'),
        rows: [{ code: null, level: null, name: '合计', values: { total: 3_436_400, personnel, public: 465_100 } }],
      },
    ]);
    return { ...d, narrative: narrativeFigures(lines(text), 'yuan', 'budget', none) };
  };

  it('fails a figure the text gets wrong, with both figures and where the text says it', () => {
    const { checks } = run(rule, withText('（一）人员经费 257.24 万元。', 2_971_300));
    expect(checks).toMatchObject([{ status: 'fail', actual: 2_572_400, expected: 2_971_300, difference: -398_900, tolerance: 100, location: { line: 1 } }]);
  });

  it('passes exactly at the tolerance: half a unit of each printed figure', () => {
    expect(run(rule, withText('人员经费 297.12 万元。', 2_971_300)).checks[0]).toMatchObject({ status: 'pass', difference: -100, tolerance: 100 });
    expect(run(rule, withText('人员经费 297.1 万元。', 2_971_300)).checks[0]).toMatchObject({ status: 'pass', tolerance: 550 });
  });

  it('reads a 元 figure in 万元 text as a unit slip: normalised, with a diagnostic', () => {
    const { checks, diagnostics } = run(rule, withText('人员经费 2,971,300.00 万元。', 2_971_300));
    expect(checks[0]).toMatchObject({ status: 'pass', actual: 2_971_300 });
    expect(diagnostics).toMatchObject([{ code: 'unit-anomaly', severity: 'warning', details: { readAs: '元', value: 2_971_300 } }]);
  });

  it('skips a figure whose table is not in the document', () => {
    const d = { ...doc([]), narrative: narrativeFigures(lines('人员经费 257.24 万元。'), 'yuan', 'budget', none) };
    expect(run(rule, d).checks[0]).toMatchObject({ status: 'skipped' });
  });
});
