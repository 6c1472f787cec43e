import type { Table } from '../../schema/index.js';
import { defineRule, type RuleContext } from '../rule.js';
import { describe, isGrandTotal, keysOf, labelOf, rowsOf, term, type AnyRow } from '../rows.js';

const CODE_TABLES = ['income', 'expenditure', 'general_budget_expenditure', 'government_fund', 'state_capital', 'general_budget_basic_expenditure'] as const;

export default defineRule({
  id: 'hierarchy',
  family: 'hierarchy',
  description: 'In code tables each 类 = Σ its 款, each 款 = Σ its 项, and 合计 = Σ 类, in every column.',
  tables: CODE_TABLES,
  run(ctx) {
    for (const kind of CODE_TABLES)
      for (const table of ctx.tables(kind)) {
        const rows = rowsOf(table);
        for (const parent of rows) {
          if (!parent.code) continue;
          const len = parent.code.length === 3 ? 5 : parent.code.length === 5 ? 7 : 0;
          const children = rows.filter((r) => r.code && r.code.length === len && r.code.startsWith(parent.code ?? ''));
          if (children.length > 0) sum(ctx, table, parent, children);
        }
        const classes = rows.filter((r) => r.code && r.code.length === 3);
        const grand = rows.find(isGrandTotal);
        if (grand && classes.length > 0) sum(ctx, table, grand, classes);
        // final accounts 表6: 人员经费合计 / 公用经费合计 = Σ the classes of their block
        for (const sub of rows.filter((r) => !r.code && /^(人员经费|公用经费)(合计|小计)$/.test(r.name ?? ''))) {
          const members = classes.filter((r) => r.group === sub.group);
          if (members.length > 0) sum(ctx, table, sub, members);
        }
      }
  },
});

function sum(ctx: RuleContext, table: Table, total: AnyRow, parts: AnyRow[]): void {
  for (const key of keysOf(table)) {
    ctx.identity({
      table,
      formula: `${describe(total)} = ${parts.map((p) => p.code ?? p.name).join(' + ')} [${labelOf(table, key)}]`,
      total: term(total, key),
      terms: parts.map((p) => term(p, key)),
    });
  }
}
