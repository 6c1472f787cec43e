import type { IrLine } from '../ir/types.js';
import type { Column } from '../schema/index.js';
import { classify, columnNumbers, isColumnNumberRow, normLabel } from './cells.js';
import type { GridRow, Report } from './context.js';
import { isBareInteger, parseCellNumber } from './number.js';

export interface ColumnPattern {
  key: string;
  match: RegExp;
}

export interface HeaderColumn {
  key: string;
  label: string;
  /** cell index in the header row it was read from */
  index: number;
  /** which header row (0 = top) */
  depth: number;
}

export interface SplitGrid {
  header: GridRow[];
  numberRow: GridRow | null;
  data: GridRow[];
}

/** Header rows are those before the first data row; the 栏次 row among them is kept apart. */
/** `text` without the `ch` characters it ends in (a loop: a regular expression for it is quadratic). */
function trimEnd(text: string, ch: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ch) end--;
  return text.slice(0, end);
}

export function splitHeader(rows: GridRow[], isData: (r: GridRow) => boolean): SplitGrid {
  let first = rows.findIndex((r) => !isColumnNumberRow(r.cells) && isData(r));
  if (first < 0) first = rows.length;
  const head = rows.slice(0, first);
  const numberRows = head.filter((r) => isColumnNumberRow(r.cells));
  // a table continued on the next page prints its header again: those rows are not data
  const labels = new Set(head.flatMap((r) => r.cells.map(normLabel)).filter((t) => t.length >= 2));
  // (a header row printed again exactly, the 栏次 row "栏次 1 栏次 2" included, is one too)
  const key = (r: GridRow) => trimEnd(r.cells.map(normLabel).join('|'), '|');
  const printed = new Set(head.map(key));
  const repeated = (r: GridRow) =>
    (!r.cells.some((c) => isValueClass(c) && /[.,，]/.test(c)) && printed.has(key(r))) ||
    !r.cells.some((c) => isValueClass(c) && c !== '') && (isColumnNumberRow(r.cells) || r.cells.some((c) => labels.has(normLabel(c)) && !/^(合计|总计)$/.test(normLabel(c))));
  return {
    header: head.filter((r) => !isColumnNumberRow(r.cells)),
    numberRow: numberRows[numberRows.length - 1] ?? null,
    data: rows.slice(first).filter((r) => !repeated(r)),
  };
}

/**
 * Each column's header read down the column (经济分类 / 科目编码 / 类, or a cell wrapped over lines:
 * 行 / 次, 因公出 / 国 / （境） / 费), normalised; "" where the header prints nothing.
 */
export function stackedLabels(header: { cells: string[] }[]): string[] {
  const width = Math.max(0, ...header.map((r) => r.cells.length));
  return Array.from({ length: width }, (_, i) => header.map((r) => normLabel(r.cells[i] ?? '')).join(''));
}

/**
 * A header row's labels: each cell, and a total set wide over two cells (合 | 计, 总 | 计, 小 | 计: 烟台, 重庆)
 * as one label at the second cell, where the figures under it stand.
 */
function labelsOf(cells: string[]): { label: string; index: number }[] {
  const out: { label: string; index: number }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const label = normLabel(cells[i] ?? '');
    if (label === '') continue;
    if (/^[合总小]$/.test(label) && normLabel(cells[i + 1] ?? '') === '计') {
      out.push({ label: `${label}计`, index: i + 1 });
      i++;
      continue;
    }
    out.push({ label, index: i });
  }
  return out;
}

/**
 * Map printed header cells to column keys. A key printed in several header rows (a group header
 * such as 本年支出 above 小计) is taken from the deepest row. Sorted by position.
 */
export function mapColumns(header: GridRow[], patterns: readonly ColumnPattern[]): HeaderColumn[] {
  const found = new Map<string, HeaderColumn>();
  // a header cell wrapped over rows ("附属单位" / "上缴收入"), read whole where it names a column
  const wrapped = new Set<number>();
  stackedLabels(header).forEach((label, index) => {
    const parts = header.map((r) => normLabel(r.cells[index] ?? '')).filter((t) => t !== '');
    if (parts.length < 2) return;
    const p = patterns.find((q) => q.match.test(label));
    if (p && !found.has(p.key) && !parts.some((part) => patterns.some((q) => q.match.test(part)))) {
      found.set(p.key, { key: p.key, label, index, depth: header.length });
      wrapped.add(index);
    }
  });
  header.forEach((row, depth) => {
    labelsOf(row.cells).forEach(({ label, index }) => {
      if (wrapped.has(index)) return;
      // (其中：基本支出 — a part of the total before it — names the column all the same)
      const bare = label.replace(/^其中[:：]?/, '');
      const p = patterns.find((q) => q.match.test(label) || (bare !== label && q.match.test(bare)));
      if (!p) return;
      const prev = found.get(p.key);
      // (the total is the first of the totals: 支出总计 before the 小计 of a group further right,
      // 政府采购项目 | 小计 in 深圳's 支出总表)
      if (prev && p.key === 'total' && prev.index < index) return;
      if (!prev || prev.depth < depth || (p.key === 'total' && index < prev.index)) found.set(p.key, { key: p.key, label, index, depth });
    });
  });
  // a group header over its own columns (基本支出 over 小计 | 人员经费 | 公用经费: 北京), standing over
  // one of its parts: the group's figure is its 小计, beside that part
  const taken = new Set([...found.values()].map((c) => c.index));
  for (const col of found.values()) {
    if (col.key === 'total') continue;
    const below = header.slice(col.depth + 1).map((r) => normLabel(r.cells[col.index] ?? '')).filter((t) => t !== '');
    // (what stands under it is a part's own header, not the rest of its own wrapped label: 因公出国 /
    // （境）费用 is one header, 西安's 三公)
    if (below.length === 0 || below.some((t) => /^[（(]/.test(t) || t.length < 2)) continue;
    // (小 | 计 set wide stands at its second cell, two left of the part: 烟台)
    for (const k of [col.index - 1, col.index + 1, col.index - 2]) {
      if (taken.has(k)) continue;
      const sub = header.slice(col.depth + 1).findIndex((r) => labelsOf(r.cells).some((l) => l.index === k && /^(小计|合计)$/.test(l.label)));
      if (sub < 0) continue;
      taken.delete(col.index);
      taken.add(k);
      col.index = k;
      col.label = `${col.label}小计`;
      col.depth += sub + 1;
      break;
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index || a.depth - b.depth);
}

/**
 * The 栏次 row may be cut short, its last numbers pushed onto the next line (seed 001 表8:
 * `1 2` then `合计 … 3`). When a data row holds exactly the missing numbers as bare integers,
 * they are taken back into the 栏次 row and cleared from the data row.
 */
export function takeBackColumnNumbers(split: SplitGrid, expected: number, report: Report): void {
  const numberRow = split.numberRow;
  if (!numberRow) return;
  const nums = columnNumbers(numberRow.cells);
  const last = nums[nums.length - 1]?.number ?? 0;
  if (last >= expected) return;
  const next = split.data[0];
  if (!next) return;
  const missing: number[] = [];
  for (let n = last + 1; n <= expected; n++) missing.push(n);
  const found: number[] = [];
  next.cells.forEach((c, i) => {
    if (isBareInteger(c) && !/[.,]/.test(c)) found.push(i);
  });
  const values = found.map((i) => Number(normLabel(next.cells[i] ?? '')));
  if (values.length !== missing.length || values.some((v, i) => v !== missing[i])) return;
  const cells = [...numberRow.cells];
  for (const i of found) {
    cells.push(next.cells[i] ?? '');
    next.cells[i] = '';
  }
  numberRow.cells = cells;
  report({
    severity: 'info',
    code: 'split-header-row',
    message: `栏次 ${missing.join(', ')} had been pushed onto the next line; read as column numbers, not figures.`,
    location: next.location,
    details: { columnNumbers: missing },
  });
}

/** Columns in the output: key, printed label, and 栏次 from the column-number row when printed. */
export function outputColumns(columns: readonly { key: string; label: string }[], numberRow: GridRow | null): Column[] {
  const nums = numberRow ? columnNumbers(numberRow.cells) : [];
  return columns.map((c, j) => ({ key: c.key, label: c.label, number: nums[j]?.number ?? null }));
}

export function isValueClass(text: string): boolean {
  const n = parseCellNumber(text);
  return n !== null && n !== 'blank';
}

export type CellRole = 'empty' | 'text' | 'value';

/** Default roles: a printed number or dash is a value, anything else text. */
export function defaultRoles(r: GridRow): CellRole[] {
  return r.cells.map((c) => (c === '' ? 'empty' : isValueClass(c) ? 'value' : 'text'));
}

/**
 * Where the block of `width` value columns starts in the data rows. Converters shift header rows
 * against data rows, so the data decide: every figure must fall inside the block and every name
 * before it. Among the offsets that fit, hints (栏次 row, header) break the tie, earlier hints first.
 */
export function resolveOffset(
  data: GridRow[],
  width: number,
  hints: (number | null | undefined)[],
  roles: (r: GridRow) => CellRole[] = defaultRoles,
): number {
  // each row's span, computed once (the search below tries every offset against every row)
  // (folded, not spread into Math.max: a hostile table may have more rows than a call takes arguments)
  const spans = data.map((r) => spanOf(roles(r)));
  const textMax = spans.reduce((m, s) => Math.max(m, s.textMax), -1);
  const numMin = spans.reduce((m, s) => Math.min(m, s.numMin), Number.POSITIVE_INFINITY);
  const numMax = spans.reduce((m, s) => Math.max(m, s.numMax), -1);
  const lo = Math.max(textMax + 1, numMax - width + 1, 0);
  const usable = hints.filter((h): h is number => typeof h === 'number' && h >= lo);
  const hi = Number.isFinite(numMin) ? numMin : Math.max(lo, ...usable);
  const hintScore = (o: number) => hints.reduce<number>((sum, h, k) => sum + (h === o ? hints.length - k : 0), 0);
  if (lo > hi) {
    // No offset fits every row (a stray text or figure): take the one most rows fit, hints breaking
    // ties; the caller reports the rows that do not fit.
    let best = lo;
    let bestFit = -1;
    let bestScore = -1;
    for (let o = Math.max(0, hi - width); o <= lo; o++) {
      const fit = spans.filter((sp) => spanFits(sp, o, width)).length;
      const score = hintScore(o);
      if (fit > bestFit || (fit === bestFit && score > bestScore)) {
        best = o;
        bestFit = fit;
        bestScore = score;
      }
    }
    return best;
  }
  let best = lo;
  let bestScore = 0;
  for (let o = lo; o <= hi; o++) {
    const score = hintScore(o);
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A row printed one cell off from the others (seed 001 表5 合计): the offset at which this row alone
 * fits, nearest the table's, or null when none does.
 */
export function rowOffset(roles: CellRole[], width: number, preferred: number): number | null {
  const { textMax, numMin, numMax } = spanOf(roles);
  const lo = Math.max(textMax + 1, numMax - width + 1, 0);
  const hi = Number.isFinite(numMin) ? numMin : Number.POSITIVE_INFINITY;
  if (lo > hi) return null;
  return Math.min(Math.max(preferred, lo), hi);
}

/** Where a row's cells stand: its last text cell, its first and last figure (-1 / ∞ where none). */
interface RowSpan {
  textMax: number;
  numMin: number;
  numMax: number;
}

function spanOf(roles: CellRole[]): RowSpan {
  const span = { textMax: -1, numMin: Number.POSITIVE_INFINITY, numMax: -1 };
  roles.forEach((role, i) => {
    if (role === 'value') {
      span.numMin = Math.min(span.numMin, i);
      span.numMax = Math.max(span.numMax, i);
    } else if (role === 'text') span.textMax = Math.max(span.textMax, i);
  });
  return span;
}

/** Every figure inside the block of `width` columns at `offset`, every name before it. */
function spanFits(s: RowSpan, offset: number, width: number): boolean {
  return s.textMax < offset && (s.numMax < 0 || (s.numMin >= offset && s.numMax < offset + width));
}

export function rowFits(roles: CellRole[], offset: number, width: number): boolean {
  return spanFits(spanOf(roles), offset, width);
}

/** The most frequent of the values (of those as frequent, the first printed), or null for none. */
export function mode(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | null = null;
  let n = 0;
  for (const [v, c] of counts)
    if (c > n) {
      best = v;
      n = c;
    }
  return best;
}

/** The most common row length (trailing empty cells included): converters print one cell a column. */
export function commonLength(rows: GridRow[]): number | null {
  return mode(rows.map((r) => r.cells.length));
}

/**
 * Rows split across lines: a row of names with no figures followed by a row of figures with no
 * names (seed 001 表6 totals), whose cells do not overlap, are one printed row.
 */
export function mergeSplitRows(rows: GridRow[]): GridRow[] {
  const out: GridRow[] = [];
  for (const r of rows) {
    const prev = out[out.length - 1];
    if (prev && isNamesOnly(prev) && isFiguresOnly(r) && !overlaps(prev, r)) {
      const n = Math.max(prev.cells.length, r.cells.length);
      const cells: string[] = [];
      for (let i = 0; i < n; i++) cells.push(prev.cells[i] || r.cells[i] || '');
      out[out.length - 1] = { cells, location: prev.location };
      continue;
    }
    out.push({ cells: [...r.cells], location: r.location });
  }
  return out;
}

function isNamesOnly(r: GridRow): boolean {
  return r.cells.some((c) => classify(c) === 'text') && r.cells.every((c) => c === '' || classify(c) === 'text');
}

function isFiguresOnly(r: GridRow): boolean {
  return r.cells.some((c) => classify(c) === 'number') && r.cells.every((c) => c === '' || (isValueClass(c) && classify(c) !== 'code'));
}

function overlaps(a: GridRow, b: GridRow): boolean {
  return a.cells.some((c, i) => c !== '' && (b.cells[i] ?? '') !== '');
}

/**
 * Whether a grid's cells were cut from a page at its columns' edges (a PDF's: each cell knows where it
 * stands), so a header cell and the figures under it share an index. Text converters' cells do not:
 * their header rows may be shifted against the data.
 */
export function cutFromPage(lines: readonly IrLine[]): boolean {
  return lines.some((l) => l.cells.some((c) => c.x0 !== undefined));
}

/** A value column read where it stands: its key, printed label and cell index. */
export interface PlacedColumn {
  key: string;
  label: string;
  index: number;
}

/**
 * Columns read by position, for a grid whose header cells stand over the figures they head (a PDF's
 * columns, cut from the page): every cell that holds a figure in some row has a header printed above
 * it, and the first recognised header stands over figures. From the first value column on, each
 * recognised header is a column under its key, and any other labelled cell over figures (or of a
 * meaning `extraKey` knows) under a key of its own, so a column the template adds
 * (财政专户管理资金收入) neither takes its neighbour's figures nor loses its own. Null where the grid does not line up so (a converter that shifted the
 * header against the rows: the offset is then found from the data, resolveOffset).
 */
export function positionalColumns(
  header: GridRow[],
  mapped: readonly HeaderColumn[],
  roles: readonly CellRole[][],
  extraKey: (label: string, taken: ReadonlySet<string>, ordinal: number) => string,
  /** where the 栏次 row prints its numbers, if it has one */
  numbers: readonly number[] = [],
): PlacedColumn[] | null {
  if (header.length === 0 || mapped.length === 0) return null;
  const labels = stackedLabels(header);
  const valueAt = new Set<number>();
  for (const r of roles)
    r.forEach((role, i) => {
      if (role === 'value') valueAt.add(i);
    });
  if (valueAt.size === 0) return null;
  const first = Math.min(...valueAt, ...mapped.map((c) => c.index));
  // the names' column: where most rows that print figures end their words before the first figure
  // (a stray word further right aside; a column of text right of the figures — 广州's 绩效目标 — is
  // not the names')
  const lastText = roles.flatMap((r) => {
    const firstValue = r.indexOf('value');
    return firstValue < 0 ? [] : [r.slice(0, firstValue).lastIndexOf('text')];
  });
  const textMax = mode(lastText) ?? -1;
  // figures in a cell of no header, beside a header over no figure (小 | 计 | 1,192.85: the header set
  // wide, its figures flush right in the next cell): that header's
  const moved = new Map<number, number>();
  for (const i of [...valueAt].sort((a, b) => a - b))
    if ((labels[i] ?? '') === '' && i > 0 && !valueAt.has(i - 1) && (labels[i - 1] ?? '') !== '') {
      labels[i] = labels[i - 1]!;
      labels[i - 1] = '';
      moved.set(i - 1, i);
    }
  if ([...valueAt].some((i) => (labels[i] ?? '') === '')) return null;
  // a header over several columns (财政拨款收入 over 一般公共预算 | 政府性基金 …) stands at one of
  // them: the column is the deeper header's
  const mappedAt = new Map<number, HeaderColumn>();
  for (const m of mapped) {
    const c = moved.has(m.index) ? { ...m, index: moved.get(m.index)! } : m;
    const had = mappedAt.get(c.index);
    if (!had || had.depth < c.depth) mappedAt.set(c.index, c);
  }
  // a header over the names, or 栏次 that stand elsewhere than the figures: shifted
  if ([...mappedAt.keys()].some((i) => i <= textMax) || first <= textMax) return null;
  if (numbers.length > 0 && [...valueAt, ...mappedAt.keys()].some((i) => !numbers.includes(i))) return null;
  // the first recognised column (a total, mostly) over no figure, its neighbour's figures beside it: shifted
  if (!valueAt.has(Math.min(...mappedAt.keys()))) return null;
  const out: PlacedColumn[] = [];
  const taken = new Set([...mappedAt.values()].map((c) => c.key));
  for (let i = first; i < labels.length; i++) {
    const label = labels[i] ?? '';
    if (label === '') continue;
    const m = mappedAt.get(i);
    if (m) {
      // (the label read down the column: 政府性基金预 / 算拨款收入 whole)
      out.push({ key: m.key, label: label.includes(m.label) ? label : m.label, index: i });
      continue;
    }
    // (a label over no figure and of no known meaning is a group header or the side's 支出 / 项目;
    // a known column with no figure is printed all the same: 财政专户管理资金收入, blank)
    const key = extraKey(label, taken, out.length + 1);
    if (!valueAt.has(i) && /^c\d/.test(key)) continue;
    taken.add(key);
    out.push({ key, label, index: i });
  }
  return out;
}
