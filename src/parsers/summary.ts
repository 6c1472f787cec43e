import type { Level, Location } from '../schema/index.js';
import { cleanName, normLabel } from './cells.js';
import { levelOf } from './code-table.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import {
  isValueClass,
  mapColumns,
  outputColumns,
  resolveOffset,
  splitHeader,
  stackedLabels,
  type CellRole,
  type ColumnPattern,
  type HeaderColumn,
} from './grid.js';
import { isBareInteger, nfkc } from './number.js';

export type Side = 'income' | 'expenditure' | 'expenditure_economic';

export interface SummaryRow {
  side: Side;
  line: number | null;
  code: string | null;
  level: Level | null;
  name: string | null;
  values: Record<string, number | null>;
  location: Location;
}

export interface SideSpec {
  side: Side;
  patterns: readonly ColumnPattern[];
}

const ENUMERATED = /^[一二三四五六七八九十]+[、.．]/;

function isSummaryDataRow(r: GridRow): boolean {
  // 合计 as a row label (本年收入合计, 总计), not as a column header (… 合计 | 一般公共预算 …)
  const first = normLabel(r.cells.find((c) => c !== '') ?? '');
  if (/合计|总计/.test(first)) return true;
  return r.cells.some((c) => {
    const t = normLabel(c);
    return ENUMERATED.test(t) || (isValueClass(c) && /[.,]/.test(c));
  });
}

/**
 * Where `word` is printed in `cells`: a cell of it, or a run of neighbouring cells that spell it
 * (a header set wide prints 项 and 目 as two cells: 深圳, 广州).
 */
function wordAt(cells: string[], word: RegExp): number[] {
  const at: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    let text = '';
    for (let j = i; j < cells.length && j < i + 4; j++) {
      const piece = normLabel(cells[j] ?? '');
      if (piece === '' || (j > i && piece.length > 2)) break;
      text += piece;
      if (word.test(text)) {
        at.push(i);
        i = j;
        break;
      }
    }
  }
  return at;
}

/** Where each side starts: each 项目 of the header, else the 收入 / 支出 group headers. */
function sideStarts(header: GridRow[], max: number): number[] {
  let best: number[] = [];
  for (const r of header) {
    const idx = wordAt(r.cells, /^项目$/);
    if (idx.length > best.length) best = idx;
  }
  // the first side starts at the table's edge: its names may stand left of a centred 项目
  if (best.length >= 2) return [0, ...best.slice(1, max)];
  for (const r of header) {
    const idx = r.cells.flatMap((c, i) => (/^(收入|支出)/.test(normLabel(c)) ? [i] : []));
    if (idx.length >= 2 && /^收入/.test(normLabel(r.cells[idx[0] ?? 0] ?? ''))) return idx.slice(0, max);
  }
  return [];
}

function mode(values: number[]): number | null {
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

const CODE_AND_NAME = /^(\d{3,7})[\s\u3000]*(\D.*)$/s;
const HEADER_DEBRIS = /^(收入|支出)(\(.*\))?$|^项目$/;

/**
 * Two-sided summary tables: income on the left, expenditure on the right of the same printed line
 * (budget summaries add a third block, expenditure by economic class). One output row per side.
 */
export function parseSummary(block: Block, ctx: ParseContext, specs: readonly SideSpec[]): ParsedTable<SummaryRow> {
  const rows = gridRows(block.grid);
  const split = splitHeader(rows, isSummaryDataRow);
  const starts = sideStarts(split.header, specs.length);
  if (starts.length < 2) {
    ctx.report({
      severity: 'error',
      code: 'table-unparseable',
      message: `The two sides of the summary table could not be told apart from its header rows.`,
      location: block.location,
    });
    return { rows: [], columns: [] };
  }
  const perSide = specs.slice(0, starts.length).map((spec, s) => {
    const from = starts[s] ?? 0;
    const to = starts[s + 1] ?? Number.POSITIVE_INFINITY;
    const slice = (r: GridRow): GridRow => ({ cells: r.cells.slice(from, to), location: r.location });
    const header = mapColumns(split.header.map(slice), spec.patterns);
    const data = split.data.map(slice);
    // (行次 may be wrapped down its column in a narrow cell: 行 / 次)
    const hasLineColumn =
      split.header.some((r) => slice(r).cells.some((c) => /^行次$/.test(normLabel(c)))) || stackedLabels(split.header.map(slice)).includes('行次');
    // 行次: the position of the bare integers next to the names, as the data print it.
    const lineAt = hasLineColumn
      ? mode(data.flatMap((r) => { const i = r.cells.findIndex((c) => isBareInteger(c)); return i >= 0 ? [i] : []; }))
      : null;
    const roles = (r: GridRow): CellRole[] =>
      r.cells.map((c, i) => (c === '' ? 'empty' : i === lineAt ? 'text' : isValueClass(c) ? 'value' : 'text'));
    const width = Math.max(header.length, 1);
    const offset = lineAt !== null ? lineAt + 1 : resolveOffset(data, width, [header[0]?.index], roles);
    return { spec, header, data, lineAt, offset };
  });

  const out: SummaryRow[] = [];
  // Printed order: all of the income side, then the expenditure side(s).
  for (const { spec, header, data, lineAt, offset } of perSide) {
    for (const r of data) {
      const lineText = lineAt !== null ? (r.cells[lineAt] ?? '') : '';
      const line = isBareInteger(lineText) ? Number(normLabel(lineText)) : null;
      const nameText = r.cells
        .slice(0, lineAt ?? offset)
        .filter((c) => c !== '')
        .join('');
      let name = nameText === '' ? null : cleanName(nameText);
      let code: string | null = null;
      const m = name ? CODE_AND_NAME.exec(nfkc(name)) : null;
      if (m && name) {
        code = m[1] ?? null;
        name = cleanName(m[2] ?? '');
      }
      const values = valuesOf(r, header, offset, ctx);
      const blank = Object.values(values).every((v) => v === null);
      // a header fragment left in the first data row (支出（部门预算经济分类）) is not a row
      if (blank && (name === null || HEADER_DEBRIS.test(nfkc(name)))) continue;
      out.push({
        side: spec.side,
        line,
        code,
        level: levelOf(code, spec.side === 'expenditure_economic' ? 'economic' : 'function'),
        name,
        values,
        location: r.location,
      });
    }
  }
  // 栏次 numbers run across the sides in printed order: income 1, expenditure 2, 3 …
  const all = perSide.flatMap(({ header }) => header);
  return { rows: out, columns: outputColumns(all, split.numberRow) };
}

function valuesOf(r: GridRow, header: HeaderColumn[], offset: number, ctx: ParseContext): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  header.forEach((col, j) => {
    values[col.key] = amountOf(r.cells[offset + j], ctx, r.location);
  });
  return values;
}
