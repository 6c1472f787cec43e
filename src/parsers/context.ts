import type { IrLine } from '../ir/types.js';
import type { Column, Diagnostic, Location, TableKind } from '../schema/index.js';
import { fenToOutput, parseCellNumber, toFen, type DeclaredUnit, type OutputUnit } from './number.js';

/** A table as the segmenter found it: its title, the lines before the grid, the grid, the notes under it. */
export interface Block {
  /** a standard kind, or other: a grid of figures of none of them */
  kind: TableKind | 'other';
  recognisedBy: 'title' | 'header';
  title: string | null;
  number: string | null;
  location: Location;
  pre: IrLine[];
  grid: IrLine[];
  notes: IrLine[];
}

/** One grid row for a parser: positional cell texts and where the row was printed. */
export interface GridRow {
  cells: string[];
  location: Location;
}

export type Report = (d: Omit<Diagnostic, 'table'>) => void;

export interface ParseContext {
  kind: TableKind | 'other';
  unit: DeclaredUnit;
  outputUnit: OutputUnit;
  report: Report;
  /** the most decimals any figure of the table printed, kept for the checker's rounding intervals */
  decimals?: number;
}

/** What a parser returns: rows in the schema's shape (values in the output unit) and its columns. */
export interface ParsedTable<R> {
  rows: R[];
  columns: Column[];
}

/**
 * A value cell → amount in the output unit, or null for blank/dash.
 * Text where a figure belongs is reported, never dropped silently.
 */
export function amountOf(text: string | undefined, ctx: ParseContext, location: Location): number | null {
  if (text === undefined) return null;
  const n = parseCellNumber(text);
  if (n === 'blank' || n === 'dash') return null;
  if (n === null) {
    ctx.report({
      severity: 'warning',
      code: 'unparseable-cell',
      message: `"${text}" stands where a figure belongs and is not a number; it is left out as null.`,
      location,
      details: { text },
    });
    return null;
  }
  ctx.decimals = Math.max(ctx.decimals ?? 0, n.decimals);
  return fenToOutput(toFen(n, ctx.unit), ctx.outputUnit);
}

export function gridRows(lines: IrLine[]): GridRow[] {
  return lines.map((l) => ({ cells: l.cells.map((c) => c.text), location: l.location }));
}
