import type { Table } from '../../schema/index.js';
import { parseNotes } from '../notes.js';
import { defineRule, type IdentityInput } from '../rule.js';
import { keysOf, rowsOf, term, type AnyRow } from '../rows.js';

const SUMMARY = new Set(['income_expenditure_summary', 'fiscal_summary']);

export default defineRule({
  id: 'note-identity',
  family: 'note',
  description: 'The identity formulas printed under a table (27行 = (1+2+…+8)行, 1栏各行=(2+3)栏各行) hold.',
  tables: ['income_expenditure_summary', 'fiscal_summary', 'income', 'expenditure', 'general_budget_expenditure', 'government_fund', 'state_capital'],
  run(ctx) {
    for (const table of ctx.doc.tables) {
      // a table of no standard kind has no numbered columns for a note's 栏 to name
      if (table.kind === 'other') continue;
      for (const f of parseNotes(table.notes)) {
        if ('problem' in f) {
          ctx.report({
            severity: 'warning',
            code: f.problem === 'self-reference' ? 'note-self-reference' : 'note-unparseable',
            message:
              f.problem === 'self-reference'
                ? `The printed formula "${f.text}" adds a line to itself; it is not checked as printed, the table's built-in identities still are.`
                : `The printed formula "${f.text}" could not be read; the table's built-in identities are still checked.`,
            location: table.location,
            table: table.kind,
            details: { note: f.text },
          });
          continue;
        }
        if (f.axis === 'line') checkLines(table, f.text, f.target, f.terms, ctx.identity);
        else checkColumns(table, f.text, f.target, f.terms, ctx.identity);
      }
    }
  },
});

type Identity = (input: IdentityInput) => unknown;

function checkLines(
  table: Table,
  formula: string,
  target: number,
  terms: { n: number; sign: 1 | -1 }[],
  identity: Identity,
): void {
  if (!SUMMARY.has(table.kind)) return;
  const rows = rowsOf(table);
  const total = rows.find((r) => r.line === target);
  const side = total?.side;
  const sideRows = rows.filter((r) => r.side === side && typeof r.line === 'number');
  const lines = sideRows.map((r) => r.line as number);
  const [lo, hi] = [Math.min(...lines), Math.max(...lines)];
  // a 行次 printed with neither name nor figure (filler rows) is a blank line of the table
  const lineRow = (n: number): AnyRow | undefined =>
    sideRows.find((r) => r.line === n) ?? (n >= lo && n <= hi ? { name: null, values: {}, location: table.location } : undefined);
  const keys = total ? Object.keys(total.values) : keysOf(table);
  for (const key of keys) {
    identity({
      table,
      origin: 'note',
      formula: keys.length > 1 ? `${formula} [${key}]` : formula,
      total: term(total, key),
      terms: terms.map((t) => {
        const r = lineRow(t.n);
        return r ? { value: r.values[key] ?? null, location: r.location, sign: t.sign } : undefined;
      }),
    });
  }
}

function checkColumns(
  table: Table,
  formula: string,
  target: number,
  terms: { n: number; sign: 1 | -1 }[],
  identity: Identity,
): void {
  const key = (n: number) => table.columns.find((c) => c.number === n)?.key;
  const targetKey = key(target);
  for (const row of rowsOf(table)) {
    identity({
      table,
      origin: 'note',
      formula: `${formula}: ${row.code ?? ''} ${row.name ?? ''}`.replace(/\s+/g, ' ').trim(),
      total: targetKey ? term(row, targetKey) : undefined,
      terms: terms.map((t) => {
        const k = key(t.n);
        const v = k ? term(row, k, t.sign) : undefined;
        return v;
      }),
    });
  }
}
