import type { EXTRA_COLUMN_KEYS } from '../schema/columns.js';

/**
 * Keys for the columns a regional template prints beyond a kind's standard ones (SPEC §2: "columns
 * it prints beyond the keys above get keys of their own, snake_case of the meaning, never dropped").
 * A header of no meaning known here is keyed by its place among the table's value columns (c7).
 */
const EXTRA_COLUMNS: readonly { key: (typeof EXTRA_COLUMN_KEYS)[number]; match: RegExp; part?: true }[] = [
  // sources of income the total adds up (财政专户管理资金收入; 广州 splits it: 教育收费 | 其他专户收入拨款)
  { key: 'education_fees', match: /^(财政专户(拨款|管理资金)?(收入)?)?教育收费/, part: true },
  { key: 'special_account', match: /财政专户|专户收入/, part: true },
  // (西安: 上年实户资金余额, a source of the year's income beside 上年结转)
  { key: 'account_balance', match: /实户资金余额/, part: true },
  { key: 'meeting', match: /会议费/ },
  { key: 'training', match: /培训费/ },
  { key: 'administrative', match: /行政经费/ },
  // (basic expenditure's parts, where a table splits its 基本支出 column: 北京 预算05表; and a
  // summary's expenditure side split into 基本支出 | 项目支出: 上海)
  { key: 'personnel', match: /人员(经费|支出)+$/ },
  { key: 'public', match: /公用(经费|支出)+$/ },
  { key: 'basic', match: /基本支出(小计|合计)?$/ },
  { key: 'project', match: /项目支出(小计|合计)?$/ },
  { key: 'fiscal', match: /^财政拨款(收入)?$/ },
  { key: 'other', match: /^其他(收入|支出)?$/ },
  { key: 'carryover', match: /上年结(转|余)/ },
];

export function extraKey(label: string, taken: ReadonlySet<string>, ordinal: number): string {
  const known = EXTRA_COLUMNS.find((c) => c.match.test(label) && !taken.has(c.key));
  if (known) return known.key;
  let key = `c${ordinal}`;
  for (let n = 2; taken.has(key); n++) key = `c${ordinal}_${n}`;
  return key;
}

/** A summary side's amount broken down as printed (上海: 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出): no other meaning, and in the columns identity. */
export const SUMMARY_BREAKDOWN: ReadonlySet<string> = new Set(['basic', 'personnel', 'public', 'project']);

/** The extra keys that are parts of a table's total (a source of income), for the columns identity. */
export const EXTRA_PARTS: ReadonlySet<string> = new Set(EXTRA_COLUMNS.filter((c) => c.part).map((c) => c.key));
