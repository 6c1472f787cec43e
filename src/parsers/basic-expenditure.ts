import type { Level, Location } from '../schema/index.js';
import { cleanName, normLabel } from './cells.js';
import { leadingCode, levelOf, parseCodeTable } from './code-table.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import { isValueClass, mergeSplitRows, splitHeader, stackedLabels, type ColumnPattern } from './grid.js';
import { normalizeNumeric } from './number.js';

export type Group = 'personnel' | 'public';

export interface BasicRow {
  code: string | null;
  level: Level | null;
  governmentEconomicCode?: string;
  group?: Group;
  name: string | null;
  values: Record<string, number | null>;
  location: Location;
}

const BUDGET_COLUMNS: readonly ColumnPattern[] = [
  // (烟台: 人员支出 | 日常公用支出)
  { key: 'personnel', match: /人员(经费|支出)/ },
  { key: 'public', match: /公用(经费|支出)/ },
  // (广州 heads the one amount column 预算 alone)
  { key: 'total', match: /合计|总计|小计|^基本支出$|预算数|决算数|金额|^预算$/ },
];

const TOTAL_LABEL = /^(人员经费|公用经费)(合计|小计)$/;

function isDataRow(r: GridRow): boolean {
  return r.cells.some((c) => /^\d{3,5}$/.test(normalizeNumeric(c)) || TOTAL_LABEL.test(normLabel(c)));
}

interface Segment {
  start: number;
  /** the first code cell: the code runs from here up to the name cell (类 | 款, or one cell) */
  code: number;
  name: number;
  amount: number;
  group: Group | null;
}

/** SPEC §2: 人员经费 block holds 301, 303; 公用经费 block 302, 307, 310, 399. */
function groupOfCode(code: string | null): Group | null {
  if (!code) return null;
  return /^30[13]/.test(code) ? 'personnel' : 'public';
}

/**
 * 一般公共预算财政拨款基本支出决算明细表: in final accounts, blocks of (code, name, amount) side by
 * side under 人员经费 and 公用经费; each row gets `group` from the block it is printed in. The budget
 * form (one code column, 人员经费 and 公用经费 as value columns) is a plain code table.
 */
export function parseBasicExpenditure(block: Block, ctx: ParseContext): ParsedTable<BasicRow> {
  const rows = mergeSplitRows(gridRows(block.grid));
  const split = splitHeader(rows, isDataRow);
  // the final-accounts form prints (编码, 名称, 决算数) two or three times side by side
  const codeCell = (c: string) => /经济分类|科目编码|^编码$/.test(normLabel(c)) && !/名称/.test(c);
  // header cells stacked by column: 经济分类 / 科目编码 / 类 over one column, 款 over the next
  const stacked = stackedLabels(split.header);
  // (two classifications' code columns side by side — 政府支出经济分类科目 | 部门支出经济分类科目, 北京 —
  // are one row's keys, not blocks: a block has its figures between its code and the next block's)
  // (西安: 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称 — no figure column between the two codes)
  const codeAt = stacked.flatMap((c, i) => (codeCell(c) ? [i] : []));
  const figureBetween = (from: number, to: number) => stacked.slice(from + 1, to).some((l) => l !== '' && !/名称|编码|科目|^(类|款|项)+$/.test(normLabel(l)));
  if (codeAt.length < 2 || codeAt.some((i, k) => k > 0 && !figureBetween(codeAt[k - 1]!, i))) return parseCodeTable(block, ctx, BUDGET_COLUMNS, 'economic');
  const codeHeader = { cells: stacked };

  const groupRow = split.header.find((r) => r.cells.some((c) => /^(人员经费|公用经费)$/.test(normLabel(c))));
  const groupAt: { index: number; group: Group }[] = [];
  groupRow?.cells.forEach((c, index) => {
    const t = normLabel(c);
    if (t === '人员经费') groupAt.push({ index, group: 'personnel' });
    if (t === '公用经费') groupAt.push({ index, group: 'public' });
  });
  const starts = codeHeader.cells.flatMap((c, i) => (codeCell(c) ? [i] : []));
  const segments: Segment[] = starts.map((start, k) => {
    const end = starts[k + 1] ?? codeHeader.cells.length;
    const labels = codeHeader.cells.slice(start, end).map(normLabel);
    const nameRel = labels.findIndex((l) => /名称/.test(l));
    const amountRel = labels.findIndex((l, i) => i > Math.max(nameRel, 0) && l !== '' && !/名称/.test(l) && !/^(类|款|项)$/.test(l));
    const owner = [...groupAt].reverse().find((g) => g.index <= start);
    return {
      start,
      code: start,
      name: start + (nameRel > 0 ? nameRel : 1),
      amount: start + (amountRel > 0 ? amountRel : 2),
      group: owner?.group ?? null,
    };
  });

  const byGroup: Record<Group, BasicRow[]> = { personnel: [], public: [] };
  const ungrouped: BasicRow[] = [];
  const totals: BasicRow[] = [];
  const perSegment: BasicRow[][] = segments.map(() => []);
  for (const r of split.data) {
    const labels = r.cells.flatMap((c, i) => (TOTAL_LABEL.test(normLabel(c)) ? [i] : []));
    if (labels.length > 0) {
      labels.forEach((at, k) => {
        const end = labels[k + 1] ?? r.cells.length;
        const label = normLabel(r.cells[at] ?? '');
        const valueAt = r.cells.findIndex((c, i) => i > at && i < end && isValueClass(c));
        totals.push({
          code: null,
          level: null,
          group: label.startsWith('人员') ? 'personnel' : 'public',
          name: cleanName(r.cells[at] ?? ''),
          values: { total: valueAt >= 0 ? amountOf(r.cells[valueAt], ctx, r.location) : null },
          location: r.location,
        });
      });
      continue;
    }
    segments.forEach((seg, k) => {
      // the code in one cell, or split over 类 and 款 cells
      const codeCells = r.cells.slice(seg.code, seg.name);
      const codeText = codeCells.join('');
      const nameText = r.cells[seg.name] ?? '';
      const amountText = r.cells[seg.amount] ?? '';
      if (codeText === '' && nameText === '' && amountText === '') return;
      const lead = leadingCode(codeCells.length > 1 ? codeCells : [codeText]);
      const printed = codeText === '' ? null : normalizeNumeric(codeText);
      // a code cell that holds no code (a damaged copy: ":011") is reported, and the row kept without one
      const readable = printed === null || /^\d+$/.test(printed);
      if (lead.code === null && !readable)
        ctx.report({
          severity: 'warning',
          code: 'unreadable-code',
          message: `"${codeText}" stands where an economic classification code belongs and is not one; the row is kept without a code.`,
          location: r.location,
          details: { text: codeText },
        });
      const code = lead.code ?? (readable ? printed : null);
      const group = seg.group ?? groupOfCode(code);
      const row: BasicRow = {
        code,
        level: levelOf(code, 'economic'),
        ...(group ? { group } : {}),
        // a code and its name printed in one cell ("310资本性支出") keep the name
        name: nameText !== '' ? cleanName(nameText) : lead.nameInCell ? cleanName(lead.nameInCell) : null,
        values: { total: amountOf(amountText, ctx, r.location) },
        location: r.location,
      };
      perSegment[k]?.push(row);
    });
  }
  segments.forEach((seg, k) => {
    const list = perSegment[k] ?? [];
    if (seg.group) byGroup[seg.group].push(...list);
    // no 人员经费/公用经费 header over the blocks: each row by its code (SPEC §2)
    else for (const row of list) (row.group ? byGroup[row.group] : ungrouped).push(row);
  });
  const totalOf = (g: Group) => totals.filter((t) => t.group === g);
  return {
    rows: [...byGroup.personnel, ...totalOf('personnel'), ...byGroup.public, ...ungrouped, ...totalOf('public')],
    columns: [{ key: 'total', label: normLabel(codeHeader.cells[segments[0]?.amount ?? 2] ?? ''), number: null }],
  };
}
