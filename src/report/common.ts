import type { Check, Document, Table } from '../schema/index.js';

/** Figures placed in a document's tables: its non-blank cells. */
export function countFigures(doc: Document): number {
  let figures = 0;
  for (const t of doc.tables) for (const r of t.rows) for (const v of Object.values(r.values)) if (v !== null) figures++;
  return figures;
}

/** Checks as a reader wants them listed: failed first, then skipped, then passed (stable within each). */
export function failedFirst(checks: readonly Check[]): Check[] {
  const order = { fail: 0, skipped: 1, pass: 2 } as const;
  return [...checks].sort((a, b) => order[a.status] - order[b.status]);
}

/** The unit a table printed its figures in, and what turns the output's amounts back into it. */
export function printedScale(table: Table, doc: Document): { unit: '万元' | '元'; divisor: number } {
  const out = doc.unit === 'yuan' ? '元' : '万元';
  const unit = table.declaredUnit ?? out;
  return { unit, divisor: unit === out ? 1 : unit === '万元' ? 10_000 : 1 / 10_000 };
}

/** An amount back in its printed unit, free of the float noise dividing leaves (1234.5600000001). */
export function inPrintedUnit(value: number, divisor: number): number {
  return Math.round((value / divisor) * 1e8) / 1e8;
}
