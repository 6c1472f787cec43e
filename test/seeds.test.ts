import { describe, expect, it } from 'vitest';
import { SEED_000, SEED_001, SEED_002, extractValid, readFixture, rowByCode, table } from './helpers/seeds.js';
import type { Document } from '../src/schema/index.js';

const KINDS = [
  'income_expenditure_summary',
  'income',
  'expenditure',
  'fiscal_summary',
  'general_budget_expenditure',
  'general_budget_basic_expenditure',
  'government_fund',
  'state_capital',
  'three_public',
];

function summaryRow(doc: Document, kind: 'income_expenditure_summary' | 'fiscal_summary', side: string, line: number) {
  const r = table(doc, kind).rows.find((x) => x.side === side && x.line === line);
  if (!r) throw new Error(`${kind} ${side} ${line}`);
  return r;
}

describe('seed 000 (2022 决算, 汉阳区融媒体中心)', () => {
  const doc = extractValid(readFixture(SEED_000), SEED_000);

  it('reads the document facts', () => {
    expect(doc.document).toEqual({
      kind: 'final_accounts',
      year: 2022,
      department: '武汉市汉阳区融媒体中心',
      publishedOn: '2023-10-12',
    });
  });

  it('finds all nine tables in printed order, 表8 and 表9 by their header rows', () => {
    expect(doc.tables.map((t) => t.kind)).toEqual(KINDS);
    expect(doc.tables.map((t) => t.number)).toEqual(['表1', '表2', '表3', '表4', '表5', '表6', '表7', null, null]);
    const lost = doc.diagnostics.filter((d) => d.code === 'missing-title').map((d) => d.table);
    expect(lost).toEqual(['state_capital', 'three_public']);
  });

  it('keys the two-sided summary by side and printed 行次', () => {
    expect(summaryRow(doc, 'income_expenditure_summary', 'income', 1)).toMatchObject({
      name: '一、一般公共预算财政拨款收入',
      values: { amount: 14_098_200 },
    });
    expect(summaryRow(doc, 'income_expenditure_summary', 'expenditure', 39)).toMatchObject({
      name: '八、社会保障和就业支出',
      values: { amount: 166_700 },
    });
    expect(summaryRow(doc, 'income_expenditure_summary', 'expenditure', 62).values).toEqual({ amount: 14_098_200 });
    // blank cells are null, not 0
    expect(summaryRow(doc, 'income_expenditure_summary', 'income', 2).values).toEqual({ amount: null });
  });

  it('reads the fiscal summary with its split expenditure columns', () => {
    expect(summaryRow(doc, 'fiscal_summary', 'expenditure', 33).values).toEqual({
      total: 13_622_500,
      general: 13_622_500,
      fund: null,
      state_capital: null,
    });
    expect(table(doc, 'fiscal_summary').columns.map((c) => [c.key, c.number])).toEqual([
      ['amount', 1],
      ['total', 2],
      ['general', 3],
      ['fund', 4],
      ['state_capital', 5],
    ]);
  });

  it('reads code tables with levels and the 合计 row as code null', () => {
    expect(rowByCode(doc, 'expenditure', null)).toMatchObject({
      name: '合计',
      values: { total: 14_098_200, basic: 3_083_400, project: 11_014_800, remit: null },
    });
    expect(rowByCode(doc, 'expenditure', '2013399')).toMatchObject({
      level: 'subitem',
      name: '其他宣传事务支出',
      values: { total: 10_949_100, basic: null, project: 10_949_100 },
    });
    expect(rowByCode(doc, 'income', '20805')).toMatchObject({ level: 'item', values: { total: 151_000, fiscal: 151_000 } });
    expect(rowByCode(doc, 'general_budget_expenditure', null).name).toBe('合计');
  });

  it('reads the basic expenditure detail with its 人员经费 / 公用经费 groups', () => {
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '30113')).toMatchObject({
      group: 'personnel',
      name: '住房公积金',
      values: { total: 437_700 },
    });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '30227')).toMatchObject({
      group: 'public',
      values: { total: 22_000 },
    });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', null, '人员经费合计').values).toEqual({ total: 3_043_300 });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', null, '公用经费合计').values).toEqual({ total: 40_100 });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '310')).toMatchObject({ group: 'public', values: { total: null } });
  });

  it('reads 三公 by stage', () => {
    expect(table(doc, 'three_public').rows.map((r) => [r.stage, r.values])).toEqual([
      ['budget', { total: 178_900, overseas: null, vehicle: 178_900, vehicle_purchase: 175_000, vehicle_operation: 3_900, reception: null }],
      ['final', { total: 178_900, overseas: null, vehicle: 178_900, vehicle_purchase: 175_000, vehicle_operation: 3_900, reception: null }],
    ]);
  });

  it('outputs the empty fund and state capital tables as empty', () => {
    for (const kind of ['government_fund', 'state_capital'] as const) {
      expect(table(doc, kind)).toMatchObject({ empty: true, rows: [] });
    }
  });

  it('keeps the identity notes printed under the tables', () => {
    expect(table(doc, 'income_expenditure_summary').notes).toContain('27行 = (1+2+3+4+5+6+7+8)行；31行 = (27+28+29)行；');
    expect(table(doc, 'fiscal_summary').notes).toContain('27行=(1+2+3)行;28行=(28+30+31)行;32行=(27+28)行;');
  });

  it('reads the 宣传经费 self-evaluation (lines 1164–1190) as that project, 得分 beyond 评价标准', () => {
    // no title of its own: the heading 2022 年度…宣传经费项目自评结果 (line 1024) names it
    const tables = doc.performance.filter((p) => p.location.line === 1164 || p.location.line === 1187);
    expect(tables.map((p) => [p.scope, p.project])).toEqual([
      ['project', '宣传经费'],
      ['project', '宣传经费'],
    ]);
    // 分值 | 评价标准 | 得分 | 证据: the score is the 得分 column's
    expect(tables[0]!.indicators.map((i) => [i.weight, i.score])).toEqual([...Array(10).fill([5, 5]), ...Array(4).fill([2, 2]), [1, 1], [1, 1]]);
    expect(tables[1]!.indicators.map((i) => i.score)).toEqual([5, 5, 5]);
    // the department's own tables (部门整体绩效自评结果) stay department scope
    expect(doc.performance.filter((p) => p.location.line! >= 900 && p.location.line! < 1100).every((p) => p.scope === 'department')).toBe(true);
  });

  it('matches the golden file reviewed against the source', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('../fixtures/golden/000_44aabd3afaab2ce1.json');
  });
});

describe('seed 001 (2024 决算, 江汉区融媒体中心)', () => {
  const doc = extractValid(readFixture(SEED_001), SEED_001);

  it('reads the document facts', () => {
    expect(doc.document).toEqual({
      kind: 'final_accounts',
      year: 2024,
      department: '武汉市江汉区融媒体中心',
      publishedOn: '2025-10-31',
    });
  });

  it('finds all nine tables labelled 公开 NN 表', () => {
    expect(doc.tables.map((t) => t.kind)).toEqual(KINDS);
    expect(doc.tables.map((t) => t.number)).toEqual([
      '公开01表', '公开02表', '公开03表', '公开04表', '公开05表', '公开06表', '公开07表', '公开08表', '公开09表',
    ]);
  });

  it('uses its own 行次 numbering (30 and 60 for 总计)', () => {
    expect(summaryRow(doc, 'income_expenditure_summary', 'income', 30)).toMatchObject({ name: '总计', values: { amount: 6_526_600 } });
    expect(summaryRow(doc, 'income_expenditure_summary', 'expenditure', 60).values).toEqual({ amount: 6_526_600 });
  });

  it('repairs the codes truncated in 表2 from 表3, each with a diagnostic', () => {
    expect(rowByCode(doc, 'income', '2070808')).toMatchObject({ level: 'subitem', name: '广播电视事务', values: { total: 4_663_900 } });
    expect(rowByCode(doc, 'income', '2080502').values.total).toBe(389_700);
    expect(rowByCode(doc, 'income', '2080505').values.total).toBe(366_100);
    const repaired = doc.diagnostics
      .filter((d) => d.code === 'repaired-code' && d.table === 'income')
      .map((d) => [d.details?.['printed'], d.details?.['code']]);
    expect(repaired).toEqual([
      ['207080', '2070808'],
      ['208050', '2080502'],
      ['208050', '2080505'],
      ['208059', '2080599'],
      ['210110', '2101102'],
      ['210110', '2101103'],
      ['210119', '2101199'],
      ['221020', '2210201'],
      ['221020', '2210202'],
      ['221020', '2210203'],
    ]);
  });

  it('repairs the economic codes truncated in 表6 from the catalogue', () => {
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '30101')).toMatchObject({ name: '基本工资', values: { total: 1_276_900 } });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '30108')).toMatchObject({ name: '机关事业单位基本养老保险缴', values: { total: 378_400 } });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '31013').name).toBe('公务用车购置');
    const codes = table(doc, 'general_budget_basic_expenditure').rows.map((r) => r.code).filter((c) => c !== null);
    expect(codes.every((c) => c.length === 3 || c.length === 5)).toBe(true);
    expect(doc.diagnostics.filter((d) => d.code === 'unrepaired-code')).toEqual([]);
  });

  it('joins the 表6 totals pushed onto the next line', () => {
    expect(rowByCode(doc, 'general_budget_basic_expenditure', null, '人员经费合计').values).toEqual({ total: 5_361_500 });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', null, '公用经费合计').values).toEqual({ total: 445_000 });
  });

  it('reads 表5 合计 printed one cell off', () => {
    expect(rowByCode(doc, 'general_budget_expenditure', null).values).toEqual({ total: 6_526_600, basic: 5_806_500, project: 720_000 });
  });

  it('does not read the 栏次 pushed into 表8 as a figure', () => {
    expect(table(doc, 'state_capital')).toMatchObject({ empty: true, rows: [] });
    expect(table(doc, 'state_capital').columns.map((c) => c.number)).toEqual([1, 2, 3]);
  });

  it('reads 三公 by stage', () => {
    expect(table(doc, 'three_public').rows.map((r) => [r.stage, r.values.total, r.values.vehicle_operation, r.values.reception])).toEqual([
      ['budget', 8_700, 8_700, null],
      ['final', 8_700, 8_700, null],
    ]);
  });

  it('matches the golden file reviewed against the source', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('../fixtures/golden/001_3243ea677d3b48ef.json');
  });
});

describe('seed 002 (2020 预算, 江汉区融媒体中心)', () => {
  const doc = extractValid(readFixture(SEED_002), SEED_002);

  it('reads the document facts', () => {
    expect(doc.document).toEqual({ kind: 'budget', year: 2020, department: '江汉区融媒体中心', publishedOn: null });
  });

  it('finds the budget forms of the standard tables', () => {
    expect(doc.tables.map((t) => [t.kind, t.title])).toEqual([
      ['income_expenditure_summary', '2020 年部门收支预算总表'],
      ['income', '2020 年部门收入预算总表'],
      ['expenditure', '2020 年部门支出预算总表'],
      ['fiscal_summary', '2020 年财政拨款收支预算总表'],
      ['general_budget_expenditure', '2020 年一般公共预算支出表'],
      ['general_budget_basic_expenditure', '2020 年一般公共预算基本支出表'],
      ['three_public', '2020 年财政拨款“三公”经费支出表'],
      ['government_fund', '2020 年政府性基金预算支出表'],
      ['other', '基本信息表'],
    ]);
  });

  it('keeps the figures of the 基本信息表, a table of no standard kind, as kind other (lines 423–436)', () => {
    const other = doc.tables.find((t) => t.kind === 'other')!;
    expect(other).toMatchObject({ title: '基本信息表', declaredUnit: '万元', location: { line: 423 } });
    // the line of facts above its header (部门负责人 … 联系电话 85725570) is no header
    expect(other.columns).toEqual([
      { key: 'c1', label: '', number: null },
      { key: 'c2', label: '当年金额', number: null },
    ]);
    expect(other.rows.map((r) => [r.name, r.values, r.location.line])).toEqual([
      ['收入构成 财政拨款', { c1: null, c2: 5_210_500 }, 431],
      ['合计', { c1: null, c2: 5_210_500 }, 433],
      ['支出构成 基本支出', { c1: null, c2: 3_436_400 }, 434],
      ['项目支出', { c1: null, c2: 1_774_100 }, 435],
      // its last 合计 printed two cells left of the others, kept where it is printed
      ['合计', { c1: 5_210_500, c2: null }, 436],
    ]);
  });

  it('reads the summary’s three blocks, economic classes with their codes', () => {
    const rows = table(doc, 'income_expenditure_summary').rows;
    expect(rows.filter((r) => r.side === 'expenditure_economic' && r.values.amount !== null).map((r) => [r.code, r.level, r.name, r.values.amount])).toEqual([
      ['301', 'class', '工资福利支出', 2_572_400],
      ['302', 'class', '商品和服务支出', 1_749_200],
      ['303', 'class', '对个人和家庭的补助', 398_900],
      ['399', 'class', '其他支出', 490_000],
      [null, null, '本年支出合计', 5_210_500],
      [null, null, '支出总计', 5_210_500],
    ]);
    expect(rows.find((r) => r.side === 'expenditure' && r.code === '207')).toMatchObject({ name: '文化旅游体育与传媒支出', values: { amount: 3_968_400 } });
    // a header fragment left in the first data row is not a row
    expect(rows.some((r) => /^支出([（(]|$)/.test(r.name ?? ''))).toBe(false);
  });

  it('reads the fiscal summary’s general and fund columns on both expenditure blocks', () => {
    const rows = table(doc, 'fiscal_summary').rows;
    expect(rows.find((r) => r.side === 'expenditure_economic' && r.code === '302')?.values).toEqual({ general: 1_749_200, fund: null });
    expect(rows.find((r) => r.side === 'income' && r.name === '收入总计')?.values).toEqual({ amount: 5_210_500 });
  });

  it('reads the budget columns of the income and expenditure tables', () => {
    expect(table(doc, 'income').columns.map((c) => c.key)).toEqual([
      'total', 'general', 'fund', 'business', 'superior_subsidy', 'operating', 'other', 'fund_offset', 'carryover',
    ]);
    expect(table(doc, 'expenditure').columns.map((c) => c.key)).toEqual([
      'total', 'basic', 'project', 'remit', 'subsidiary', 'operating', 'carry_forward',
    ]);
    expect(rowByCode(doc, 'income', '2109901').values).toMatchObject({ total: 8_600, general: 8_600, carryover: null });
  });

  it('reads the basic expenditure table’s 人员经费 and 公用经费 columns', () => {
    expect(rowByCode(doc, 'general_budget_basic_expenditure', null).values).toEqual({ total: 3_436_400, personnel: 2_971_300, public: 465_100 });
    expect(rowByCode(doc, 'general_budget_basic_expenditure', '30299').values).toEqual({ total: 201_900, personnel: null, public: 201_900 });
  });

  it('reads 三公 printed as rows as the budget stage', () => {
    expect(table(doc, 'three_public').rows.map((r) => [r.stage, r.values])).toEqual([
      ['budget', { total: 30_000, overseas: null, vehicle: 30_000, vehicle_purchase: null, vehicle_operation: 30_000, reception: null }],
    ]);
  });

  it('outputs the empty fund table', () => {
    expect(table(doc, 'government_fund')).toMatchObject({ empty: true, rows: [] });
  });

  it('matches the golden file reviewed against the source', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('../fixtures/golden/002_cb1a81c422be5525.json');
  });
});

describe('integrity on the seeds', () => {
  const FUNCTION_KINDS = ['income', 'expenditure', 'general_budget_expenditure', 'government_fund', 'state_capital'];

  it.each([SEED_000, SEED_001, SEED_002])('%s: every figure output is a figure printed in the input', (path) => {
    const text = readFixture(path);
    const printed = new Set((text.match(/\d[\d,]*\.\d+/g) ?? []).map((s) => s.replace(/,/g, '')));
    const doc = extractValid(text, path);
    let count = 0;
    for (const t of doc.tables)
      for (const r of t.rows)
        for (const v of Object.values(r.values as Record<string, number | null>)) {
          if (v === null) continue;
          count++;
          const wan = (v / 10_000).toFixed(2); // these seeds print every table in 万元, two decimals
          expect(printed.has(wan), `${t.kind} ${wan}`).toBe(true);
        }
    expect(count).toBeGreaterThan(100);
  });

  it.each([SEED_000, SEED_001, SEED_002])('%s: every code is complete', (path) => {
    const doc = extractValid(readFixture(path), path);
    for (const t of doc.tables) {
      const codes = (t.rows as { code?: string | null }[]).map((r) => r.code).filter((c): c is string => typeof c === 'string');
      const lengths = FUNCTION_KINDS.includes(t.kind) ? [3, 5, 7] : [3, 5];
      for (const c of codes) expect(lengths, `${t.kind} ${c}`).toContain(c.length);
    }
  });
});
