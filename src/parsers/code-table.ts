import type { Level, Location } from '../schema/index.js';
import { cleanName, columnNumbers, isTotalName, normLabel } from './cells.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import {
  commonLength,
  isValueClass,
  mapColumns,
  mergeSplitRows,
  outputColumns,
  cutFromPage,
  positionalColumns,
  resolveOffset,
  rowFits,
  rowOffset,
  splitHeader,
  takeBackColumnNumbers,
  type CellRole,
  type ColumnPattern,
  type PlacedColumn,
  type SplitGrid,
} from './grid.js';
import { extraKey } from './extra-columns.js';
import { nfkc, normalizeNumeric } from './number.js';

export interface CodeRow {
  code: string | null;
  level: Level | null;
  /** a row keyed by function and economic classes at once (北京): the economic codes */
  governmentEconomicCode?: string;
  economicCode?: string;
  name: string | null;
  values: Record<string, number | null>;
  location: Location;
}

/** Function codes: 3 = 类, 5 = 款, 7 = 项. Economic codes: 3 = 类, 5 = 款. */
export function levelOf(code: string | null, scheme: 'function' | 'economic'): Level | null {
  if (code === null) return null;
  if (code.length === 3) return 'class';
  if (code.length === 5) return 'item';
  if (code.length === 7 && scheme === 'function') return 'subitem';
  return null;
}

interface LeadingCode {
  /** the code as printed (parts joined), or a partial 款/项 code still to be prefixed */
  code: string | null;
  /** the parts as printed when a 款/项 part lost its leading zero ("301 | 2" for 30102) */
  unpadded?: string;
  partial: string[] | null;
  /** indices of the cells that hold the code */
  cells: number[];
  /** a name printed in the same cell as the code ("201 一般公共服务支出") */
  nameInCell: string | null;
}

const CODE_ONLY = /^\d{3,7}$/;
/** a code and its name in one cell: 201 一般公共服务支出, or the code in brackets ([201]一般公共服务支出: 广州) */
const CODE_AND_NAME = /^[[【]?(\d{3,7})[\]】]?[\s\u3000]*([^\d\s.,\]】].*)$/;

/** The classification code at the start of a row: one cell, or split over 类/款/项 cells. */
export function leadingCode(cells: string[]): LeadingCode {
  const none: LeadingCode = { code: null, partial: null, cells: [], nameInCell: null };
  const i0 = cells.findIndex((c) => c !== '');
  if (i0 < 0) return none;
  const first = normalizeNumeric(cells[i0] ?? '');
  const withName = CODE_AND_NAME.exec(nfkc(cells[i0] ?? '').trim());
  if (withName && !CODE_ONLY.test(first)) {
    return { code: withName[1] ?? null, partial: null, cells: [i0], nameInCell: withName[2] ?? null };
  }
  const parts: number[] = [];
  let i = i0;
  while (i < cells.length) {
    const t = normalizeNumeric(cells[i] ?? '');
    if (t === '') {
      i++;
      continue;
    }
    if (parts.length === 0 ? /^\d{2,7}$/.test(t) : /^\d{1,2}$/.test(t)) {
      parts.push(i);
      i++;
      continue;
    }
    break;
  }
  if (parts.length === 0) return none;
  const printed = parts.map((p) => normalizeNumeric(cells[p] ?? ''));
  // a 款/项 part printed without its leading zero ("2" for 02) is two digits all the same
  const texts = printed.map((t, k) => (k > 0 ? t.padStart(2, '0') : t));
  const unpadded = texts.join('') !== printed.join('') ? printed.join(' ') : undefined;
  if ((texts[0] ?? '').length >= 3)
    return { code: texts.join(''), partial: null, cells: parts, nameInCell: null, ...(unpadded ? { unpadded } : {}) };
  return { code: null, partial: texts, cells: parts, nameInCell: null };
}

export function isCodeDataRow(r: GridRow): boolean {
  const lead = leadingCode(r.cells);
  if (lead.code !== null && (lead.code.length >= 3 || lead.nameInCell)) return true;
  if (r.cells.some((c) => isValueClass(c) && /[.,]/.test(c))) return true;
  // A 合计 row with no figures (an empty table): the total name is all the text it has.
  const words = r.cells.filter((c) => c !== '' && !isValueClass(c));
  return words.length > 0 && isTotalName(words.join(''));
}

/** Leading code cells count as names (left of the figures), not as figures. */
function codeRowRoles(r: GridRow): CellRole[] {
  const lead = new Set(leadingCode(r.cells).cells);
  const roles: CellRole[] = r.cells.map((c, i) => (c === '' ? 'empty' : lead.has(i) ? 'text' : isValueClass(c) ? 'value' : 'text'));
  // a second classification's code left of a name (301 | 01 | 基本工资 | 501 | 01 | 工资奖金津补贴: 烟台)
  // is a key too, not a figure
  const lastText = roles.lastIndexOf('text');
  return roles.map((role, i) => (role === 'value' && i < lastText && /^\d{1,7}$/.test(normalizeNumeric(r.cells[i] ?? '')) ? 'text' : role));
}

/**
 * A table keyed by classification code: income, expenditure, general budget, fund, state capital.
 * Columns come from the header words; where the figures start comes from the data (see resolveOffset).
 */
export function parseCodeTable(
  block: Block,
  ctx: ParseContext,
  patterns: readonly ColumnPattern[],
  scheme: 'function' | 'economic' = 'function',
): ParsedTable<CodeRow> {
  const rows = mergeSplitRows(gridRows(block.grid));
  // (a 合计 or 小计 with no figure is a row of an empty table, but a header cell over figures: 小计
  // under 财政拨款, 烟台's 项目支出预算情况表)
  const figures = rows.some((r) => r.cells.some((c) => isValueClass(c) && /[.,]/.test(c)));
  const split = splitHeader(rows, (r) => isCodeDataRow(r) && (!figures || leadingCode(r.cells).code !== null || r.cells.some((c) => isValueClass(c) && c !== '')));
  const header = mapColumns(split.header, patterns);
  takeBackColumnNumbers(split, header.length, ctx.report);
  const nums = split.numberRow ? columnNumbers(split.numberRow.cells) : [];
  const width = Math.max(header.length, nums.length);
  const len = commonLength(split.data);
  // a PDF's grid: each figure under the header printed over it
  const placed = cutFromPage(block.grid) ? positionalColumns(split.header, header, split.data.map(codeRowRoles), extraKey, nums.map((n) => n.index)) : null;
  if (placed) return codeRows(split, placed, ctx, scheme, nums);
  const offset = resolveOffset(
    split.data,
    width,
    [nums[0]?.index, header[0]?.index, len === null ? null : len - width, len === null ? null : len - width - 1],
    codeRowRoles,
  );
  if (header.length < width)
    ctx.report({
      severity: 'warning',
      code: 'unmapped-column',
      message: `${width - header.length} of ${width} value columns have no recognised header; their figures are reported, not keyed.`,
      location: block.location,
    });

  const reader = rowReader(ctx, scheme, wholeSubitems(split.data));
  for (const r of split.data) {
    const roles = codeRowRoles(r);
    let at = offset;
    if (!rowFits(roles, offset, width)) {
      const own = rowOffset(roles, width, offset);
      if (own !== null) {
        at = own;
        ctx.report({
          severity: 'info',
          code: 'misaligned-row',
          message: `This row is printed ${Math.abs(own - offset)} cell(s) ${own > offset ? 'right' : 'left'} of the others; its figures were read in its own alignment.`,
          location: r.location,
          details: { shift: own - offset },
        });
      } else reportMisfit(r, roles, offset, width, ctx);
    }
    const values: Record<string, number | null> = {};
    header.forEach((col, j) => {
      values[col.key] = amountOf(r.cells[at + j], ctx, r.location);
    });
    for (let j = header.length; j < width; j++) {
      const t = r.cells[at + j] ?? '';
      if (isValueClass(t) && t !== '')
        ctx.report({
          severity: 'warning',
          code: 'unplaced-figure',
          message: `Figure ${t} stands in value column ${j + 1}, which has no recognised header.`,
          location: r.location,
          details: { text: t, column: j + 1 },
        });
    }
    reader.add(r, at, values);
  }
  return { rows: reader.rows, columns: outputColumns(header, split.numberRow) };
}

/** Rows read by position (positionalColumns): each figure under its own header. */
function codeRows(
  split: SplitGrid,
  placed: readonly PlacedColumn[],
  ctx: ParseContext,
  scheme: 'function' | 'economic',
  nums: readonly { number: number; index: number }[],
): ParsedTable<CodeRow> {
  const first = placed[0]?.index ?? 0;
  const reader = rowReader(ctx, scheme, wholeSubitems(split.data));
  for (const r of split.data) {
    const values: Record<string, number | null> = {};
    for (const col of placed) values[col.key] = amountOf(r.cells[col.index], ctx, r.location);
    reader.add(r, first, values);
  }
  // 栏次 by where they stand, where the number row lines up with the header; else in order
  const byIndex = new Map(nums.map((n) => [n.index, n.number]));
  const aligned = placed.every((c) => byIndex.has(c.index));
  const columns = placed.map((c, j) => ({ key: c.key, label: c.label, number: (aligned ? byIndex.get(c.index) : nums[j]?.number) ?? null }));
  return { rows: reader.rows, columns };
}

/** Whether the rows print 7-digit codes whole, each in a cell of its own (not over 类 | 款 | 项 cells). */
function wholeSubitems(data: GridRow[]): boolean {
  return data.some((r) => {
    const lead = leadingCode(r.cells);
    return lead.code?.length === 7 && lead.cells.length === 1;
  });
}

/**
 * Rows of a code table from their cells: the code (one cell, or 类/款/项 parts completed from the
 * rows above), the name left of the figures at `at`, the values as the caller read them.
 */
function rowReader(ctx: ParseContext, scheme: 'function' | 'economic', subitemsWhole = false) {
  const rows: CodeRow[] = [];
  let lastClass: string | null = null;
  let lastItem: string | null = null;
  /** the cell the last 类 code was printed in, alone */
  let classCell: number | null = null;
  const add = (r: GridRow, at: number, values: Record<string, number | null>) => {
    const lead = leadingCode(r.cells.slice(0, at));
    let code = lead.code;
    if (lead.unpadded && code)
      ctx.report({
        severity: 'warning',
        code: 'repaired-code',
        message: `Code printed as "${lead.unpadded}" lost a leading zero; read as ${code}.`,
        location: r.location,
        details: { printed: lead.unpadded, code, source: 'padding' },
      });
    // (a part standing in the cell right of the 类 code's is a 款, two right a 项: 烟台 prints
    // | 09 | | 教育费附加安排的支出 under 205, after the 项 03 of 20508)
    const at1 = lead.cells[0];
    const cellSays = lead.partial?.length === 1 && classCell !== null && at1 !== undefined ? at1 - classCell : 0;
    if (code === null && lead.partial && lastClass && cellSays === 1) code = lastClass + lead.partial.join('');
    else if (code === null && lead.partial && lastItem && cellSays === 2) code = lastItem + lead.partial.join('');
    else if (code === null && lead.partial) {
      const joined = lead.partial.join('');
      if (lead.partial.length === 2 && lastClass) code = lastClass + joined;
      // (where the table prints its 项 codes whole, a two-digit part is a 款: 05 行政事业单位离退休
      // under 208, then 2080501 …, 应急管理局's tables)
      else if (lead.partial.length === 1 && lastItem && rows[rows.length - 1]?.code?.length !== 3 && !subitemsWhole) code = lastItem + joined;
      else if (lead.partial.length === 1 && lastClass) code = lastClass + joined;
    }
    const triple = codedCells(r.cells.slice(0, at));
    if (triple) {
      // (a table by economic class is keyed by the department's economic code, SPEC §2)
      const { economicCode, ...government } = triple.economic;
      if (scheme === 'economic') rows.push({ code: economicCode ?? null, level: levelOf(economicCode ?? null, 'economic'), ...government, name: triple.name, values, location: r.location });
      else rows.push({ code: triple.function, level: levelOf(triple.function, 'function'), ...triple.economic, name: triple.name, values, location: r.location });
      return;
    }
    const leadCells = new Set(lead.cells);
    // (an amount left of the figures is reported where it stands, never glued into the name)
    const nameParts = r.cells.slice(0, at).filter((c, i) => c !== '' && !leadCells.has(i) && !(isValueClass(c) && /[.,]/.test(c)));
    if (lead.nameInCell) nameParts.unshift(lead.nameInCell);
    const name = nameParts.length > 0 ? cleanName(nameParts.join('')) : null;
    if (code === null && name === null && Object.values(values).every((v) => v === null)) return;
    if (code && code.length === 3) {
      lastClass = code;
      classCell = lead.cells.length === 1 ? (lead.cells[0] ?? null) : null;
    }
    if (code && code.length === 5) lastItem = code;
    rows.push({ code, level: levelOf(code, scheme), name, values, location: r.location });
  };
  return { rows, add };
}

const CODED = /^(\d{3,7})[\s\u3000]*[-－—–][\s\u3000]*(\S.*)$/;

/**
 * A row keyed by several classifications, each a code and its name — in one cell (北京 预算03表:
 * 2013601-行政运行 | 50101-工资奖金津补贴 | 30101-基本工资) or in two (西安 表8: 30101 | 基本工资 |
 * 50101 | 工资奖金津补贴; 烟台 splits each over 类 | 款 cells): the function code (2xx), the government economic code (5xx) and the
 * department economic code (3xx), told by their systems' first digit; the names joined in printed
 * order. Null unless two codes of different systems are so printed.
 */
function codedCells(cells: string[]): { function: string | null; economic: { governmentEconomicCode?: string; economicCode?: string }; name: string } | null {
  const pairs: { code: string; name: string }[] = [];
  for (const c of cells) {
    const t = nfkc(c).trim();
    if (t === '') continue;
    const m = CODED.exec(t);
    if (m) pairs.push({ code: m[1]!, name: cleanName(m[2]!) });
    else if (CODE_ONLY.test(t)) pairs.push({ code: t, name: '' });
    // (a 款 part in a cell of its own: 301 | 01 | 基本工资 | 501 | 01 | 工资奖金津补贴, 烟台)
    else if (/^\d{1,2}$/.test(t) && pairs.length > 0 && pairs[pairs.length - 1]!.name === '') pairs[pairs.length - 1]!.code += t.padStart(2, '0');
    else if (pairs.length > 0 && pairs[pairs.length - 1]!.name === '') pairs[pairs.length - 1]!.name = cleanName(t);
    else return null;
  }
  if (pairs.length < 2) return null;
  let fn: string | null = null;
  const economic: { governmentEconomicCode?: string; economicCode?: string } = {};
  for (const { code } of pairs) {
    if (code.startsWith('2') && fn === null) fn = code;
    else if (code.startsWith('5') && economic.governmentEconomicCode === undefined) economic.governmentEconomicCode = code;
    else if (code.startsWith('3') && economic.economicCode === undefined) economic.economicCode = code;
    else return null;
  }
  return { function: fn, economic, name: pairs.map((p) => p.name).filter((n) => n !== '').join(' / ') };
}

/** Figures outside the value block: never dropped silently. (Text inside it is reported by amountOf.) */
export function reportMisfit(r: GridRow, roles: CellRole[], offset: number, width: number, ctx: ParseContext): void {
  roles.forEach((role, i) => {
    const text = r.cells[i] ?? '';
    if (role === 'value' && (i < offset || i >= offset + width))
      ctx.report({
        severity: 'warning',
        code: 'unplaced-figure',
        message: `Figure ${text} stands outside the table's value columns and could not be keyed.`,
        location: r.location,
        details: { text, cell: i + 1 },
      });
  });
}
