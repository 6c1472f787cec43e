import { nameKey, normLabel } from '../parsers/cells.js';
import type { Location, Table } from '../schema/index.js';
import type { Term } from './rule.js';

export interface AnyRow {
  code?: string | null;
  level?: string | null;
  name: string | null;
  side?: string;
  line?: number | null;
  group?: string;
  stage?: string;
  values: Record<string, number | null | undefined>;
  location: Location;
}

export function rowsOf(table: Table): AnyRow[] {
  return table.rows as AnyRow[];
}

/** The value columns a table prints, in order, each once. */
export function keysOf(table: Table): string[] {
  return [...new Set(table.columns.map((c) => c.key))];
}

/** The printed header of a column key, for formulas people read. */
export function labelOf(table: Table, key: string): string {
  return table.columns.find((c) => c.key === key)?.label || key;
}

export function term(row: AnyRow | undefined, key: string, sign: 1 | -1 = 1): Term | undefined {
  if (!row || !(key in row.values)) return undefined;
  return { value: row.values[key] ?? null, location: row.location, sign };
}

export function isGrandTotal(row: AnyRow): boolean {
  return (row.code ?? null) === null && /^(合计|总计)$/.test(normLabel(row.name ?? ''));
}

export function totalRow(table: Table): AnyRow | undefined {
  return rowsOf(table).find(isGrandTotal);
}

export function byCode(table: Table, code: string): AnyRow | undefined {
  return rowsOf(table).find((r) => r.code === code);
}

/** "八、社会保障和就业支出" → its key without the enumeration, for matching across tables. */
export function bareName(name: string | null): string {
  return nameKey(name ?? '').replace(/^[一二三四五六七八九十]+[、.]/, '').replace(/^\d+/, '');
}

export function describe(row: AnyRow): string {
  const code = row.code ? `${row.code} ` : '';
  const line = row.line ? `${row.line}行 ` : '';
  return `${line}${code}${row.name ?? ''}`.trim();
}
