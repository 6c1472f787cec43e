import { EXTRA_PARTS, SUMMARY_BREAKDOWN } from '../../parsers/extra-columns.js';
import { COLUMN_KEYS, type Table, type TableKind } from '../../schema/index.js';
import { defineRule, type RuleContext } from '../rule.js';
import { describe, keysOf, labelOf, rowsOf, term } from '../rows.js';

/** total = the other columns of the row, per table kind; `fiscal` is itself general + fund + state_capital. */
const PARTS: Partial<Record<TableKind, (keys: string[]) => { total: string; parts: string[]; minus?: string[] }[]>> = {
  income: (keys) => {
    const fiscalSplit = ['general', 'fund', 'state_capital'].filter((k) => keys.includes(k));
    const rules = [];
    if (keys.includes('fiscal') && fiscalSplit.length > 0) rules.push({ total: 'fiscal', parts: fiscalSplit });
    const parts = keys.filter((k) => k !== 'total' && !(keys.includes('fiscal') && fiscalSplit.includes(k)));
    rules.push({ total: 'total', parts });
    return rules;
  },
  expenditure: (keys) => [{ total: 'total', parts: keys.filter((k) => k !== 'total') }],
  general_budget_expenditure: () => [{ total: 'total', parts: ['basic', 'project'] }],
  state_capital: () => [{ total: 'total', parts: ['basic', 'project'] }],
  government_fund: (keys) => [
    { total: 'total', parts: ['basic', 'project'] },
    ...(keys.includes('closing') ? [{ total: 'closing', parts: ['opening', 'income'], minus: ['total'] }] : []),
  ],
  general_budget_basic_expenditure: (keys) => (keys.includes('personnel') ? [{ total: 'total', parts: ['personnel', 'public'] }] : []),
  fiscal_summary: (keys) =>
    keys.includes('total') ? [{ total: 'total', parts: ['general', 'fund', 'state_capital'].filter((k) => keys.includes(k)) }] : [],
  // a side's amount broken down as printed (上海: 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出)
  income_expenditure_summary: (keys) => breakdown(keys, 'amount'),
};

/** 合计 = 基本支出 + 项目支出 and 基本支出 = 人员经费 + 公用经费, or 合计 = all three where 基本支出 is not printed. */
function breakdown(keys: string[], total: string): { total: string; parts: string[] }[] {
  const has = (k: string) => keys.includes(k);
  if (!has('project') && !has('personnel') && !has('basic')) return [];
  const out: { total: string; parts: string[] }[] = [];
  if (has('basic')) {
    out.push({ total, parts: ['basic', 'project'].filter(has) });
    if (has('personnel') || has('public')) out.push({ total: 'basic', parts: ['personnel', 'public'].filter(has) });
  } else out.push({ total, parts: ['personnel', 'public', 'project'].filter(has) });
  return out;
}



export default defineRule({
  id: 'columns',
  family: 'columns',
  description: 'In every row the total column = the sum of its parts (income sources, basic + project, fund balance).',
  tables: Object.keys(PARTS) as TableKind[],
  run(ctx) {
    for (const table of ctx.doc.tables) {
      if (table.kind === 'other') continue;
      const spec = PARTS[table.kind];
      if (!spec) continue;
      // (a column of no standard key is in no identity, unless it is known to be a part: 财政专户)
      const own: readonly string[] = COLUMN_KEYS[table.kind];
      const summary = table.kind === 'income_expenditure_summary';
      const keys = keysOf(table).filter((k) => own.includes(k) || EXTRA_PARTS.has(k) || (summary && SUMMARY_BREAKDOWN.has(k)));
      for (const { total, parts, minus = [] } of spec(keys)) {
        if (!keys.includes(total) || parts.length === 0) continue;
        for (const row of rowsOf(table)) {
          if (!(total in row.values)) continue;
          // (a summary's other side prints no breakdown: its rows are in no such identity)
          if (summary && !parts.some((p) => p in row.values)) continue;
          check(ctx, table, row, total, parts, minus);
        }
      }
    }
  },
});

function check(ctx: RuleContext, table: Table, row: ReturnType<typeof rowsOf>[number], total: string, parts: string[], minus: string[]): void {
  const label = (k: string) => labelOf(table, k);
  ctx.identity({
    table,
    formula: `${describe(row)}: ${label(total)} = ${parts.map(label).join(' + ')}${minus.map((m) => ` − ${label(m)}`).join('')}`,
    total: term(row, total),
    terms: [...parts.map((p) => term(row, p)), ...minus.map((m) => term(row, m, -1))],
  });
}
