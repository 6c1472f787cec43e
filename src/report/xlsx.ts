import { rules } from '../checks/index.js';
import type { Document } from '../schema/index.js';
import { failedFirst, inPrintedUnit, printedScale } from './common.js';
import { stableRowKeys, tableIds } from './csv.js';

/** What Excel forbids in a sheet name, and its length limit. */
const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;

function sheetName(base: string, taken: Set<string>): string {
  const clean = base.replace(SHEET_FORBIDDEN, ' ').trim();
  // (Excel refuses a name that begins or ends with an apostrophe: checked after every cut)
  const tidy = (s: string) => {
    let a = 0;
    let b = s.length;
    while (a < b && (s[a] === "'" || s[a] === ' ')) a++;
    while (b > a && (s[b - 1] === "'" || s[b - 1] === ' ')) b--;
    return s.slice(a, b) || 'table';
  };
  let name = tidy(clean.slice(0, 31));
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${tidy(clean.slice(0, 31 - String(n).length - 1))}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * The document as a workbook an analyst opens in Excel or LibreOffice: a `document` sheet, a sheet a
 * table (its printed number and title, unit, header labels and column keys, then a row a printed
 * row with its keys and its figures as numbers in the printed unit), and a `checks` sheet, failed
 * checks first. exceljs writes it (loaded only here: extraction never pays for it).
 */
export async function workbook(doc: Document): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'disclose';
  const taken = new Set<string>(['document', 'checks']);
  const info = wb.addWorksheet('document');
  info.columns = [{ width: 22 }, { width: 70 }];
  const failed = doc.checks.filter((c) => c.status === 'fail').length;
  const rows: [string, string | number | null][] = [
    ['path', doc.source.path],
    ['format', doc.source.format],
    ['pages', doc.source.pages],
    ['sha256', doc.source.sha256],
    ['kind', doc.document.kind],
    ['year', doc.document.year],
    ['department', doc.document.department],
    ['published on', doc.document.publishedOn],
    ['tables', doc.tables.length],
    ['checks', doc.checks.length],
    ['failed checks', failed],
    ['errors', doc.diagnostics.filter((d) => d.severity === 'error').length],
    ['warnings', doc.diagnostics.filter((d) => d.severity === 'warning').length],
  ];
  for (const r of rows) info.addRow(r);
  info.getColumn(1).font = { bold: true };
  info.addRow([]);
  info.addRow(['diagnostics']).font = { bold: true };
  info.addRow(['severity', 'code', 'message', 'page', 'line']).font = { bold: true };
  for (const d of doc.diagnostics) info.addRow([d.severity, d.code, d.message, d.location.page ?? null, d.location.line ?? null]);

  const ids = tableIds(doc);
  doc.tables.forEach((t, ti) => {
    const rowKeys = stableRowKeys(t);
    const name = sheetName(`${ti + 1} ${t.number ?? ''} ${t.title ?? t.kind}`.replace(/\s+/g, ' '), taken);
    const ws = wb.addWorksheet(name);
    const { unit, divisor } = printedScale(t, doc);
    // (a two-sided summary prints its columns once a side: one column a key here)
    const columns = t.columns.filter((c, i) => t.columns.findIndex((d) => d.key === c.key) === i);
    const extra = [...new Set(t.rows.flatMap((r) => Object.keys(r.values)))].filter((k) => !columns.some((c) => c.key === k));
    const keys = [...columns.map((c) => c.key), ...extra];
    const labels = [...columns.map((c) => c.label), ...extra];
    ws.addRow([`${t.number ?? ''} ${t.title ?? ''}`.trim() || t.kind]).font = { bold: true, size: 13 };
    ws.addRow([`table_id: ${ids[ti]}`, `单位：${unit}`, t.location.page ? `page ${t.location.page}` : t.location.line ? `line ${t.location.line}` : '']);
    const head = ws.addRow(['row_key', 'code', 'name', 'page', 'line', ...labels.map((l) => `${l}（${unit}）`)]);
    head.font = { bold: true };
    ws.addRow(['', '', '', '', '', ...keys]).font = { italic: true, color: { argb: 'FF666666' } };
    for (const [ri, r] of t.rows.entries()) {
      const values = r.values as Record<string, number | null>;
      ws.addRow([
        rowKeys[ri],
        'code' in r ? (r.code ?? null) : null,
        r.name,
        r.location.page ?? null,
        r.location.line ?? null,
        ...keys.map((k) => {
          const v = values[k];
          return v === null || v === undefined ? null : inPrintedUnit(v, divisor);
        }),
      ]);
    }
    const decimals = t.decimals ?? 2;
    keys.forEach((_, i) => {
      const col = ws.getColumn(6 + i);
      col.numFmt = decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
      col.width = 16;
    });
    ws.getColumn(3).width = 36;
    ws.views = [{ state: 'frozen', xSplit: 3, ySplit: 4 }];
  });

  const checks = wb.addWorksheet('checks');
  const unit = doc.unit === 'yuan' ? '元' : '万元';
  checks.addRow(['status', 'rule', 'origin', 'table', 'formula', 'expected', 'actual', 'difference', 'tolerance', 'unit', 'message', 'page', 'line']).font = { bold: true };
  for (const c of failedFirst(doc.checks)) {
    // (performance checks compare scores and rates, not amounts)
    const amounts = c.expected !== null && (rules as Record<string, { family: string }>)[c.rule]?.family !== 'performance';
    const row = checks.addRow([c.status, c.rule, c.origin, c.table, c.formula, c.expected, c.actual, c.difference, c.tolerance, amounts ? unit : null, c.message, c.location.page ?? null, c.location.line ?? null]);
    if (c.status === 'fail') row.font = { color: { argb: 'FFB00000' } };
  }
  checks.columns.forEach((col, i) => (col.width = i === 4 || i === 10 ? 60 : 14));
  checks.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
