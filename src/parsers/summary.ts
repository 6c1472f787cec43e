import type { Level, Location } from '../schema/index.js';
import { cleanName, columnNumbers, normLabel } from './cells.js';
import { levelOf } from './code-table.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import {
  isValueClass,
  mapColumns,
  outputColumns,
  cutFromPage,
  mode,
  positionalColumns,
  resolveOffset,
  splitHeader,
  stackedLabels,
  type CellRole,
  type ColumnPattern,
} from './grid.js';
import { extraKey } from './extra-columns.js';
import { isBareInteger, nfkc } from './number.js';

export type Side = 'income' | 'expenditure' | 'expenditure_economic' | 'expenditure_government_economic';

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
  // 合计 as a row label (本年收入合计, 总计), not as a column header (… 合计 | 一般公共预算 …, or
  // 合计 | 项目支出 with no figure under a side's 预算数: 上海's budget summary)
  const first = normLabel(r.cells.find((c) => c !== '') ?? '');
  const words = r.cells.filter((c) => c !== '' && !isValueClass(c)).length;
  if (/合计|总计/.test(first)) return !(words >= 2 && !r.cells.some((c) => isValueClass(c) && /[.,]/.test(c)) && r.cells.some((c) => /^(项目支出|基本支出|人员经费|公用经费)$/.test(normLabel(c))));
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

/**
 * Where each side starts: each 项目 of the header, else the cell left of each amount header (预算数,
 * 决算数: 西安 prints four sides, 项目 | 预算数 | 支出功能分类科目 | 预算数 | 部门预算支出经济分类科目 | 预算数 …),
 * else the 收入 / 支出 group headers — whichever tells more sides apart.
 */
function sideStarts(header: GridRow[], max: number, amount: RegExp | undefined): number[] {
  let best: number[] = [];
  for (const r of header) {
    const idx = wordAt(r.cells, /^项目$/);
    if (idx.length > best.length) best = idx;
  }
  // the first side starts at the table's edge: its names may stand left of a centred 项目
  if (best.length >= 2) best = [0, ...best.slice(1)];
  if (amount)
    for (const r of header) {
      const labels = r.cells.map(normLabel);
      const at: number[] = [];
      labels.forEach((l, i) => {
        if (!amount.test(l)) return;
        let k = i - 1;
        while (k >= 0 && labels[k] === '') k--;
        if (k >= 0 && !amount.test(labels[k] ?? '') && k > (at[at.length - 1] ?? -1)) at.push(k);
      });
      if (at.length >= 2 && at.length > best.length) best = [0, ...at.slice(1)];
    }
  if (best.length >= 2) return best.slice(0, max);
  for (const r of header) {
    const idx = r.cells.flatMap((c, i) => (/^(收入|支出)/.test(normLabel(c)) ? [i] : []));
    if (idx.length >= 2 && /^收入/.test(normLabel(r.cells[idx[0] ?? 0] ?? ''))) return idx.slice(0, max);
  }
  return [];
}


const CODE_AND_NAME = /^(\d{3,7})[\s\u3000]*(\D.*)$/s;

/**
 * A name with no figure that is the end of the one above: not a line of its own (no enumerator, no
 * 合计/总计/结转/结余/其中), short, under an enumerated name that printed no figure either (or, at
 * three characters or fewer, under any name).
 */
function isNameRest(name: string, prev: SummaryRow): boolean {
  const t = nfkc(name);
  if (ENUMERATED.test(t) || /^[(（]?\d+[)）.、]|合计|总计|结转|结余|^其中|^项目$/.test(t) || [...t].length > 8) return false;
  const prevBlank = Object.values(prev.values).every((v) => v === null);
  return prev.name !== null && prev.line === null && ((prevBlank && ENUMERATED.test(nfkc(prev.name))) || [...t].length <= 3);
}
const HEADER_DEBRIS = /^(收入|支出)(\(.*\))?$|^项目$/;

/**
 * Two-sided summary tables: income on the left, expenditure on the right of the same printed line
 * (budget summaries add a third block, expenditure by economic class). One output row per side.
 */
export function parseSummary(block: Block, ctx: ParseContext, specs: readonly SideSpec[]): ParsedTable<SummaryRow> {
  const rows = gridRows(block.grid);
  const split = splitHeader(rows, isSummaryDataRow);
  const amount = specs[0]?.patterns.find((p) => p.key === 'amount')?.match;
  const starts = sideStarts(split.header, specs.length, amount);
  if (starts.length < 2) {
    ctx.report({
      severity: 'error',
      code: 'table-unparseable',
      message: `The two sides of the summary table could not be told apart from its header rows.`,
      location: block.location,
    });
    return { rows: [], columns: [] };
  }
  // the sides past the function classes' are by economic class: the department's (部门预算支出经济分类),
  // then the government's (政府预算支出经济分类), told apart by their header where it names them
  const sideSpecs = starts.map((from, s) => {
    const to = starts[s + 1] ?? Number.POSITIVE_INFINITY;
    const words = split.header.map((r) => r.cells.slice(from, to).map(normLabel).join('')).join('');
    const government = specs.find((x) => x.side === 'expenditure_government_economic');
    return s >= 2 && government && /政府预算(支出)?经济分类/.test(words) ? government : specs[s];
  });
  const perSide = sideSpecs.flatMap((spec, s) => (spec ? [{ spec, s }] : [])).map(({ spec, s }) => {
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
    // each figure under the header printed over it, where the grid lines up so (a PDF's); else in order from an offset
    const placed = cutFromPage(block.grid) ? positionalColumns(split.header.map(slice), header, data.map(roles), extraKey, split.numberRow ? columnNumbers(slice(split.numberRow).cells).map((n) => n.index) : []) : null;
    const offset = placed ? (placed[0]?.index ?? 0) : lineAt !== null ? lineAt + 1 : resolveOffset(data, width, [header[0]?.index], roles);
    const columns = placed ?? header.map((c, j) => ({ key: c.key, label: c.label, index: offset + j }));
    // a side whose 预算数 stands over 合计 | 基本支出 | 项目支出 (上海): its 合计 is the side's amount
    const total = columns[0];
    // (a side of its own keys, 合计 → total of the fiscal summary, keeps them)
    const own = spec.patterns.map((p) => p.key);
    if (total && own.includes('amount') && !columns.some((c) => own.includes(c.key)) && /(合计|小计)$/.test(total.label) && columns.length > 1) total.key = 'amount';
    return { spec, columns, data, lineAt, offset };
  });

  const out: SummaryRow[] = [];
  // Printed order: all of the income side, then the expenditure side(s).
  for (const { spec, columns, data, lineAt, offset } of perSide) {
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
      const values: Record<string, number | null> = {};
      for (const col of columns) values[col.key] = amountOf(r.cells[col.index], ctx, r.location);
      const blank = Object.values(values).every((v) => v === null);
      // a header fragment left in the first data row (支出（部门预算经济分类）) is not a row
      if (blank && (name === null || HEADER_DEBRIS.test(nfkc(name)))) continue;
      // the rest of a name wrapped onto a line of its own in one side (二、政府性基金预算财政拨 / 款,
      // 二十二、灾害防治及应急管 / 理支出): it ends that side's row above
      const prev = out[out.length - 1];
      if (blank && name !== null && line === null && code === null && prev?.side === spec.side && isNameRest(name, prev)) {
        prev.name = cleanName(`${prev.name ?? ''}${name}`);
        continue;
      }
      out.push({
        side: spec.side,
        line,
        code,
        level: levelOf(code, spec.side === 'expenditure' || spec.side === 'income' ? 'function' : 'economic'),
        name,
        values,
        location: r.location,
      });
    }
  }
  // 栏次 numbers run across the sides in printed order: income 1, expenditure 2, 3 …
  const all = perSide.flatMap(({ columns }) => columns);
  return { rows: out, columns: outputColumns(all, split.numberRow) };
}
