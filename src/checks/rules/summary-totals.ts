import { normLabel } from '../../parsers/cells.js';
import type { Table } from '../../schema/index.js';
import { defineRule, type RuleContext } from '../rule.js';
import { describe, rowsOf, term, type AnyRow } from '../rows.js';

const SUBTOTAL = /^本年(收入|支出)合计$/;
const GRAND = /总计$/;
/** a carry-over's fund types, numbered or not (一、一般公共预算财政拨款 under 年初财政拨款结转和结余) */
const FUND_TYPE = /^([一二三四五六七八九十]+[、.．]|\d+[.、．])?(一般公共预算|政府性基金预算|国有资本经营预算)(财政拨款)?$/;
/** 一、 二、 …: the top level of a side's items, where the items print their level */
const TOP = /^[一二三四五六七八九十]+[、.．]/;
/** 1. 2. or (1): a part of the line above it */
const PART = /^(\d+[.、．]|[(（]\d+[)）])/;

/**
 * The items 本年合计 adds: every line above it, unless the side prints levels — then only its top
 * level (一、财政拨款 above 1.一般公共预算拨款, 一、一般公共服务支出 above the 款 and 项 under it, as
 * 深圳 prints them), or only its 类 when it prints codes of several levels; lines numbered 1. 2.
 * under an unnumbered line (财政拨款 / 1.一般公共预算拨款) are its parts, not items.
 */
function items(list: AnyRow[]): AnyRow[] {
  const top = list.filter((r) => TOP.test(normLabel(r.name ?? '')));
  if (top.length > 0 && top.length < list.length) return top;
  const first = list.findIndex((r) => !PART.test(normLabel(r.name ?? '')));
  if (first >= 0 && list.slice(first + 1).some((r) => PART.test(normLabel(r.name ?? '')))) list = list.filter((r, i) => i <= first || !PART.test(normLabel(r.name ?? '')));
  const codes = list.map((r) => r.code ?? '');
  if (codes.some((c) => c.length === 3) && codes.some((c) => c.length > 3)) return list.filter((r) => (r.code ?? '').length === 3);
  return list;
}

export default defineRule({
  id: 'summary-totals',
  family: 'summary',
  description:
    'Summary tables: 本年合计 = Σ items, 总计 = 本年合计 + carry-overs, a carry-over = Σ its fund types, and income 总计 = expenditure 总计 — printed note or not.',
  tables: ['income_expenditure_summary', 'fiscal_summary'],
  run(ctx) {
    for (const table of [...ctx.tables('income_expenditure_summary'), ...ctx.tables('fiscal_summary')]) {
      const rows = rowsOf(table);
      const sides = [...new Set(rows.map((r) => r.side))];
      const grands: Record<string, AnyRow | undefined> = {};
      for (const side of sides) {
        const list = rows.filter((r) => r.side === side);
        const sub = list.findIndex((r) => SUBTOTAL.test(normLabel(r.name ?? '')));
        const grandAt = list.findIndex((r) => GRAND.test(normLabel(r.name ?? '')));
        grands[side ?? ''] = list[grandAt];
        if (sub < 0) continue;
        const subtotal = list[sub]!;
        sum(ctx, table, subtotal, items(list.slice(0, sub)));
        if (grandAt > sub) {
          // after 本年合计: carry-overs, each perhaps broken down by fund type on the lines under it
          const carry: AnyRow[] = [];
          const between = list.slice(sub + 1, grandAt);
          for (let i = 0; i < between.length; i++) {
            const r = between[i]!;
            const parts: AnyRow[] = [];
            const partOf = (next: AnyRow | undefined) => FUND_TYPE.test(normLabel(next?.name ?? '')) || (!PART.test(normLabel(r.name ?? '')) && PART.test(normLabel(next?.name ?? '')));
            while (i + 1 < between.length && partOf(between[i + 1])) parts.push(between[++i]!);
            carry.push(r);
            if (parts.length > 0) sum(ctx, table, r, parts);
          }
          sum(ctx, table, list[grandAt]!, [subtotal, ...carry]);
        }
      }
      const income = grands['income'];
      const expenditure = grands['expenditure'];
      if (income && expenditure) {
        const expKeys = Object.keys(expenditure.values);
        const parts = expKeys.includes('total') || expKeys.includes('amount') ? [expKeys.includes('total') ? 'total' : 'amount'] : expKeys;
        ctx.identity({
          table,
          formula: `${describe(income)} = ${describe(expenditure)}`,
          total: term(income, 'amount'),
          terms: parts.map((k) => term(expenditure, k)),
        });
      }
    }
  },
});

function sum(ctx: RuleContext, table: Table, total: AnyRow, parts: AnyRow[]): void {
  for (const key of Object.keys(total.values)) {
    ctx.identity({
      table,
      formula: `${describe(total)} = ${parts.length > 6 ? `Σ ${parts.length} lines` : parts.map(describe).join(' + ')} [${key}]`,
      total: term(total, key),
      terms: parts.map((p) => term(p, key) ?? { value: null, location: p.location }),
    });
  }
}
