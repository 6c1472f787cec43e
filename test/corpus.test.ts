import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract.js';
import { check } from '../src/index.js';
import { DocumentSchema, TABLE_KINDS } from '../src/schema/index.js';

// Real published PDFs of another regional template (../shared/corpus/shanghai, see its README).
// Read when the folder is there (CI has it); a fresh clone without it skips these.
const dir = new URL('../../shared/corpus/shanghai/', import.meta.url);
const present = existsSync(dir);
const pdfs = present ? readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort() : [];
const budgets = pdfs.filter((f) => /预算/.test(f));

// the nine standard tables (SPEC §2; 项目支出表 is not one every document prints)
const STANDARD = TABLE_KINDS.filter((k) => k !== 'project_expenditure');

async function read(name: string) {
  const doc = await extractBytes(new Uint8Array(readFileSync(new URL(name, dir))), { path: name });
  return DocumentSchema.parse(doc);
}

describe.skipIf(!present)('the Shanghai corpus', () => {
  it.each(budgets)('%s: every standard table under its kind, figures in yuan, every identity holding', async (name) => {
    const doc = await read(name);
    expect(doc.document.kind).toBe('budget');
    // the department is named on the cover's 预算主管部门/预算单位 line, not the district's title
    expect(doc.document.department).toMatch(/^上海市普陀区(人民政府万里街道办事处|人民政府办公室|司法局|商务委员会|财政局)$/);
    expect(name.startsWith(doc.document.department!)).toBe(true);
    for (const kind of STANDARD) expect(doc.tables.map((t) => t.kind), kind).toContain(kind);
    const income = doc.tables.find((t) => t.kind === 'income')!;
    expect(income.declaredUnit).toBe('元');
    expect(income.rows.length).toBeGreaterThan(3);
    expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(doc.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(100);
  });

  it('reads the 办公室 2025 budget to the figure', async () => {
    const doc = await read('上海市普陀区人民政府办公室25年预算.pdf');
    const exp = doc.tables.find((t) => t.kind === 'expenditure')!;
    const row = (code: string) => exp.rows.find((r) => 'code' in r && r.code === code);
    expect(row('2010399')).toMatchObject({ level: 'subitem', name: '其他政府办公厅（室）及相关机构事务支出', values: { total: 20_120_000, basic: null, project: 20_120_000 } });
    expect(exp.rows.find((r) => r.name === '合计')?.values).toMatchObject({ total: 91_016_775.35, basic: 24_606_775.35, project: 66_410_000 });
    const three = doc.tables.find((t) => t.kind === 'three_public' && !t.empty)!;
    expect(three.rows[0]).toMatchObject({ stage: 'budget', values: { total: 8_675_000, overseas: 8_390_000, reception: 285_000, vehicle: null } });
    // 机关运行经费 (not a 三公 figure) is printed under a header set above the table: reported, not lost
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'unplaced-figure', table: 'three_public', details: { text: '213.28', cell: 7 } }));
  });

  it('reports the empty official template as holding no figures', async () => {
    const doc = await read('附件2：部门决算模板.pdf');
    expect(doc.tables.length).toBeGreaterThan(5);
    expect(doc.tables.every((t) => t.empty)).toBe(true);
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'no-figures', severity: 'warning' }));
  });

  it.each(pdfs.filter((f) => /决算/.test(f) && !/模板/.test(f)))('%s: every standard table under its kind, every identity holding', async (name) => {
    const doc = await read(name);
    expect(doc.document.kind).toBe('final_accounts');
    for (const kind of STANDARD) expect(doc.tables.map((t) => t.kind), kind).toContain(kind);
    expect(doc.tables.find((t) => t.kind === 'income')!.declaredUnit).toBe('万元');
    // every table identity holds; the text of 普陀区财政局 gets three figures wrong (page 21, read by
    // hand): 财政拨款收入支出总计 0.3 万元 (表4 prints 2,961.68), and 一般公共服务支出 2106.66 of 2940.05
    // printed as 71.73% (71.65%), its class shares summing to 100.07%
    const textErrors = /普陀区财政局2024/.test(name) ? ['说明 "占71.73%"', '说明 71.73% + 11.11% + 2.07% + 15.16% = 100%', '说明 "收入支出总计0.3万元"'] : [];
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.formula.replace(/ = (fiscal_summary|一般公共服务).*$| \(.*$/, ''))).toEqual(textErrors);
    expect(doc.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(80);
  });

  it('reads the 财政局 2024 final accounts to the figure', async () => {
    const doc = await read('上海市普陀区财政局2024年度部门决算.pdf');
    // 支出决算表: figures a cell set half a line above their row
    const exp = doc.tables.find((t) => t.kind === 'expenditure')!;
    expect(exp.rows.find((r) => r.name === '合计')?.values).toMatchObject({ total: 29_400_500, basic: 23_369_100, project: 6_031_400 });
    expect(exp.rows.find((r) => 'code' in r && r.code === '2010601')?.values).toMatchObject({ total: 15_118_900, basic: 15_035_200, project: 83_700 });
    // the basic table: codes a half line above their names, split over 类 and 款 cells, two blocks side by side
    const basic = doc.tables.find((t) => t.kind === 'general_budget_basic_expenditure')!;
    const row = (code: string) => basic.rows.find((r) => 'code' in r && r.code === code);
    expect(row('30101')).toMatchObject({ level: 'item', group: 'personnel', name: '基本工资', values: { total: 2_623_300 } });
    expect(row('30212')).toMatchObject({ group: 'public', name: '因公出国（境）费用', values: { total: null } });
    expect(row('31007')).toMatchObject({ name: '信息网络及软件购置更新' });
    expect(basic.rows.find((r) => r.name === '公用经费合计')?.values).toEqual({ total: 1_846_500 });
    // 三公: 预算数 and 决算数 under every category
    const three = doc.tables.find((t) => t.kind === 'three_public')!;
    expect(three.rows.map((r) => [r.stage, r.values.total, r.values.reception])).toEqual([
      ['budget', 9_500, 9_500],
      ['final', null, null],
    ]);
  });

  it('reads names wrapped over three lines whole (社会工作部 2024)', async () => {
    const doc = await read('中共上海市普陀区委社会工作部 2024 年度部门决算.pdf');
    const gbe = doc.tables.find((t) => t.kind === 'general_budget_expenditure')!;
    const row = (code: string) => gbe.rows.find((r) => 'code' in r && r.code === code);
    expect(row('201')).toMatchObject({ name: '一般公共服务支出', values: { total: 2_648_700 } });
    expect(row('2080505')).toMatchObject({ name: '机关事业单位基本养老保险缴费支出', values: { total: 61_800 } });
    expect(row('2080506')).toMatchObject({ name: '机关事业单位职业年金缴费支出', values: { total: 46_400 } });
    expect(doc.tables.find((t) => t.kind === 'three_public')!.empty).toBe(true);
    // 附属单位 / 上缴收入 stands on two lines of its own above the header row's baseline
    expect(doc.tables.find((t) => t.kind === 'income')!.columns!.map((c) => c.key)).toEqual([
      'total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'subsidiary', 'other',
    ]);
  });
});

// 深圳's template (../shared/corpus/cities/深圳): tables set wide over many pages, each page printing
// the title and header again; 项 and 目 printed as two cells; 2026年预算数 as the amount header; the
// number (表1) on the line above the title. Expectations read off pages 15–18 of 深圳市信访局's
// 2026 budget.
const cities = new URL('../../shared/corpus/cities/', import.meta.url);
const shenzhen = new URL('深圳/2026年深圳市信访局部门预算.pdf', cities);

describe.skipIf(!existsSync(shenzhen))('the 深圳 template', () => {
  it('reads the 收支总表 printed over two pages as one table, its totals adding up', async () => {
    const doc = DocumentSchema.parse(await extractBytes(new Uint8Array(readFileSync(shenzhen)), { path: '深圳市信访局.pdf' }));
    const summaries = doc.tables.filter((t) => t.kind === 'income_expenditure_summary');
    expect(summaries).toHaveLength(1);
    const summary = summaries[0]!;
    expect(summary).toMatchObject({ number: '表1', title: '收支总表', declaredUnit: '万元' });
    const row = (side: string, name: string) => summary.rows.find((r) => 'side' in r && r.side === side && r.name === name)?.values;
    // page 15, the left side; page 16, the totals
    expect(row('income', '一、财政拨款')).toEqual({ amount: 46_769_600 });
    expect(row('income', '1.一般公共预算拨款')).toEqual({ amount: 46_769_600 });
    expect(row('income', '本年收入合计')).toEqual({ amount: 46_769_600 });
    expect(row('income', '上年结余、结转')).toEqual({ amount: 73_400 });
    expect(row('income', '收入总计')).toEqual({ amount: 46_843_000 });
    // page 15's right side, and page 16's 卫生健康支出 under it
    expect(row('expenditure', '一、一般公共服务支出')).toEqual({ amount: 34_591_300 });
    expect(row('expenditure', '四、卫生健康支出')).toEqual({ amount: 843_900 });
    expect(row('expenditure', '本年支出合计')).toEqual({ amount: 46_843_000 });
    // 本年合计 adds the 一、二、… lines only, 总计 the carry-over but not its 1. 2. parts
    const checks = doc.checks.filter((c) => c.rule === 'summary-totals' && c.table === 'income_expenditure_summary');
    expect(checks.map((c) => `${c.status} ${c.formula}`)).toEqual([
      'pass 本年收入合计 = 一、财政拨款 + 二、财政专户管理资金 + 三、单位资金 [amount]',
      'pass 上年结余、结转 = 1.财政拨款结余、结转 + 2.非财政拨款结余、结转 [amount]',
      'pass 收入总计 = 本年收入合计 + 上年结余、结转 [amount]',
      'pass 本年支出合计 = 一、一般公共服务支出 + 二、教育支出 + 三、社会保障和就业支出 + 四、卫生健康支出 + 五、住房保障支出 [amount]',
      'pass 支出总计 = 本年支出合计 + 结转下年 [amount]',
      'pass 收入总计 = 支出总计',
    ]);
    // 表3 支出总表: its number from the line above the title, 支出总计 read as the total
    const expenditure = doc.tables.find((t) => t.kind === 'expenditure')!;
    expect(expenditure).toMatchObject({ number: '表3', title: '支出总表' });
    expect(expenditure.rows[0]).toMatchObject({ name: '深圳市信访局', values: { total: 46_843_000, basic: 30_720_100, project: 16_122_900 } });
    // 表4 基本支出总表 (pages 21–22) is none of the standard kinds: kept whole as kind other
    const basic = doc.tables.find((t) => t.kind === 'other' && t.title === '基本支出总表')!;
    expect(basic.number).toBe('表4');
    expect(basic.columns.slice(0, 3).map((c) => [c.key, c.label])).toEqual([
      ['c1', '总计'],
      ['c2', '小计'],
      ['c3', '财政拨款一般公共预算拨款'],
    ]);
    expect(basic.rows.slice(0, 2).map((r) => [r.name, r.values['c1'], r.values['c2'], r.values['c3'], r.values['c4']])).toEqual([
      ['深圳市信访局', 30_720_100, 30_720_100, 30_720_100, 0],
      ['工资福利支出', 25_220_200, 25_220_200, 25_220_200, 0],
    ]);
    expect(new Set(basic.rows.map((r) => r.location.page))).toEqual(new Set([21, 22]));
  });

  it('reads 表9 三公 by category over its fund sources, a row a year (page 31)', async () => {
    const doc = DocumentSchema.parse(await extractBytes(new Uint8Array(readFileSync(shenzhen)), { path: '深圳市信访局.pdf' }));
    const three = doc.tables.find((t) => t.kind === 'three_public')!;
    // each category's name is centred over its 政府性基金 column; its 一般公共预算 column holds 2.98
    // (公务接待费), 2.60 (公务用车运行维护费), 5.58 (总计)
    expect(three.rows.map((r) => [r.name, r.values.total, r.values.overseas, r.values.reception, r.values.vehicle, r.values.vehicle_operation])).toEqual([
      ['深圳市信访局2025年', 55_800, 0, 29_800, 26_000, 26_000],
      ['2026年', 55_800, 0, 29_800, 26_000, 26_000],
      ['增减变化金额', 0, 0, 0, 0, 0],
    ]);
    // the 政府性基金 and 国有资本经营 columns keep keys of their own
    expect(three.columns.find((c) => c.key === 'c1')?.label).toBe('总计政府性基金预算');
    expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
});

// 广州 heads the summary's amount column 预算 alone (page 6 of 规划和自然资源局's 2026 budget).
const guangzhou = new URL('广州/2026年广州市规划和自然资源局部门预算.pdf', cities);

describe.skipIf(!existsSync(guangzhou))('the 广州 template', () => {
  it('reads the 收支总体情况表 under its 预算 header, its totals adding up', async () => {
    const doc = DocumentSchema.parse(await extractBytes(new Uint8Array(readFileSync(guangzhou)), { path: '广州规划.pdf' }));
    const summary = doc.tables.find((t) => t.kind === 'income_expenditure_summary')!;
    expect(summary).toMatchObject({ number: '表1', title: '收支总体情况表' });
    const row = (side: string, name: string) => summary.rows.find((r) => 'side' in r && r.side === side && r.name === name)?.values;
    expect(row('income', '本年收入合计')).toEqual({ amount: 10_144_190_300 });
    expect(row('expenditure', '二十八、转移性支出')).toEqual({ amount: 300_000_000 });
    expect(row('expenditure', '支出总计')).toEqual({ amount: 10_144_190_300 });
    const checks = doc.checks.filter((c) => c.rule === 'summary-totals' && c.table === 'income_expenditure_summary');
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });
});

// 北京's table files open on 预算01表 收支总表, with no cover naming the department or the year.
const beijing = new URL('北京/水务局_2026年部门预算.pdf', cities);

describe.skipIf(!existsSync(beijing))('the 北京 table files', () => {
  it('take no table title for the department, and guess no year', async () => {
    const doc = DocumentSchema.parse(await extractBytes(new Uint8Array(readFileSync(beijing)), { path: '北京水务.pdf' }));
    expect(doc.document).toEqual({ kind: 'budget', year: null, department: null, publishedOn: null });
  });
});

// Columns read where they stand, tables carried over pages, rows keyed by several classifications:
// expectations read off the pages named, each against its printed figures.
async function city(rel: string) {
  return DocumentSchema.parse(await extractBytes(new Uint8Array(readFileSync(new URL(rel, cities))), { path: rel }));
}
const chongqing = '重庆/2026年重庆市委宣传部部门预算.pdf';

describe.skipIf(!existsSync(new URL(chongqing, cities)))('the 重庆 template', () => {
  it('reads the 收入总体情况表 over pages 9–10 (page number — 9 —), each figure under the header printed over it', async () => {
    const doc = await city(chongqing);
    const incomes = doc.tables.filter((t) => t.kind === 'income');
    expect(incomes).toHaveLength(1);
    const income = incomes[0]!;
    // 财政专户管理资金收入 (a column the standard keys lack) keeps a key of its own, and 事业收入 its figures
    expect(income.columns.map((c) => c.key)).toEqual(['total', 'general', 'fund', 'state_capital', 'special_account', 'business', 'superior_subsidy', 'subsidiary', 'operating', 'other']);
    expect(income.columns.find((c) => c.key === 'special_account')!.label).toBe('财政专户管理资金收入');
    const row = (code: string | null) => income.rows.find((r) => 'code' in r && r.code === code && (code !== null || r.name === '合计'))!;
    // page 9: 合计 45,369.18 | 37,891.58 | 4,066.60 | | | 2,898.00 | | | | 513.00
    expect(row(null).values).toMatchObject({ total: 453_691_800, general: 378_915_800, fund: 40_666_000, special_account: null, business: 28_980_000, superior_subsidy: null, other: 5_130_000 });
    // page 10, printed with no header: 20702 文物 15,384.15 | 12,068.20 | 2,802.96 | 513.00
    expect(row('20702')).toMatchObject({ name: '文物', location: { page: 10 }, values: { total: 153_841_500, general: 120_682_000, business: 28_029_600, other: 5_130_000 } });
    expect(doc.checks.filter((c) => c.status === 'fail' && c.table === 'income')).toEqual([]);
  });

  it('keeps the 收支总体情况表 income rows printed below the last expenditure row (八、 with no figure, 九、其他收入资金 513.00)', async () => {
    const doc = await city(chongqing);
    const summary = doc.tables.find((t) => t.kind === 'income_expenditure_summary')!;
    const income = summary.rows.filter((r) => 'side' in r && r.side === 'income');
    expect(income.slice(-2).map((r) => [r.name, r.values['amount'], r.location])).toEqual([
      ['八、事业单位经营收入资金', null, { page: 8, line: 13 }],
      ['九、其他收入资金', 5_130_000, { page: 8, line: 14 }],
    ]);
    expect(summary.rows.filter((r) => 'side' in r && r.side === 'expenditure')).toHaveLength(8);
  });
});

const shanghaiAudit = '上海/2026年上海市审计局_部门预算.pdf';

describe.skipIf(!existsSync(new URL(shanghaiAudit, cities)))('the 上海 budget summary', () => {
  it('reads the expenditure side under 预算数: 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出, and says the 收入总计 the document leaves blank', async () => {
    const doc = await city(shanghaiAudit);
    const summary = doc.tables.find((t) => t.kind === 'income_expenditure_summary')!;
    const row = (name: string) => summary.rows.find((r) => 'side' in r && r.side === 'expenditure' && r.name === name)?.values;
    // p7 line 8: 一、一般公共服务支出 134,339,860 | 93,654,340 | 20,825,520 | 19,860,000 (元)
    expect(row('一、一般公共服务支出')).toEqual({ amount: 134_339_860, personnel: 93_654_340, public: 20_825_520, project: 19_860_000 });
    expect(row('支出总计')).toEqual({ amount: 195_774_300, personnel: 153_268_740, public: 21_802_560, project: 20_703_000 });
    // line 15 prints 收入总计 with no figure: the document's own gap, failed, not a reading's
    expect(doc.checks.filter((c) => c.status === 'fail' && c.table === 'income_expenditure_summary').map((c) => [c.formula, c.actual, c.expected])).toEqual([['收入总计 = 支出总计', 0, 195_774_300]]);
    expect(doc.checks.filter((c) => c.rule === 'across-tables' && c.table === 'income_expenditure_summary' && c.status === 'pass').length).toBeGreaterThanOrEqual(4);
    // each expenditure row's 合计 = 人员经费 + 公用经费 + 项目支出, and a figure read one off breaks it
    const breakdown = (checks: typeof doc.checks) => checks.filter((c) => c.rule === 'columns' && c.table === 'income_expenditure_summary');
    expect(breakdown(doc.checks).map((c) => [c.location.line, c.status])).toEqual([[8, 'pass'], [9, 'pass'], [10, 'pass'], [11, 'pass'], [15, 'pass']]);
    const misread = structuredClone(doc);
    const first = misread.tables.find((t) => t.kind === 'income_expenditure_summary')!.rows.find((r) => r.name === '一、一般公共服务支出')!;
    first.values['public'] = 977_040; // 二、社会保障和就业支出's 公用经费, read a row off
    expect(breakdown(check(misread).checks).filter((c) => c.status === 'fail').map((c) => c.location.line)).toEqual([8]);
  });
});

const beijingUnit = '北京/政府办公厅_附件2：中共北京市委军民融合发展委员会办公室2026年度部门预算报表.pdf';

describe.skipIf(!existsSync(new URL(beijingUnit, cities)))('the 北京 report tables', () => {
  it('keep 预算01表 whole over pages 1–2 and find its unitemised 1,905 万元', async () => {
    const doc = await city(beijingUnit);
    const summaries = doc.tables.filter((t) => t.kind === 'income_expenditure_summary');
    expect(summaries).toHaveLength(1);
    const row = (side: string, name: string) => summaries[0]!.rows.find((r) => 'side' in r && r.side === side && r.name === name);
    // page 2 opens on 二十六、债务发行费用支出 (a name alone), then the totals
    expect(row('expenditure', '二十六、债务发行费用支出')).toMatchObject({ location: { page: 2 }, values: { amount: null } });
    expect(row('income', '本年收入合计')?.values).toEqual({ amount: 91_425_549.71 });
    expect(row('expenditure', '本年支出合计')?.values).toEqual({ amount: 91_513_096.68 });
    // the document's own inconsistency: its 类 lines add up to 7,246.309668 万元
    const failed = doc.checks.filter((c) => c.status === 'fail' && c.rule === 'summary-totals');
    expect(failed.map((c) => [c.formula, c.actual, c.expected])).toEqual([['本年支出合计 = Σ 28 lines [amount]', 91_513_096.68, 72_463_096.68]]);
  });

  it('key 预算03表 and 预算06表 rows by their function and economic codes', async () => {
    const doc = await city(beijingUnit);
    const exp = doc.tables.find((t) => t.kind === 'expenditure')!;
    // 2013601-行政运行 | 50101-工资奖金津补贴 | 30101-基本工资 | 151.992000 | 151.992000
    expect(exp.rows[0]).toMatchObject({ code: '2013601', level: 'subitem', governmentEconomicCode: '50101', economicCode: '30101', name: '行政运行 / 工资奖金津补贴 / 基本工资', values: { total: 1_519_920, basic: 1_519_920, project: null } });
    const basic = doc.tables.find((t) => t.kind === 'general_budget_basic_expenditure')!;
    expect(basic.rows[0]).toMatchObject({ code: '30101', level: 'item', governmentEconomicCode: '50101', values: { total: 1_519_920, personnel: 1_519_920, public: null } });
    // 预算05表: 基本支出 over 小计 | 人员经费 | 公用经费; its 合计 row prints 9,151.309668 | 2,074.253418 | … | 7,077.056250
    const gbe = doc.tables.find((t) => t.kind === 'general_budget_expenditure')!;
    expect(gbe.columns.map((c) => c.key)).toEqual(['total', 'basic', 'personnel', 'public', 'project', 'c6']);
    expect(gbe.rows.find((r) => r.name === '合计')?.values).toMatchObject({ total: 91_513_096.68, basic: 20_742_534.18, project: 70_770_562.5 });
  });
});

const guangzhouJustice = '广州/司法局_2026年部门预算.pdf';

describe.skipIf(!existsSync(new URL(guangzhouJustice, cities)))('the 广州 template, continued', () => {
  it('reads 表5 over pages 15–17 as one table, its codes in brackets and 其中：基本支出 under basic', async () => {
    const doc = await city(guangzhouJustice);
    const gbe = doc.tables.filter((t) => t.kind === 'general_budget_expenditure');
    expect(gbe).toHaveLength(1);
    expect(new Set(gbe[0]!.rows.map((r) => r.location.page))).toEqual(new Set([15, 16, 17]));
    // the header printed again on pages 16–17 (no title) is the same table, not a 国有资本经营预算支出表
    expect(doc.tables.filter((t) => t.kind === 'state_capital').map((t) => t.number)).toEqual(['表10']);
    const row = (code: string | null) => gbe[0]!.rows.find((r) => 'code' in r && r.code === code && (code !== null || r.name === '合计'))!;
    expect(row(null).values).toEqual({ total: 1_741_778_500, basic: 1_516_642_500, project: 225_136_000 });
    expect(row('201')).toMatchObject({ level: 'class', name: '一般公共服务支出', values: { total: 10_755_800, basic: 64_900, project: 10_690_900 } });
    // a name wrapped and centred under its row (机关事业单位职业年金缴费支 / 出) stays in its table
    const exp = doc.tables.find((t) => t.kind === 'expenditure')!;
    expect(exp.rows.find((r) => 'code' in r && r.code === '2080506')).toMatchObject({ name: '机关事业单位职业年金缴费支出', values: { total: 43_904_900, basic: 43_904_900 } });
    // 表12 部门预算项目支出及其他支出预算表: its columns are fund sources, not the expenditure table's
    expect(doc.tables.find((t) => t.number === '表12')?.kind).toBe('other');
    expect(doc.checks.filter((c) => c.status === 'fail' && (c.table === 'expenditure' || c.table === 'income') && c.rule === 'columns')).toEqual([]);
  });
});

const yantai = '烟台/2026年烟台市信访局部门预算.pdf';

describe.skipIf(!existsSync(new URL(yantai, cities)))('the 烟台 template', () => {
  it('reads 小 | 计 set wide over its figures, 人员支出 / 日常公用支出, and economic codes over 类 | 款 cells', async () => {
    const doc = await city(yantai);
    // page 13: 合计 | 1,717.85 | 1,192.85 | 1,088.89 | 103.96 | 525.00
    const gbe = doc.tables.find((t) => t.kind === 'general_budget_expenditure')!;
    expect(gbe.rows.find((r) => r.name === '合计')?.values).toEqual({ total: 17_178_500, basic: 11_928_500, personnel: 10_888_900, public: 1_039_600, project: 5_250_000 });
    // page 15: 301 | 01 | 基本工资 | 501 | 01 | 工资奖金津补贴 | 145.81 | 145.81
    const basic = doc.tables.filter((t) => t.kind === 'general_budget_basic_expenditure');
    expect(basic).toHaveLength(1);
    expect(basic[0]!.rows.find((r) => 'code' in r && r.code === '30101')).toMatchObject({ governmentEconomicCode: '50101', name: '基本工资 / 工资奖金津补贴', values: { total: 1_458_100, personnel: 1_458_100, public: null } });
    expect(doc.checks.filter((c) => c.status === 'fail' && c.table === 'general_budget_basic_expenditure')).toEqual([]);
  });
});

const guangzhouCivil = '广州/民政局_2026年部门预算.pdf';

describe.skipIf(!existsSync(new URL(guangzhouCivil, cities)))('the 广州 project table with a column of prose', () => {
  it('keeps 表12 whole though its 绩效目标 paragraphs run above, beside and below each row (page 27)', async () => {
    const doc = await city(guangzhouCivil);
    const t = doc.tables.find((x) => x.number === '表12')!;
    expect(t.kind).toBe('other');
    // (a row's text cells make its name: the paragraph beside its figures too)
    const row = (name: string) => t.rows.find((r) => r.name === name || r.name?.startsWith(`${name} `))?.values;
    // 合计 | 131,495.88 | 72,547.04 | 49,012.98 | 23,534.06 | 0.00 | 0.00 | 58,948.84
    expect(row('合计')).toMatchObject({ c1: 1_314_958_800, c2: 725_470_400, c3: 490_129_800, c4: 235_340_600, c5: 0, c6: 0, c7: 589_488_400 });
    // a row between paragraphs: 因公出国（境）经费 | 83.40 | 83.40 | 83.40 | 0.00 | 0.00 | 0.00 | 0.00
    expect(row('因公出国（境）经费')).toMatchObject({ c1: 834_000, c2: 834_000, c3: 834_000, c4: 0, c7: 0 });
    // the figure that touches its paragraph (0.00统视频会议…) is a figure of its own
    expect(row('机构运行经费')).toMatchObject({ c1: 560_000, c7: 0 });
  });
});

const yantaiHousing = '烟台/2026年烟台市住房和城乡建设局部门预算.pdf';
const xianEmergency = '西安/应急管理局_2026年部门预算.pdf';

describe.skipIf(!existsSync(new URL(yantaiHousing, cities)) || !existsSync(new URL(xianEmergency, cities)))('codes completed by where their parts stand', () => {
  it('烟台: a part in the 款 cell is a 款, in the 项 cell a 项, whatever the row above', async () => {
    const doc = await city(yantaiHousing);
    // (the rows a page break leaves without their 类 and 款 are the hierarchy failures left: pages 10, 14)
    expect(new Set(doc.checks.filter((c) => c.status === 'fail' && c.rule === 'hierarchy').map((c) => c.location?.page))).toEqual(new Set([10]));
    const codes = doc.tables.find((t) => t.kind === 'general_budget_expenditure')!.rows.flatMap((r) => ('code' in r && r.code ? [r.code] : []));
    // each 款 under its 类, each 项 under a 款 printed above it
    for (const c of codes.filter((x) => x.length === 5)) expect(codes).toContain(c.slice(0, 3));
    for (const c of codes.filter((x) => x.length === 7)) expect(codes).toContain(c.slice(0, 5));
  });

  it('烟台: 项目支出预算情况表 keeps its fund columns, its 小计 header is no row, no figure glued into a name (page 29)', async () => {
    const doc = await city(yantaiHousing);
    const t = doc.tables.find((x) => x.kind === 'project_expenditure')!;
    // 合计 | | 29,804.60 | 29,669.60 | 25,803.46 | 3,806.19 | 59.95 | | 135.00
    expect(t.rows[0]).toMatchObject({ name: '合计', values: { total: 298_046_000, c2: 296_696_000, c3: 258_034_600, c4: 38_061_900, c5: 599_500, c7: 1_350_000 } });
    expect(t.rows.some((r) => /\d[.,]\d/.test(r.name ?? ''))).toBe(false);
  });

  it('西安: a two-digit 款 where 项 codes are printed whole; a 7-digit economic code under its nearest printed class', async () => {
    const doc = await city(xianEmergency);
    const basic = doc.tables.filter((t) => t.kind === 'general_budget_basic_expenditure');
    // 99 | 其他社会保障和就业支出 | 1.83 under 208, then 2089901
    const fn = basic.find((t) => t.rows.some((r) => 'code' in r && r.code === '20899'))!;
    expect(fn.rows.find((r) => 'code' in r && r.code === '20899')).toMatchObject({ name: '其他社会保障和就业支出', values: { total: 18_300 } });
    expect(doc.checks.filter((c) => c.status === 'fail' && c.rule === 'hierarchy')).toEqual([]);
  });
});

const xianAudit = '西安/2026年西安市审计局部门预算.pdf';

describe.skipIf(!existsSync(new URL(xianAudit, cities)))('the 西安 三公 table printed once a period', () => {
  it('reads 上年 | 当年 | 增减变化情况 as a row each, the current one first, 三公 小计 as the total (page 35)', async () => {
    const doc = await city(xianAudit);
    const three = doc.tables.find((t) => t.kind === 'three_public')!;
    // 合计 | 332,000.00 | 102,000.00 | | 20,000.00 | 82,000.00 | | 82,000.00 | 20,000.00 | 210,000.00 (当年)
    expect(three.rows.slice(0, 3).map((r) => [r.name, r.values.total, r.values.reception, r.values.vehicle, r.values['meeting'], r.values['training'], r.values['c1']])).toEqual([
      ['合计当年', 102_000, 20_000, 82_000, 20_000, 210_000, 332_000],
      ['合计上年', 120_000, 20_000, 100_000, 20_000, 386_000, 526_000],
      ['合计增减变化情况', -18_000, null, -18_000, null, -176_000, -194_000],
    ]);
    // the text's 三公 budget, 10.20 万元, is this year's; its 公务用车运行维护费 8.20 万元 finds the cell
    // this reading leaves blank (the truth has 82,000.00 there): the check says so
    expect(doc.checks.filter((c) => c.rule === 'narrative-figures' && c.table === 'three_public' && c.status !== 'skipped').map((c) => c.status)).toEqual(['pass', 'pass', 'fail', 'pass']);
  });
});

const yantaiCivil = '烟台/2026年烟台市民政局部门预算.pdf';

describe.skipIf(!existsSync(new URL(yantaiCivil, cities)))('the 烟台 三公 table: 2025年预算数 | 2026年预算数 side by side, the header half a column off its figures', () => {
  it('reads a row a year, this year first, each name over the figures beside it (page 20)', async () => {
    const doc = await city(yantaiCivil);
    const three = doc.tables.find((t) => t.kind === 'three_public')!;
    // 27.32 | 5.00 | 11.78 | 11.78 | 10.54 (2025) | 24.62 | 5.00 | 10.08 | 10.08 | 9.54 (2026), 购置 blank
    expect(three.rows.map((r) => [r.name, r.values.total, r.values.overseas, r.values.vehicle, r.values.vehicle_purchase, r.values.vehicle_operation, r.values.reception])).toEqual([
      ['2026年预算数', 246_200, 50_000, 100_800, null, 100_800, 95_400],
      ['2025年预算数', 273_200, 50_000, 117_800, null, 117_800, 105_400],
    ]);
    // so the text's 2026 figures (page 30: “三公”经费预算共 24.62 万元 …) agree with it
    expect(doc.checks.filter((c) => c.rule === 'narrative-figures' && c.table === 'three_public').map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });
});

const jiangsuProcuratorate = '江苏/2017年省检察院部门预算.pdf';

describe.skipIf(!existsSync(new URL(jiangsuProcuratorate, cities)))('江苏 省检察院 2017: the text’s own defects (its defects.json)', () => {
  it('reports 基本支出 12323.46 against 12323.48, the 三公 share of 公务接待费, and 增长 129.97%', async () => {
    const doc = await city(jiangsuProcuratorate);
    const failed = doc.checks.filter((c) => c.status === 'fail' && c.rule.startsWith('narrative'));
    expect(failed.map((c) => [c.location.page, c.location.line, c.actual])).toEqual([
      [22, 6, 129.97],
      [22, 17, 26.72],
      [19, 23, 123_234_800],
    ]);
  });
});
