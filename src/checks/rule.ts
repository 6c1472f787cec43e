import type { Check, Diagnostic, Document, Location, Table, TableKind } from '../schema/index.js';

export type Family =
  | 'note'
  | 'hierarchy'
  | 'columns'
  | 'summary'
  | 'across'
  | 'three_public'
  | 'performance'
  | 'narrative'
  | 'units';

/** A printed figure an identity reads: its value in the document's unit (null = blank) and where. */
export interface Term {
  value: number | null | undefined;
  location?: Location;
  /** +1 (default) or −1 */
  sign?: 1 | -1;
}

export interface IdentityInput {
  table: Table | null;
  formula: string;
  total: Term | undefined;
  terms: (Term | undefined)[];
  origin?: Check['origin'];
  /** half a printed unit in fen, when it is not the table's (rates, scores) */
  halfUnitFen?: number;
}

export interface RuleContext {
  doc: Document;
  tables<K extends TableKind>(kind: K): Extract<Table, { kind: K }>[];
  /** evaluate `total = Σ terms` with the SPEC §5 tolerance and record the result */
  identity(input: IdentityInput): Check;
  /** record a result that is not a sum (a ratio, a bound) */
  result(check: Omit<Check, 'rule'>): Check;
  report(d: Diagnostic): void;
}

export interface Rule {
  id: string;
  family: Family;
  description: string;
  tables: readonly TableKind[];
  run(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** The document's amounts → integer fen. */
export function toFen(value: number, unit: Document['unit']): number {
  return Math.round(unit === 'yuan' ? value * 100 : value * 1_000_000);
}

export function fromFen(fen: number, unit: Document['unit']): number {
  return unit === 'yuan' ? fen / 100 : fen / 1_000_000;
}

/**
 * SPEC §5: a printed figure stands for ± half a unit of its last printed decimal: ±0.005 万元 (5000
 * fen) for two decimals in a 万元 table, ±0.5 元 for whole yuan in a 元 table.
 */
export function halfUnitFen(table: Table | null): number {
  const factor = table?.declaredUnit === '元' ? 100 : 1_000_000;
  const decimals = table?.decimals ?? 2;
  return factor / 10 ** decimals / 2;
}

// built once: a number format is costly to make, and every failed check prints four figures
const WAN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });
const YUAN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A figure as the table printed it: "1,409.82 万元". */
export function asPrinted(fen: number, table: Table | null): string {
  const wan = table?.declaredUnit !== '元';
  return wan ? `${WAN.format(fen / 1_000_000)} 万元` : `${YUAN.format(fen / 100)} 元`;
}
