import type { Location } from '../schema/index.js';
import { cleanName, columnNumbers, normLabel } from './cells.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import { defaultRoles, isValueClass, mapColumns, resolveOffset, splitHeader, stackedLabels, type ColumnPattern, type HeaderColumn } from './grid.js';

export type Stage = 'budget' | 'final';

export interface ThreePublicRow {
  stage: Stage;
  name: string | null;
  values: Record<string, number | null>;
  location: Location;
}

// The standard 三公 columns in printed order: 合计, 因公出国(境)费, 公务用车购置及运行维护费
// (小计, 公务用车购置费, 公务用车运行维护费), 公务接待费.
const LAYOUTS: Record<number, string[]> = {
  6: ['total', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception'],
  5: ['total', 'overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'],
  4: ['total', 'overseas', 'vehicle', 'reception'],
  3: ['overseas', 'vehicle', 'reception'],
};

const LABELS: Record<string, string> = {
  total: '合计',
  overseas: '因公出国(境)费',
  vehicle: '公务用车购置及运行维护费',
  vehicle_purchase: '公务用车购置费',
  vehicle_operation: '公务用车运行维护费',
  reception: '公务接待费',
};

const NAMED: readonly ColumnPattern[] = [
  { key: 'other', match: /机关运行经费/ },
  { key: 'total', match: /^(合计|总计)$/ },
  { key: 'overseas', match: /因公出国/ },
  { key: 'reception', match: /公务接待/ },
  { key: 'vehicle', match: /^小计$|公务用车购置及运行/ },
  { key: 'vehicle_purchase', match: /购置费?$/ },
  { key: 'vehicle_operation', match: /^(公务用车)?运行(维护)?费$/ },
];

function stageOf(text: string): Stage | null {
  const t = normLabel(text);
  if (/决算|实际|执行/.test(t)) return 'final';
  if (/预算/.test(t)) return 'budget';
  return null;
}

function isDataRow(r: GridRow): boolean {
  return r.cells.some((c) => isValueClass(c) && /[.,]/.test(c)) || r.cells.some((c) => /^[\d.]+$/.test(c) && /\./.test(c));
}

const CATEGORY: [RegExp, string][] = [
  [/^合计$|^总计$|^三公经费(合计)?$/, 'total'],
  [/因公出国/, 'overseas'],
  [/公务用车购置及运行/, 'vehicle'],
  [/公务用车购置(费)?$|^车辆购置(费)?$/, 'vehicle_purchase'],
  [/运行(维护|维修)?费?$/, 'vehicle_operation'],
  [/公务接待/, 'reception'],
];

/** A 三公 category printed as a row name: "2. 公务用车购置及运行维护费", "其中：（1）公务用车购置". */
export function categoryOf(name: string): string | null {
  const t = normLabel(name)
    .replace(/^其中[:：]?/, '')
    .replace(/^[(（]?\d+[)）.、．]?/, '')
    .replace(/^[一二三四五六][、.．]/, '')
    .replace(/["“”"]/g, '');
  return CATEGORY.find(([re]) => re.test(t))?.[1] ?? null;
}

/**
 * The budget form: one row a category (合计, 因公出国(境)费用, 公务用车…, 公务接待费), one column a
 * stage (本年预算数; a 决算 column where printed). Becomes one output row a stage.
 */
function parseCategoryRows(rows: GridRow[], ctx: ParseContext & { defaultStage: Stage }): ParsedTable<ThreePublicRow> | null {
  // (a category row prints its figure, or a dash where it has none: header lines naming the
  // categories over columns — 合计 | … | 因公出国 … — are not rows, 西安)
  const named = rows.filter((r) => categoryOf(r.cells.find((c) => c !== '') ?? '') !== null && r.cells.some((c) => c !== '' && isValueClass(c)));
  if (named.length < 3) return null;
  const first = rows.indexOf(named[0]!);
  const header = rows.slice(0, first);
  // value columns: the header cells naming a stage, in printed order
  const stageCols: { index: number; stage: Stage; label: string }[] = [];
  for (const r of header)
    r.cells.forEach((c, index) => {
      const label = normLabel(c);
      const stage = /上年/.test(label) ? null : stageOf(label);
      if (stage && !stageCols.some((x) => x.stage === stage)) stageCols.push({ index, stage, label });
    });
  if (stageCols.length === 0) {
    const valueAt = named.flatMap((r) => r.cells.flatMap((c, i) => (isValueClass(c) && c !== '' ? [i] : [])));
    stageCols.push({ index: valueAt.length > 0 ? Math.min(...valueAt) : 1, stage: ctx.defaultStage, label: '' });
  }
  const out: ThreePublicRow[] = stageCols.map(({ stage }) => ({
    stage,
    name: null,
    values: {},
    location: named[0]!.location,
  }));
  for (const r of rows.slice(first)) {
    const nameAt = r.cells.findIndex((c) => c !== '');
    const key = categoryOf(r.cells[nameAt] ?? '');
    if (!key) continue;
    stageCols.forEach((col, s) => {
      const row = out[s]!;
      // the value sits under its stage header, or in the first value cell right of the name
      const at = isValueClass(r.cells[col.index] ?? '') ? col.index : r.cells.findIndex((c, i) => i > nameAt && isValueClass(c));
      row.values[key] = at >= 0 ? amountOf(r.cells[at], ctx, r.location) : null;
    });
  }
  // every key, in the printed order, whichever rows were found
  for (const row of out) row.values = Object.fromEntries(LAYOUTS[6]!.map((key) => [key, row.values[key] ?? null]));
  return {
    rows: out,
    columns: LAYOUTS[6]!.map((key) => ({ key, label: LABELS[key] ?? key, number: null })),
  };
}

const NAMED_WIDE: readonly ColumnPattern[] = [...NAMED.filter((p) => p.key !== 'other'), { key: 'meeting', match: /会议费/ }, { key: 'training', match: /培训费/ }];
const PERIOD = /^(上年|当年|本年|增减|\d{4}年)/;

/**
 * A 三公 table printed once a period, side by side (西安: 上年 | 当年 | 增减变化情况, each 合计 | 小计 |
 * 因公出国 | 公务接待费 | 公务用车 小计 | 购置 | 运行 | 会议费 | 培训费): each period's block read by
 * its own header names, a row a period, the current one first. Where a block adds 会议费 and 培训费,
 * its 合计 counts them too: the 三公 total is the 小计 beside it, and 合计 keeps a key of its own.
 * Null unless the header prints two periods or more over blocks that each start with a 合计.
 */
function byPeriod(header: GridRow[], data: GridRow[], ctx: ParseContext & { defaultStage: Stage }): ParsedTable<ThreePublicRow> | null {
  const totalsRow = header.find((r) => r.cells.filter((c) => /^(合计|总计)$/.test(normLabel(c))).length >= 2);
  const periodRow = header.find((r) => r.cells.filter((c) => PERIOD.test(normLabel(c))).length >= 2);
  if (!totalsRow || !periodRow) return null;
  const starts = totalsRow.cells.flatMap((c, i) => (/^(合计|总计)$/.test(normLabel(c)) ? [i] : []));
  const width = Math.max(...header.map((r) => r.cells.length), ...data.map((r) => r.cells.length));
  const labels = stackedLabels(header);
  const blocks = starts.map((from, k) => {
    const to = starts[k + 1] ?? width;
    const only = header.map((r) => ({ ...r, cells: r.cells.map((c, i) => (i >= from && i < to ? c : '')) }));
    let cols = mapColumns(only, NAMED_WIDE).map((c) => ({ key: c.key, label: c.label, index: c.index }));
    // the period over the block: the header cell within it, or the last one left of its end
    const periodAt = periodRow.cells.flatMap((c, i) => (PERIOD.test(normLabel(c)) && i < to ? [i] : []));
    const period = normLabel(periodRow.cells[periodAt[periodAt.length - 1] ?? -1] ?? '');
    if (cols.some((c) => c.key === 'meeting' || c.key === 'training')) {
      const grand = cols.find((c) => c.key === 'total');
      const overseas = cols.find((c) => c.key === 'overseas');
      const sub = labels.findIndex((l, i) => grand !== undefined && i > grand.index && i < (overseas?.index ?? to) && /小计$/.test(l));
      if (grand && sub >= 0) cols = [...cols.filter((c) => c !== grand), { key: 'total', label: labels[sub] ?? '小计', index: sub }, { key: 'c1', label: grand.label, index: grand.index }];
    }
    // a header set half a column left or right of its figures (烟台: 合计 over the gap before 356.10):
    // a name over no figure in any row takes the figures of the column beside it that no header names
    const filled = (i: number) => data.some((r) => isValueClass(r.cells[i] ?? ''));
    // (no name but the period's: 2025年预算数 stands over the block, not over a column)
    const unnamed = (l: string) => l.replace(PERIOD, '').replace(/^年?(预算|决算)?数?$/, '') === '';
    const named = new Set(cols.map((c) => c.index));
    cols = cols.map((c) => {
      if (filled(c.index)) return c;
      const beside = [c.index + 1, c.index - 1].find((i) => i >= from && i < to && !named.has(i) && unnamed(labels[i] ?? '') && filled(i));
      if (beside === undefined) return c;
      named.add(beside);
      return { ...c, index: beside };
    });
    return { from, period, cols: cols.sort((a, b) => a.index - b.index) };
  });
  if (blocks.some((b) => b.cols.length < 3 || b.period === '')) return null;
  // the current period first (当年, 本年, the latest year), then the others as printed
  const current = (b: (typeof blocks)[number]) => (/^(当年|本年)/.test(b.period) ? 2 : /^\d{4}年/.test(b.period) ? 1 + Number(b.period.slice(0, 4)) / 1e4 : 0);
  const ordered = [...blocks].sort((a, b) => current(b) - current(a));
  const keys = [...new Set(ordered.flatMap((b) => b.cols.map((c) => c.key)))];
  const out: ThreePublicRow[] = [];
  for (const r of data) {
    const label = r.cells.slice(0, starts[0]).filter((c) => c !== '' && !isValueClass(c)).join(' ');
    for (const b of ordered) {
      const values: Record<string, number | null> = {};
      for (const key of [...LAYOUTS[6]!, ...keys]) values[key] = null;
      for (const c of b.cols) values[c.key] = amountOf(r.cells[c.index], ctx, r.location);
      const name = cleanName(`${label} ${b.period}`);
      out.push({ stage: stageOf(b.period) ?? ctx.defaultStage, name: name === '' ? null : name, values, location: r.location });
    }
  }
  const first = ordered[0]!.cols;
  return { rows: out, columns: [...LAYOUTS[6]!, ...keys.filter((k) => !LAYOUTS[6]!.includes(k))].map((key) => ({ key, label: first.find((c) => c.key === key)?.label ?? LABELS[key] ?? key, number: null })) };
}

/**
 * Named columns over groups of fund sources: where the deepest header row repeats 一般公共预算 |
 * 政府性基金 | 国有资本经营 under the categories, each category reads its group's 一般公共预算 cell and
 * lists the group's other cells as `sources`.
 */
function fundGroups(header: GridRow[], named: HeaderColumn[]): (HeaderColumn & { sources?: number[] })[] {
  const count = (r: GridRow, re: RegExp) => r.cells.filter((c) => re.test(normLabel(c))).length;
  // (the fund sources themselves, side by side: not a 一般公共预算拨款安排的“三公”经费预算 group header)
  const row = [...header].reverse().find((r) => count(r, /^一般公共预?算?$/) >= 2 && count(r, /^政府性基金(预算?)?$/) >= 2);
  if (!row) return named;
  const starts = row.cells.flatMap((c, i) => (/^一般公共预?/.test(normLabel(c)) ? [i] : []));
  const end = (k: number) => starts[k + 1] ?? row.cells.reduce((last, c, i) => (normLabel(c) !== '' ? i + 1 : last), 0);
  return named.map((c) => {
    const k = starts.findIndex((s, j) => c.index >= s && c.index < end(j));
    if (k < 0 || c.key === 'other') return c;
    const from = starts[k]!;
    const sources: number[] = [];
    for (let i = from + 1; i < end(k); i++) sources.push(i);
    return { ...c, index: from, sources };
  });
}

/** 财政拨款"三公"经费支出表: 预算数 and 决算数 side by side (final accounts), or a row a category (budget). */
export function parseThreePublic(block: Block, ctx: ParseContext & { defaultStage: Stage }): ParsedTable<ThreePublicRow> {
  const rows = gridRows(block.grid);
  const byCategory = parseCategoryRows(rows, ctx);
  if (byCategory) return byCategory;
  const split = splitHeader(rows, isDataRow);
  const stageCells: { index: number; stage: Stage }[] = [];
  for (const r of split.header) {
    r.cells.forEach((c, index) => {
      const s = /^(预算|决算|实际)/.test(normLabel(c)) ? stageOf(c) : null;
      if (s && !stageCells.some((x) => x.stage === s)) stageCells.push({ index, stage: s });
    });
    // 预算数 and 决算数 may stand on lines of their own (a PDF's tall header centres them apart)
    if (stageCells.length > 1) break;
  }
  const stages = stageCells.sort((a, b) => a.index - b.index).map((x) => x.stage);
  const nums = split.numberRow ? columnNumbers(split.numberRow.cells) : [];
  const valueIdx = split.data.flatMap((r) => r.cells.flatMap((c, i) => (isValueClass(c) ? [i] : [])));
  const span = valueIdx.length > 0 ? Math.max(...valueIdx) - Math.min(...valueIdx) + 1 : 0;
  const perStageCount = (n: number) => {
    const k = Math.max(stages.length, 1);
    const candidates = [6, 5, 4, 3].filter((c) => c * k >= n);
    return candidates[candidates.length - 1] ?? 6;
  };
  const headerText = split.header.map((r) => r.cells.join('')).join('');
  const hasSubColumns = /小计/.test(headerText) || /购置费/.test(headerText);
  const per = nums.length > 0 ? Math.round(nums.length / Math.max(stages.length, 1)) : hasSubColumns ? 6 : perStageCount(span);
  const keys = LAYOUTS[per] ?? LAYOUTS[6]!;

  const out: ThreePublicRow[] = [];
  // one stage, its columns named in the header (Shanghai: 合计, 因公出国, 公务接待费, 公务用车 小计,
  // 购置费, 运行费, then 机关运行经费, which is not a 三公 figure): read the columns by their names
  // (the line naming the periods may stand above the grid, with the title: 2025年预算数 | 2026年预算数)
  const periodAbove = gridRows(block.pre)
    .reverse()
    .find((r) => r.cells.filter((c) => PERIOD.test(normLabel(c))).length >= 2 && r.cells.length === Math.max(...split.header.map((h) => h.cells.length), 0));
  const wide = byPeriod(split.header, split.data, ctx) ?? (periodAbove ? byPeriod([periodAbove, ...split.header], split.data, ctx) : null);
  if (wide) return wide;
  const named = fundGroups(split.header, mapColumns(split.header, NAMED));
  if (stages.length < 2 && named.filter((c) => c.key !== 'other').length >= 3) {
    // a category over its fund sources (深圳: 一般公共预算 | 政府性基金预算 | 国有资本经营预算 under
    // each, its name centred over the middle one): the category's figure is the 一般公共预算 one, the
    // others keep keys of their own (c1, c2 … in printed order)
    const extra = named.flatMap((c) => c.sources ?? []);
    for (const r of split.data) {
      const values: Record<string, number | null> = {};
      for (const key of LAYOUTS[6]!) values[key] = null;
      extra.forEach((at, k) => {
        values[`c${k + 1}`] = amountOf(r.cells[at], ctx, r.location);
      });
      for (const col of named) {
        const text = r.cells[col.index] ?? '';
        if (col.key === 'other') {
          if (isValueClass(text) && text !== '')
            ctx.report({
              severity: 'info',
              code: 'column-not-in-contract',
              message: `${col.label} ${text} is printed in the 三公 table but is not a 三公 figure; it is not output.`,
              location: r.location,
              details: { label: col.label, text },
            });
          continue;
        }
        values[col.key] = amountOf(text, ctx, r.location);
      }
      // a figure under no named column (a header set above the table, 机关运行经费) is reported
      r.cells.forEach((text, i) => {
        if (text !== '' && isValueClass(text) && !named.some((c) => c.index === i) && !extra.includes(i))
          ctx.report({
            severity: 'warning',
            code: 'unplaced-figure',
            message: `Figure ${text} stands in a column of the 三公 table that has no header; it is not output.`,
            location: r.location,
            details: { text, cell: i + 1 },
          });
      });
      // a row's label (预算单位, 2025年 / 2026年 / 增减变化金额): its name, and its stage where it says one
      const first = Math.min(...named.map((c) => c.index), ...extra);
      const label = r.cells.slice(0, first).filter((c) => c !== '' && !isValueClass(c)).join(' ');
      out.push({ stage: stageOf(label) ?? stages[0] ?? ctx.defaultStage, name: label === '' ? null : cleanName(label), values, location: r.location });
    }
    const labels = stackedLabels(split.header);
    return {
      rows: out,
      columns: [
        ...named.filter((c) => c.key !== 'other').map((c) => ({ key: c.key, label: c.label, number: null })),
        ...extra.map((at, k) => ({ key: `c${k + 1}`, label: labels[at] ?? '', number: null })),
      ],
    };
  }
  // a stage over every value column (预算数 决算数 预算数 决算数 …, Shanghai final accounts): each
  // column's stage from that row, its category from the header name over it or from its place
  const stageRow = split.header.find((r) => r.cells.filter((c) => /^(预算|决算)/.test(normLabel(c))).length >= 4);
  if (stageRow && stages.length >= 2) {
    const cols = stageRow.cells.flatMap((c, index) => (/^(预算|决算)/.test(normLabel(c)) ? [{ index, stage: stageOf(c)! }] : []));
    const interleaved = cols[0]!.stage !== cols[1]!.stage;
    const per = Math.ceil(cols.length / stages.length);
    const order = LAYOUTS[per] ?? LAYOUTS[6]!;
    const slot = (k: number) => (interleaved ? Math.floor(k / stages.length) : k % per);
    // header names sit over one column of their pair (centred in the merged cell)
    const names = mapColumns(split.header.filter((r) => r !== stageRow), NAMED).filter((c) => c.key !== 'other');
    const slotOf = (index: number) => {
      const k = cols.findIndex((c) => c.index >= index);
      return k < 0 ? -1 : slot(k);
    };
    const byName = new Map(names.map((n) => [slotOf(n.index), n.key] as const));
    const useNames = byName.size === per && names.length === per && !byName.has(-1);
    const keyOf = (k: number) => (useNames ? byName.get(slot(k))! : order[slot(k)]!);
    for (const r of split.data) {
      for (const stage of stages) {
        const values: Record<string, number | null> = {};
        for (const key of LAYOUTS[6]!) values[key] = null;
        cols.forEach((c, k) => {
          if (c.stage === stage) values[keyOf(k)] = amountOf(r.cells[c.index], ctx, r.location);
        });
        out.push({ stage, name: null, values, location: r.location });
      }
      // a figure under no 预算数/决算数 column is reported, not dropped
      r.cells.forEach((text, i) => {
        if (text !== '' && isValueClass(text) && !cols.some((c) => c.index === i))
          ctx.report({
            severity: 'warning',
            code: 'unplaced-figure',
            message: `Figure ${text} stands outside the 预算数/决算数 columns of the 三公 table; it is not output.`,
            location: r.location,
            details: { text, cell: i + 1 },
          });
      });
    }
    const keysOut = [...new Set(cols.map((_, k) => keyOf(k)))];
    return { rows: out, columns: keysOut.map((key) => ({ key, label: LABELS[key] ?? key, number: null })) };
  }
  if (stages.length >= 2) {
    const width = keys.length * stages.length;
    const offset = resolveOffset(split.data, width, [nums[0]?.index, 0], defaultRoles);
    for (const r of split.data) {
      stages.forEach((stage, s) => {
        const values: Record<string, number | null> = {};
        keys.forEach((key, j) => {
          values[key] = amountOf(r.cells[offset + s * keys.length + j], ctx, r.location);
        });
        out.push({ stage, name: null, values, location: r.location });
      });
    }
  } else {
    const offset = resolveOffset(split.data, keys.length, [nums[0]?.index], defaultRoles);
    for (const r of split.data) {
      const label = r.cells.slice(0, offset).filter((c) => c !== '').join('');
      const stage = stageOf(label) ?? stages[0] ?? ctx.defaultStage;
      const values: Record<string, number | null> = {};
      keys.forEach((key, j) => {
        values[key] = amountOf(r.cells[offset + j], ctx, r.location);
      });
      out.push({ stage, name: label === '' ? null : cleanName(label), values, location: r.location });
    }
  }
  const columns = stages.length >= 2 ? stages.flatMap(() => keys) : keys;
  return {
    rows: out,
    columns: columns.map((key, j) => ({ key, label: LABELS[key] ?? key, number: nums[j]?.number ?? null })),
  };
}
