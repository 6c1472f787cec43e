import type { Table } from '../../schema/index.js';
import { defineRule, type RuleContext } from '../rule.js';
import { describe, isGrandTotal, keysOf, labelOf, rowsOf, term, type AnyRow } from '../rows.js';

const CODE_TABLES = ['income', 'expenditure', 'general_budget_expenditure', 'government_fund', 'state_capital', 'general_budget_basic_expenditure'] as const;

export default defineRule({
  id: 'hierarchy',
  family: 'hierarchy',
  description: 'In code tables each 类 = Σ its 款, each 款 = Σ its 项, and 合计 = Σ 类 (or Σ the rows, where all are of one level), in every column.',
  tables: CODE_TABLES,
  run(ctx) {
    for (const kind of CODE_TABLES)
      for (const table of ctx.tables(kind)) {
        const rows = rowsOf(table);
        // children by their parent's code (20101 → 201, 2010101 → 20101), in one pass
        const byParent = new Map<string, AnyRow[]>();
        const printed = new Map<string, number>();
        for (const r of rows) if (r.code) printed.set(r.code, (printed.get(r.code) ?? 0) + 1);
        // (to the nearest ancestor printed: 3010201 规范性津补贴 under 301 where no 30102 row is)
        const ancestor = (code: string) => {
          let up = parentCode(code);
          while (up !== null && !printed.has(up)) up = parentCode(up);
          return up;
        };
        for (const r of rows) {
          if (!r.code) continue;
          const up = ancestor(r.code);
          if (up === null) continue;
          const list = byParent.get(up);
          if (list) list.push(r);
          else byParent.set(up, [r]);
        }
        rows.forEach((parent, p) => {
          if (!parent.code || (parent.code.length !== 3 && parent.code.length !== 5)) return;
          let children = byParent.get(parent.code) ?? [];
          // a code printed twice (a table printed again): each sums the rows under it, up to the next
          // row of its level or above
          if ((printed.get(parent.code) ?? 0) > 1) {
            children = [];
            for (let k = p + 1; k < rows.length; k++) {
              const r = rows[k]!;
              if (r.code && r.code.length <= parent.code.length) break;
              if (r.code && ancestor(r.code) === parent.code) children.push(r);
            }
          }
          if (children.length > 0) sum(ctx, table, parent, children);
        });
        const classes = rows.filter((r) => r.code && r.code.length === 3);
        const grand = rows.find(isGrandTotal);
        if (grand && classes.length > 0) sum(ctx, table, grand, classes);
        // rows of one level only, no 类 above them (北京 prints its 项 alone, a row per 项 and economic
        // class): 合计 = Σ the rows
        const others = rows.filter((r) => r !== grand);
        const lengths = new Set(others.map((r) => r.code?.length ?? 0));
        if (grand && classes.length === 0 && others.length > 0 && lengths.size === 1 && !lengths.has(0)) sum(ctx, table, grand, others);
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

/** The code a 款 or 项 code sums into (20101 → 201, 2010101 → 20101); null for a 类 or anything else. */
function parentCode(code: string): string | null {
  return code.length === 5 || code.length === 7 ? code.slice(0, -2) : null;
}
