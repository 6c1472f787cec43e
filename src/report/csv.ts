import { rules } from '../checks/index.js';
import { fromFen, toFen } from '../checks/rule.js';
import { NOT_AMOUNT } from '../parsers/other.js';
import { failedFirst } from './common.js';
import type { Document, Table } from '../schema/index.js';

/**
 * One CSV field. Text that begins with = + - @ (or a tab or CR) and goes on would be a live formula
 * in Excel or LibreOffice (`=HYPERLINK(…)` in a row name): it is prefixed with ' as OWASP
 * recommends, so that it shows as printed. A lone "-" (standard input's path) is no formula.
 * Numbers are written as numbers.
 */
function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]./s.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface Row {
  side?: string;
  line?: number | null;
  code?: string | null;
  governmentEconomicCode?: string;
  economicCode?: string;
  stage?: string;
  group?: string;
  name: string | null;
  values: Record<string, number | null>;
}

/** The key a person would look a row up by: 行次 on a summary side, code, or 三公 stage. */
export function rowKey(row: Row): string {
  if (row.side) return `${row.side}:${row.line ?? row.code ?? ''}`;
  if (row.stage) return row.stage;
  return row.code ?? (row.group ? `${row.group}:${row.name ?? ''}` : '');
}

/**
 * A table's id within its document: its kind, and for the second table of a kind on (a document
 * printing two 三公 tables, or many `other` grids) its place among them: `expenditure`, `other#3`.
 */
export function tableIds(doc: Document): string[] {
  const seen = new Map<string, number>();
  return doc.tables.map((t) => {
    const n = (seen.get(t.kind) ?? 0) + 1;
    seen.set(t.kind, n);
    return n === 1 ? t.kind : `${t.kind}#${n}`;
  });
}

/**
 * Each row's key, unique within its table and stable from run to run of the same document: the row's
 * own key (行次, code, stage) carried further by what else it prints — the economic codes of a row
 * keyed by several classifications, the name where no 行次 or code is printed (a summary side's
 * 合计) — and, for a key still printed twice (a grid of unnamed rows), its occurrence: `#2`.
 */
export function stableRowKeys(table: Table): string[] {
  const taken = new Map<string, number>();
  return (table.rows as Row[]).map((r) => {
    let key = rowKey(r);
    if (r.governmentEconomicCode) key += `/${r.governmentEconomicCode}`;
    if (r.economicCode) key += `/${r.economicCode}`;
    const bare = key === '' || key.endsWith(':');
    if (bare && r.name) key += r.name.replace(/\s+/g, '');
    if (r.stage && r.name) key += `:${r.name.replace(/\s+/g, '')}`;
    if (key === '') key = 'row';
    const n = (taken.get(key) ?? 0) + 1;
    taken.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}

export const CSV_HEADER = [
  'document',
  'department',
  'year',
  'document_kind',
  'table_id',
  'table_kind',
  'table_number',
  'table_title',
  'page',
  'source_line',
  'side',
  'line',
  'code',
  'government_economic_code',
  'economic_code',
  'group',
  'stage',
  'name',
  'row_key',
  'column',
  'column_label',
  'value_yuan',
  'printed_unit',
  'error',
] as const;

export const CSV_CHECKS_HEADER = [
  'document',
  'department',
  'year',
  'document_kind',
  'status',
  'rule',
  'family',
  'origin',
  'table_kind',
  'formula',
  'expected',
  'actual',
  'difference',
  'tolerance',
  'amount_unit',
  'message',
  'page',
  'line',
  'error',
] as const;

/**
 * Long form, one line a figure (blank cells included as empty values), for pandas or DuckDB without
 * a lookup: the document's path, department, year and kind on every line; the table's id, kind,
 * printed number and title; the row's page and each part of its key in a column of its own (side,
 * 行次, codes, group, stage, name) and the whole as one `row_key`, unique within its table (with
 * `table_id`, within the document); the column's key and printed header; the value in yuan whatever
 * --unit says, and the unit the table printed it in.
 */
export function csvLines(doc: Document): string[] {
  const out: string[] = [];
  const ids = tableIds(doc);
  doc.tables.forEach((t, ti) => {
    const keys = stableRowKeys(t);
    // a two-sided summary prints a column of each key once a side, in the sides' order
    const sides = [...new Set((t.rows as Row[]).map((r) => r.side ?? ''))];
    const label = (r: Row, column: string) => {
      const printed = t.columns.filter((c) => c.key === column);
      return (printed[Math.max(0, sides.indexOf(r.side ?? ''))] ?? printed[0])?.label ?? null;
    };
    (t.rows as Row[]).forEach((r, ri) => {
      const head = [
        doc.source.path,
        doc.document.department,
        doc.document.year,
        doc.document.kind,
        ids[ti],
        t.kind,
        t.number,
        t.title,
        (r as { location?: { page?: number } }).location?.page ?? null,
        (r as { location?: { line?: number } }).location?.line ?? null,
        r.side ?? null,
        r.line ?? null,
        r.code ?? null,
        r.governmentEconomicCode ?? null,
        r.economicCode ?? null,
        r.group ?? null,
        r.stage ?? null,
        r.name,
        `${ids[ti]}/${keys[ri]}`,
      ];
      for (const [column, value] of Object.entries(r.values)) {
        const yuan = value === null ? null : t.kind === 'other' && !isAmountColumn(t, column) ? value : fromFen(toFen(value, doc.unit), 'yuan');
        out.push([...head, column, label(r, column), yuan, t.declaredUnit, null].map(field).join(','));
      }
    });
  });
  return out;
}

/** An `other` table's column of counts or shares (人数, 比例, %) holds no amount: kept as printed, as the parser keeps it. */
function isAmountColumn(t: Table, column: string): boolean {
  return !NOT_AMOUNT.test(t.columns.find((c) => c.key === column)?.label ?? '');
}

/** The checks, one line each (failed first), with the figures in the output unit where they are amounts. */
export function csvCheckLines(doc: Document): string[] {
  return failedFirst(doc.checks).map((c) => {
      const family = (rules as Record<string, { family: string }>)[c.rule]?.family ?? null;
      const amounts = family !== 'performance' && c.expected !== null;
      return [
        doc.source.path,
        doc.document.department,
        doc.document.year,
        doc.document.kind,
        c.status,
        c.rule,
        family,
        c.origin,
        c.table,
        c.formula,
        c.expected,
        c.actual,
        c.difference,
        c.tolerance,
        amounts ? doc.unit : null,
        c.message,
        c.location.page ?? null,
        c.location.line ?? null,
        null,
      ]
        .map(field)
        .join(',');
    });
}

/** An input that could not be read: one line, its path and `code: message` under error, so that no input is missing from a sheet. */
export function csvFailure(path: string | null, failure: { code: string; message: string }, width: number = CSV_HEADER.length): string {
  return [path, ...Array<null>(width - 2).fill(null), `${failure.code}: ${failure.message}`].map(field).join(',');
}

/** UTF-8 BOM, so that Excel opens the Chinese names cleanly. */
export const CSV_BOM = '\ufeff';
