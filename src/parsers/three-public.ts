import type { Location } from '../schema/index.js';
import { cleanName, columnNumbers, normLabel } from './cells.js';
import { amountOf, gridRows, type Block, type GridRow, type ParseContext, type ParsedTable } from './context.js';
import { defaultRoles, isValueClass, resolveOffset, splitHeader } from './grid.js';

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

function stageOf(text: string): Stage | null {
  const t = normLabel(text);
  if (/决算|实际|执行/.test(t)) return 'final';
  if (/预算/.test(t)) return 'budget';
  return null;
}

function isDataRow(r: GridRow): boolean {
  return r.cells.some((c) => isValueClass(c) && /[.,]/.test(c)) || r.cells.some((c) => /^[\d.]+$/.test(c) && /\./.test(c));
}

/** 财政拨款"三公"经费支出表: 预算数 and 决算数 side by side (final accounts) or one row a stage. */
export function parseThreePublic(block: Block, ctx: ParseContext & { defaultStage: Stage }): ParsedTable<ThreePublicRow> {
  const rows = gridRows(block.grid);
  const split = splitHeader(rows, isDataRow);
  const stageCells: { index: number; stage: Stage }[] = [];
  for (const r of split.header) {
    r.cells.forEach((c, index) => {
      const s = /^(预算|决算|实际)/.test(normLabel(c)) ? stageOf(c) : null;
      if (s && !stageCells.some((x) => x.stage === s)) stageCells.push({ index, stage: s });
    });
    if (stageCells.length > 0) break;
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
