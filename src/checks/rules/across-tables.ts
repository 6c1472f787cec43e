import { normLabel } from '../../parsers/cells.js';
import type { Table } from '../../schema/index.js';
import { defineRule, type RuleContext, type Term } from '../rule.js';
import { bareName, rowsOf, term, totalRow, type AnyRow } from '../rows.js';

const SUBTOTAL = (side: 'income' | 'expenditure') => (r: AnyRow) =>
  r.side === side && new RegExp(`^本年${side === 'income' ? '收入' : '支出'}合计$`).test(normLabel(r.name ?? ''));

function ref(table: Table): string {
  return table.number ?? table.kind;
}

/** A function class row of a summary, found in a code table by its code, else by its name. */
function classRow(table: Table, row: AnyRow): AnyRow | undefined {
  const classes = rowsOf(table).filter((r) => r.code?.length === 3);
  if (row.code) return classes.find((r) => r.code === row.code);
  return classes.find((r) => bareName(r.name) === bareName(row.name));
}

function same(ctx: RuleContext, left: Table, a: AnyRow | undefined, ak: string, _right: Table, b: Term | (Term | undefined)[] | undefined, formula: string): void {
  ctx.identity({
    table: left,
    formula,
    total: term(a, ak),
    terms: Array.isArray(b) ? b : [b],
  });
}

export default defineRule({
  id: 'across-tables',
  family: 'across',
  description:
    'The same figure agrees across tables: summary totals and classes with the income and expenditure tables, the fiscal summary with the general budget, fund and state capital tables, basic expenditure with its detail.',
  tables: ['income_expenditure_summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget_expenditure', 'general_budget_basic_expenditure', 'government_fund', 'state_capital'],
  run(ctx) {
    const [summary] = ctx.tables('income_expenditure_summary');
    const [income] = ctx.tables('income');
    const [expenditure] = ctx.tables('expenditure');
    const [fiscal] = ctx.tables('fiscal_summary');
    const [general] = ctx.tables('general_budget_expenditure');
    const [basic] = ctx.tables('general_budget_basic_expenditure');
    const [fund] = ctx.tables('government_fund');
    const [capital] = ctx.tables('state_capital');

    if (summary && income && !income.empty) {
      const a = rowsOf(summary).find(SUBTOTAL('income'));
      same(ctx, summary, a, 'amount', income, term(totalRow(income), 'total'), `${ref(summary)} 本年收入合计 = ${ref(income)} 合计`);
    }
    if (summary && expenditure && !expenditure.empty) {
      const a = rowsOf(summary).find(SUBTOTAL('expenditure'));
      same(ctx, summary, a, 'amount', expenditure, term(totalRow(expenditure), 'total'), `${ref(summary)} 本年支出合计 = ${ref(expenditure)} 合计`);
      for (const r of rowsOf(summary).filter((x) => x.side === 'expenditure' && x.values['amount'] !== null && !/合计|总计|结转|结余/.test(x.name ?? ''))) {
        const b = classRow(expenditure, r);
        same(ctx, summary, r, 'amount', expenditure, b ? term(b, 'total') : undefined, `${ref(summary)} ${r.name} = ${ref(expenditure)} ${b?.code ?? '?'} ${b?.name ?? ''}`.trim());
      }
    }
    if (fiscal && general && !general.empty) {
      const fiscalKey = rowsOf(fiscal).some((r) => 'general' in r.values) ? 'general' : 'total';
      const a = rowsOf(fiscal).find(SUBTOTAL('expenditure'));
      same(ctx, fiscal, a, fiscalKey, general, term(totalRow(general), 'total'), `${ref(fiscal)} 本年支出合计 一般公共预算 = ${ref(general)} 合计`);
      for (const r of rowsOf(fiscal).filter((x) => x.side === 'expenditure' && (x.values[fiscalKey] ?? null) !== null && !/合计|总计|结转|结余/.test(x.name ?? ''))) {
        const b = classRow(general, r);
        same(ctx, fiscal, r, fiscalKey, general, b ? term(b, 'total') : undefined, `${ref(fiscal)} ${r.name} 一般公共预算 = ${ref(general)} ${b?.code ?? '?'} ${b?.name ?? ''}`.trim());
      }
    }
    if (general && basic && !general.empty && !basic.empty) {
      const g = totalRow(general);
      const personnel = rowsOf(basic).find((r) => /^人员经费(合计|小计)$/.test(r.name ?? ''));
      const pub = rowsOf(basic).find((r) => /^公用经费(合计|小计)$/.test(r.name ?? ''));
      const parts = personnel || pub ? [term(personnel, 'total'), term(pub, 'total')] : [term(totalRow(basic), 'total')];
      same(ctx, general, g, 'basic', basic, parts, `${ref(general)} 合计 基本支出 = ${ref(basic)} ${personnel || pub ? '人员经费合计 + 公用经费合计' : '合计'}`);
    }
    for (const [table, key] of [
      [fund, 'fund'],
      [capital, 'state_capital'],
    ] as const) {
      if (!fiscal || !table) continue;
      const a = rowsOf(fiscal).find(SUBTOTAL('expenditure'));
      if (!a || !(key in a.values)) continue;
      const t = totalRow(table);
      same(ctx, fiscal, a, key, table, t ? term(t, 'total') : { value: null, location: table.location }, `${ref(fiscal)} 本年支出合计 ${key} = ${ref(table)} 合计`);
    }
  },
});
