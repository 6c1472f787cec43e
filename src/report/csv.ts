import type { Document } from '../schema/index.js';

export const CSV_HEADER = ['document', 'table', 'number', 'row_key', 'name', 'column', 'value', 'error'] as const;

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

/** Long form, one line a figure (blank cells included as empty values), for spreadsheets; error empty. */
export function csvLines(doc: Document): string[] {
  const out: string[] = [];
  for (const t of doc.tables)
    for (const r of t.rows as Row[])
      for (const [column, value] of Object.entries(r.values))
        out.push([doc.source.path, t.kind, t.number, rowKey(r), r.name, column, value, null].map(field).join(','));
  return out;
}

/** An input that could not be read: one line, its path and `code: message` under error, so that no input is missing from a sheet. */
export function csvFailure(path: string | null, failure: { code: string; message: string }): string {
  return [path, null, null, null, null, null, null, `${failure.code}: ${failure.message}`].map(field).join(',');
}

/** UTF-8 BOM, so that Excel opens the Chinese names cleanly. */
export const CSV_BOM = '\ufeff';
