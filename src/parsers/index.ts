import type { TableKind } from '../schema/index.js';
import { parseBasicExpenditure } from './basic-expenditure.js';
import { parseCodeTable } from './code-table.js';
import type { Block, ParseContext, ParsedTable } from './context.js';
import type { ColumnPattern } from './grid.js';
import { parseSummary, type SideSpec } from './summary.js';
import { parseThreePublic, type Stage } from './three-public.js';

export interface ParserContext extends ParseContext {
  defaultStage: Stage;
}

export interface Parser {
  kind: TableKind;
  /** titles, tried in registry order (most specific kinds first) */
  titles: readonly RegExp[];
  /** header words that recognise the table when its title was lost: all must appear, none of `none` */
  headers: { all: readonly string[]; any?: readonly string[]; none?: readonly string[] };
  parse(block: Block, ctx: ParserContext): ParsedTable<unknown>;
}

// (a year may come first: 2026年预算数, as 深圳 prints it; 广州 prints 预算 alone)
const AMOUNT = /^(\d{4}年度?)?(本年|年初)?(决算|预算)(数|金额)?$|^金额$/;

const INCOME_COLUMNS: readonly ColumnPattern[] = [
  { key: 'total', match: /^(本年)?收入合计$|^合计$|^总计$|^小计$|^收入总计$/ },
  { key: 'fiscal', match: /^财政拨款(收入)?$/ },
  { key: 'general', match: /一般公共预算/ },
  { key: 'fund', match: /政府性基金/ },
  { key: 'state_capital', match: /国有资本经营/ },
  { key: 'superior_subsidy', match: /上(级|年)补助/ },
  { key: 'business', match: /^事业收入$/ },
  { key: 'operating', match: /经营收入/ },
  { key: 'subsidiary', match: /附属单位上缴/ },
  { key: 'other', match: /^其他收入$/ },
  { key: 'fund_offset', match: /事业基金/ },
  { key: 'carryover', match: /上年结(转|余)/ },
];

const EXPENDITURE_COLUMNS: readonly ColumnPattern[] = [
  { key: 'total', match: /合计|^(支出)?总计$|^小计$/ },
  { key: 'basic', match: /^基本支出$/ },
  { key: 'project', match: /^项目支出$|^专项业务经费支出$/ },
  { key: 'remit', match: /上缴上级/ },
  { key: 'operating', match: /经营支出/ },
  { key: 'subsidiary', match: /对附属单位补助/ },
  { key: 'carry_forward', match: /结转下年/ },
];

const BUDGET_SPLIT_COLUMNS: readonly ColumnPattern[] = [
  // (江苏 2017: one column, 金额)
  { key: 'total', match: /合计|^(支出)?总计$|^小计$|^本年支出$|^本年支出合计$|^金额$/ },
  { key: 'basic', match: /^基本支出$/ },
  // (北京: 项目支出 over 项目支出总数 | 扣除基建项目后预算数)
  { key: 'project', match: /^项目支出(总数)?$|^专项业务经费支出$/ },
];

const FUND_COLUMNS: readonly ColumnPattern[] = [
  { key: 'opening', match: /年初结转/ },
  { key: 'income', match: /^本年收入/ },
  { key: 'total', match: /^小计$|^合计$|^(支出)?总计$|^本年支出$|^本年支出合计$/ },
  { key: 'basic', match: /^基本支出$/ },
  { key: 'project', match: /^项目支出$/ },
  { key: 'closing', match: /年末结转/ },
];

const SUMMARY_SIDES: readonly SideSpec[] = [
  { side: 'income', patterns: [{ key: 'amount', match: AMOUNT }] },
  { side: 'expenditure', patterns: [{ key: 'amount', match: AMOUNT }] },
  { side: 'expenditure_economic', patterns: [{ key: 'amount', match: AMOUNT }] },
  { side: 'expenditure_government_economic', patterns: [{ key: 'amount', match: AMOUNT }] },
];

const FISCAL_EXPENDITURE: readonly ColumnPattern[] = [
  { key: 'total', match: /^(小计|合计|总计)$/ },
  { key: 'general', match: /一般公共预算/ },
  { key: 'fund', match: /政府性基金/ },
  { key: 'state_capital', match: /国有资本/ },
  { key: 'total', match: AMOUNT },
];

const FISCAL_SIDES: readonly SideSpec[] = [
  { side: 'income', patterns: [{ key: 'amount', match: AMOUNT }] },
  { side: 'expenditure', patterns: FISCAL_EXPENDITURE },
  { side: 'expenditure_economic', patterns: FISCAL_EXPENDITURE },
  { side: 'expenditure_government_economic', patterns: FISCAL_EXPENDITURE },
];

export const parsers = {
  fiscal_summary: {
    kind: 'fiscal_summary',
    titles: [/财政拨款收入?支出?(决算|预算)?总表/, /财政拨款收支(预算)?总(体情况)?表/],
    headers: { all: ['收', '支', '一般公共预算', '政府性基金'], any: ['行次', '项目'], none: ['科目编码', '功能分类'] },
    parse: (b, ctx) => parseSummary(b, ctx, FISCAL_SIDES),
  },
  government_fund: {
    kind: 'government_fund',
    // (江苏 2017: 政府性基金支出预算表)
    titles: [/政府性基金(预算)?(财政拨款)?(收入支出|收支|支出)(功能分类)?(决算|预算)?(情况)?表/],
    headers: { all: ['年初结转', '本年收入', '年末结转'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, FUND_COLUMNS),
  },
  state_capital: {
    kind: 'state_capital',
    titles: [/国有资本经营预算(财政拨款)?(收入)?支出(功能分类)?(决算|预算)?(情况)?表/],
    headers: { all: ['科目', '基本支出', '项目支出'], none: ['上缴上级', '经营支出', '年初结转', '附属单位', '人员经费'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, BUDGET_SPLIT_COLUMNS),
  },
  three_public: {
    kind: 'three_public',
    titles: [/三公.{0,3}经费.{0,16}表/],
    headers: { all: ['因公出国', '公务接待'] },
    parse: (b, ctx) => parseThreePublic(b, ctx),
  },
  general_budget_basic_expenditure: {
    kind: 'general_budget_basic_expenditure',
    titles: [/一般公共预算(财政拨款)?基本支出((部门预算)?经济分类)?(决算|预算)?(明细|情况)?表/],
    headers: { all: ['经济分类'], any: ['人员经费', '公用经费'] },
    parse: (b, ctx) => parseBasicExpenditure(b, ctx),
  },
  general_budget_expenditure: {
    kind: 'general_budget_expenditure',
    // (西安: 一般公共预算支出明细表（按支出功能分类科目）; its 按支出经济分类科目 twin is another table)
    titles: [/一般公共预算(财政拨款)?支出(功能分类)?(决算|预算)?(明细|情况)?表(?!.*经济分类)/],
    headers: { all: ['科目', '基本支出', '项目支出'], none: ['上缴上级', '经营支出', '年初结转', '附属单位', '人员经费'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, BUDGET_SPLIT_COLUMNS),
  },
  project_expenditure: {
    kind: 'project_expenditure',
    titles: [/项目支出(预算)?(情况)?表/],
    headers: { all: ['项目名称', '金额'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, [{ key: 'total', match: /合计|金额|预算数|^预算$/ }]),
  },
  income_expenditure_summary: {
    kind: 'income_expenditure_summary',
    titles: [/收入支出决算总表/, /收支(预算)?总表/, /收支总体情况表/],
    headers: { all: ['收入', '支出', '项目'], any: ['行次', '决算数', '预算数', '金额'], none: ['科目编码', '功能分类', '政府性基金预'] },
    parse: (b, ctx) => parseSummary(b, ctx, SUMMARY_SIDES),
  },
  income: {
    kind: 'income',
    // (深圳 titles them 收入总表 / 支出总表 alone, under a 表2 line)
    titles: [/收入(决算|预算)总?表/, /收入总体情况表/, /收入总表$/],
    headers: { all: ['科目', '财政拨款'], any: ['上级补助', '事业收入', '其他收入'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, INCOME_COLUMNS),
  },
  expenditure: {
    kind: 'expenditure',
    // (not 基本支出预算表 or 项目支出预算表: a part of the expenditure, by fund source or by project)
    // (not 基本支出预算表, 项目支出预算表, 政府采购支出预算表, 机关运行经费支出预算表: a part of the
    // expenditure, by fund source, project or purpose)
    titles: [/(?<!基本|项目|采购|经费|基金)支出(决算|预算)总?表/, /支出总体情况表/, /(?<!基本|项目|采购|经费|基金)支出总表$/],
    headers: { all: ['科目', '基本支出', '项目支出'], any: ['上缴上级', '经营支出', '对附属单位', '结转下年'] },
    parse: (b, ctx) => parseCodeTable(b, ctx, EXPENDITURE_COLUMNS),
  },
} as const satisfies Record<TableKind, Parser>;

/** Registry order: the most specific titles first (财政拨款收入支出决算总表 before 收入支出决算总表). */
export const parserList: readonly Parser[] = Object.values(parsers);

export const PERFORMANCE_TITLE = /绩效(自评|目标|评价)|自评表|评分表|项目申报表/;
