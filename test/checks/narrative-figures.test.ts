import { describe, expect, it } from 'vitest';
import arithmetic from '../../src/checks/rules/narrative-arithmetic.js';
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

  it('reads each statement with its measure: the amount, its share of the total the paragraph breaks down', () => {
    const figs = narrativeFigures(lines('2022 年度支出合计 1409.82 万元。其中：基本支出 308.34 万元，占本年支出 21.87%；项目支出 1101.48 万元，占本年支出 78.13%。'), 'yuan', 'final', none);
    expect(figs.map((f) => [f.key, f.fund, f.measure, f.value, f.printedUnit, f.of])).toEqual([
      ['expenditure', 'all', 'amount', 14_098_200, '万元', null],
      ['basic', 'all', 'amount', 3_083_400, '万元', null],
      ['basic', 'all', 'share', 21.87, '%', '支出'],
      ['project', 'all', 'amount', 11_014_800, '万元', null],
      ['project', 'all', 'share', 78.13, '%', '支出'],
    ]);
  });

  it('reads the fund a statement is of: named in the phrase, by the total it falls under, or by the section heading', () => {
    const text = [
      '四、财政拨款收入支出决算总体情况说明',
      '2022 年度财政拨款收、支总计 1409.82 万元。',
      '五、一般公共预算财政拨款基本支出决算情况说明',
      '2022 年度一般公共预算财政拨款支出 1409.82 万元，其中：基本支出 308.34 万元。',
      '人员经费 304.33 万元，主要包括：基本工资。',
    ].join('\n');
    expect(narrativeFigures(lines(text), 'yuan', 'final', none).map((f) => [f.key, f.fund])).toEqual([
      ['total', 'fiscal'],
      ['expenditure', 'general'],
      ['basic', 'general'],
      ['personnel', 'general'],
    ]);
  });

  it('reads changes, rates, the figure compared with, completion rates, and passes over project names', () => {
    const text = [
      '2026年度收入预算51036.22万元，比2025年年初预算数45557.68万元增加5478.54万元，增长12.03%。',
      '一般公共服务支出（类）年初预算为 1589.77 万元，支出决算为 1362.25 万元，完成年初预算的 85.69%。',
      '舆情信息项目支出 0.42 万元，主要成效为：开展网络舆情风险点排查。',
    ].join('\n');
    expect(narrativeFigures(lines(text), 'yuan', 'final', none).map((f) => [f.key, f.code, f.stage, f.measure, f.direction, f.value])).toEqual([
      ['income', null, 'budget', 'amount', null, 510_362_200],
      ['income', null, 'budget', 'previous', null, 455_576_800],
      ['income', null, 'budget', 'change', 'increase', 54_785_400],
      ['income', null, 'budget', 'change_rate', 'increase', 12.03],
      ['class', '201', 'budget', 'amount', null, 15_897_700],
      ['class', '201', 'final', 'amount', null, 13_622_500],
      ['class', '201', 'budget', 'completion', null, 85.69],
    ]);
  });

  it('reads 三公 budget and final figures of the same label, whatever fund words follow it', () => {
    const figs = narrativeFigures(lines('“三公”经费财政拨款支出预算为 17.89 万元，支出决算为 17.89 万元。2. 公务用车购置及运行费全年预算为 3 万元，支出决算为 0.87 万元。'), 'yuan', 'final', none);
    expect(figs.map((f) => [f.key, f.stage, f.value, f.decimals])).toEqual([
      ['three_public', 'budget', 178_900, 2],
      ['three_public', 'final', 178_900, 2],
      ['vehicle', 'adjusted', 30_000, 0],
      ['vehicle', 'final', 8_700, 2],
    ]);
  });
});

describe('narrative-figures', () => {
  const tables = (personnel: number) => [
    {
      kind: 'general_budget_basic_expenditure' as const,
      columns: columns('total', 'personnel', 'public'),
      rows: [{ code: null, level: null, name: '合计', values: { total: 3_436_400, personnel, public: 465_100 } }],
    },
  ];
  const withText = (text: string, personnel: number) => ({ ...doc(tables(personnel)), narrative: narrativeFigures(lines(text), 'yuan', 'final', none) });
  const general = (s: string) => `五、一般公共预算财政拨款基本支出决算情况说明\n${s}`;

  it('fails a figure the text gets wrong, with both figures and where the text says it', () => {
    const { checks } = run(rule, withText(general('（一）人员经费 257.24 万元。'), 2_971_300));
    expect(checks).toMatchObject([{ status: 'fail', actual: 2_572_400, expected: 2_971_300, difference: -398_900, tolerance: 100, location: { line: 2 } }]);
  });

  it('passes exactly at the tolerance: half a unit of each printed figure', () => {
    expect(run(rule, withText(general('人员经费 297.12 万元。'), 2_971_300)).checks[0]).toMatchObject({ status: 'pass', difference: -100, tolerance: 100 });
    expect(run(rule, withText(general('人员经费 297.1 万元。'), 2_971_300)).checks[0]).toMatchObject({ status: 'pass', tolerance: 550 });
  });

  it('reads a 元 figure in 万元 text as a unit slip: normalised, with a diagnostic', () => {
    const { checks, diagnostics } = run(rule, withText(general('人员经费 2,971,300.00 万元。'), 2_971_300));
    expect(checks[0]).toMatchObject({ status: 'pass', actual: 2_971_300 });
    expect(diagnostics).toMatchObject([{ code: 'unit-anomaly', severity: 'warning', details: { readAs: '元', value: 2_971_300 } }]);
  });

  it('compares no figure with a table of another scope: all funds’ 人员经费 is not the 一般公共预算 table’s, and says so at info', () => {
    const { checks, diagnostics } = run(rule, withText('三、支出决算情况说明\n人员经费 257.24 万元。', 2_971_300));
    expect(checks).toMatchObject([{ status: 'skipped', message: 'No table of the document prints 人员经费 (决算); the statement is not compared with another figure.' }]);
    expect(diagnostics).toMatchObject([{ severity: 'info', code: 'narrative-unmatched', details: { statements: [{ scope: '人员经费 (决算)', raw: '人员经费257.24万元' }] } }]);
  });

  it('compares 财政拨款收、支总计 with the 财政拨款 summary, not the all-funds one', () => {
    const summary = (kind: 'income_expenditure_summary' | 'fiscal_summary', amount: number) => ({
      kind,
      columns: columns('amount'),
      rows: [{ side: 'income', line: null, code: null, level: null, name: '收入总计', values: { amount } }],
    });
    const d = { ...doc([summary('income_expenditure_summary', 14_000_000), summary('fiscal_summary', 13_000_000)]), narrative: narrativeFigures(lines('2022 年度财政拨款收、支总计均为 1300.00 万元。'), 'yuan', 'final', none) };
    expect(run(rule, d).checks).toMatchObject([{ status: 'pass', table: 'fiscal_summary', expected: 13_000_000 }]);
  });

  it('takes a cell printed blank for none: the text’s figure for it fails', () => {
    const d = {
      ...doc([{ kind: 'three_public', columns: columns('total', 'reception'), rows: [{ stage: 'budget', name: null, values: { total: 30_000, reception: null } }] }]),
      narrative: narrativeFigures(lines('公务接待费预算为 0.60 万元。'), 'yuan', 'final', none),
    };
    expect(run(rule, d).checks).toMatchObject([{ status: 'fail', expected: 0, actual: 6_000 }]);
  });
});

describe('narrative-arithmetic', () => {
  const text = (s: string) => ({ ...doc([]), narrative: narrativeFigures(lines(s), 'yuan', 'final', none) });
  const statuses = (s: string) => run(arithmetic, text(s)).checks.map((c) => [c.status, c.formula]);

  it('a rate of change is the change over the figure it changed from', () => {
    expect(statuses('2022年度收、支总计1409.82万元。与2021年度相比，收、支总计各增加658.77万元，增长87.71%。')).toEqual([['pass', '说明 "增长87.71%" = 658.77万元 ÷ (1409.82万元 − 658.77万元)']]);
    const [fail] = run(arithmetic, text('机关运行经费预算支出6032.55万元，比2016年增加3401.59万元，增长129.97%。')).checks;
    expect(fail).toMatchObject({ status: 'fail', actual: 129.97 });
    expect(fail?.expected).toBeCloseTo(129.29, 2);
    // no figure it changed from: nothing to check
    expect(statuses('收、支总计各增加658.77万元，增长87.71%。')).toEqual([]);
  });

  it('says when a rate was computed on this year’s figure instead of last year’s', () => {
    const [c] = run(arithmetic, text('一般公共预算支出8,648.07万元，比上年增加498.72万元，增长5.77%。')).checks;
    expect(c?.message).toContain("5.77% is the change over this year's figure, a rate computed on the wrong base");
  });

  it('the change is the difference of the two figures it relates, and the words agree', () => {
    expect(statuses('2026年度收入预算51036.22万元，比2025年年初预算数45557.68万元增加5478.54万元，增长12.03%。').map(([s]) => s)).toEqual(['pass', 'pass']);
    expect(statuses('2026年度收入预算51036.22万元，比2025年年初预算数45557.68万元增加5487.54万元。').map(([s]) => s)).toEqual(['fail']);
    expect(run(arithmetic, text('“三公”经费预算共347.6万元，比上年增加8.5万元，下降2.39%。')).checks).toMatchObject([{ status: 'fail', message: expect.stringContaining('contradict') }]);
  });

  it('a share is its part over its whole, and shares of a whole listed in full sum to 100%', () => {
    const s = (a: string, b: string) => `一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占${a}%；住房保障支出（类）833.39万元，占${b}%。`;
    expect(statuses(s('71.65', '28.35')).map(([x]) => x)).toEqual(['pass', 'pass', 'pass']);
    expect(statuses(s('71.73', '28.35')).map(([x]) => x)).toEqual(['fail', 'pass', 'fail']);
    // a share whose whole the text does not give: nothing to check
    expect(statuses('其中：基本支出 308.34 万元，占比 21.87%。')).toEqual([]);
  });

  it('a completion rate is 决算 over 预算', () => {
    expect(statuses('一般公共服务支出（类）年初预算为 1589.77 万元，支出决算为 1362.25 万元，完成年初预算的 85.69%。').map(([x]) => x)).toEqual(['pass']);
    expect(statuses('一般公共服务支出（类）年初预算为 1589.77 万元，支出决算为 1362.25 万元，完成年初预算的 88.69%。').map(([x]) => x)).toEqual(['fail']);
    expect(statuses('公务接待费支出决算为0万元，完成年初预算的0%。')).toEqual([]);
  });

  it('决算数大于/小于/等于预算数 agrees with the two figures', () => {
    const s = (word: string) => `2. 公务用车购置及运行费全年预算为 3 万元，支出决算为 0.87 万元，完成全年预算的 29%。决算数${word}全年预算数的主要原因：维修费减少。`;
    expect(statuses(s('小于')).map(([x]) => x)).toEqual(['pass', 'pass']);
    expect(statuses(s('大于'))).toEqual([['pass', expect.any(String)], ['fail', '说明 "决算数大于全年预算数": 0.87万元 小于 3万元']]);
    // no budget figure to compare with: nothing to check
    expect(statuses('公务接待费支出决算为0万元。决算数小于预算数。')).toEqual([]);
  });

  it('one fund’s part is no more than all funds’, and 基本支出 + 项目支出 make the total, or one is in the wrong unit', () => {
    expect(statuses('部门预算支出 757.53 万元。其中：基本支出 457.53 万元；项目支出 300 万元。\n2023 年一般公共预算基本支出 757.53 万元。').map(([x]) => x)).toEqual(['pass', 'fail']);
    const slip = run(arithmetic, text('调整后预算总支出1409.81万元，其中：基本支出308.33万元，项目支出1101.48元。'));
    expect(slip.checks.map((c) => c.status)).toEqual(['pass']);
    expect(slip.diagnostics).toMatchObject([{ code: 'unit-anomaly', details: { readAs: '万元', value: 11_014_800 } }]);
  });
});
