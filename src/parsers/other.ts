import type { Column, Location } from '../schema/index.js';
import { cleanName, normLabel } from './cells.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import { isValueClass, splitHeader, stackedLabels } from './grid.js';
import { nfkc, parseCellNumber } from './number.js';

export interface OtherRow {
  code: string | null;
  name: string | null;
  values: Record<string, number | null>;
  location: Location;
}

/** A count or a share, kept as printed: 数量, 人数, 编制数, 比例, a % column. */
export const NOT_AMOUNT = /数量|人数|个数|编制|台|辆|次数|比例|比重|增减率|增长率|%|％/;
const CODE = /^\d{3,7}$/;
const PERCENT = /^[-−]?\d+(?:\.\d+)?\s*[%％]$/;

/** A cell that prints a figure: a number, a dash, or a percentage. */
const isFigure = (c: string) => isValueClass(c) || PERCENT.test(nfkc(c).trim());

/** A count or a percentage as printed (12.5% is 12.5). */
function asPrinted(c: string): number | null {
  const t = nfkc(c).trim();
  if (PERCENT.test(t)) return Number(t.replace(/[%％\s]/g, '').replace('−', '-'));
  const n = parseCellNumber(c);
  return n === null || n === 'blank' || n === 'dash' ? null : n.scaled / 10 ** n.decimals;
}

/** A row of figures: a number with a decimal point or separators, or a dash, in some cell. */
function isDataRow(r: GridRow): boolean {
  return r.cells.some((c) => isValueClass(c) && (/[.,，]/.test(c) || /^[-—–]+$/.test(c.trim())));
}

/**
 * A grid of figures that is none of the standard tables (SPEC §2, "other"): its columns are those
 * where the data rows print figures, each labelled by its header read down the column and keyed
 * c1, c2, … in printed order; a row's text cells make its name, a leading code its code. Nothing
 * is interpreted beyond that, and no figure is dropped.
 */
export function parseOther(block: Block, ctx: ParseContext): ParsedTable<OtherRow> {
  const split = splitHeader(gridRows(block.grid), isDataRow);
  const data = split.data;
  const width = data.reduce((w, r) => Math.max(w, r.cells.length), 0);
  // a row's leading code (2010101, 30201) is its key, not a figure
  const codeAt = data.map((r) => {
    const i = r.cells.findIndex((c) => c.trim() !== '');
    return i >= 0 && CODE.test(nfkc(r.cells[i]!).trim()) ? i : -1;
  });
  // a value column: one where some data row prints a figure (its text cells join the row's name)
  const valueAt: number[] = [];
  for (let i = 0; i < width; i++) if (data.some((r, k) => codeAt[k] !== i && isFigure(r.cells[i] ?? ''))) valueAt.push(i);
  // the header rows under the last one that prints a number (部门负责人 … 联系电话 85725570 is a
  // line of facts above the table, not its header)
  const facts = split.header.reduce((last, r, k) => (r.cells.some((c) => isValueClass(c)) ? k : last), -1);
  const labels = stackedLabels(split.header.slice(facts + 1));
  const columns: Column[] = valueAt.map((i, k) => ({ key: `c${k + 1}`, label: labels[i] ?? '', number: null }));
  const counts = new Set(valueAt.filter((i) => NOT_AMOUNT.test(labels[i] ?? '')));
  const isValueColumn = new Set(valueAt);

  const rows: OtherRow[] = [];
  data.forEach((r, k) => {
    const texts: string[] = [];
    const code = codeAt[k]! >= 0 ? nfkc(r.cells[codeAt[k]!]!).trim() : null;
    r.cells.forEach((c, i) => {
      if (c.trim() === '' || i === codeAt[k]) return;
      if (isValueColumn.has(i) && isFigure(c)) return;
      texts.push(cleanName(c));
    });
    const values: Record<string, number | null> = {};
    valueAt.forEach((i, j) => {
      const c = r.cells[i] ?? '';
      // text in a figure's column is part of the row's name (a 采购品目 beside its 金额), not a figure
      if (c.trim() !== '' && !isFigure(c)) {
        values[`c${j + 1}`] = null;
        return;
      }
      values[`c${j + 1}`] = counts.has(i) || PERCENT.test(nfkc(c).trim()) ? asPrinted(c) : amountOf(c, ctx, r.location);
    });
    // a row with no figure and no code is a label or prose, not a row of figures
    if (code === null && Object.values(values).every((v) => v === null)) return;
    const name = texts.length > 0 ? texts.join(' ') : null;
    rows.push({ code, name: name && normLabel(name) === '' ? null : name, values, location: r.location });
  });
  return { rows, columns };
}
