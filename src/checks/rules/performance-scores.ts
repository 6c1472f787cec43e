import type { Performance } from '../../schema/index.js';
import { defineRule, type RuleContext } from '../rule.js';

// Rates print as percentages with two decimals (±0.005 percentage points), scores with two decimals.
const RATE_TOLERANCE = 0.0001;
const SCORE_HALF_UNIT = 0.005;

function round(v: number): number {
  return Number(v.toFixed(6));
}

function compare(ctx: RuleContext, p: Performance, formula: string, actual: number, expected: number, tolerance: number): void {
  const difference = round(actual - expected);
  const pass = Math.abs(difference) <= tolerance + 1e-9;
  ctx.result({
    origin: 'builtin',
    table: null,
    formula,
    status: pass ? 'pass' : 'fail',
    expected: round(expected),
    actual: round(actual),
    difference,
    tolerance,
    message: pass ? `${formula} holds.` : `${formula}: printed ${round(actual)}, expected ${round(expected)}, off by ${difference}.`,
    location: p.location,
  });
}

export default defineRule({
  id: 'performance-scores',
  family: 'performance',
  description: 'Performance tables: rate = executed / planned; budget score = weight × rate (capped); score ≤ weight; Σ scores = total score.',
  tables: [],
  run(ctx) {
    for (const p of ctx.doc.performance) {
      const name = p.project ?? (p.scope === 'department' ? '部门整体' : '项目');
      const b = p.budget;
      if (b && b.planned !== null && b.executed !== null && b.planned !== 0 && b.rate !== null)
        compare(ctx, p, `${name}: 执行率 = 执行数 / 预算数`, b.rate, b.executed / b.planned, RATE_TOLERANCE);
      if (b && b.weight !== null && b.score !== null && b.rate !== null)
        compare(ctx, p, `${name}: 预算执行得分 = 分值 × 执行率`, b.score, b.weight * Math.min(b.rate, 1), SCORE_HALF_UNIT * 2 + b.weight * RATE_TOLERANCE);
      for (const i of p.indicators)
        if (i.weight !== null && i.score !== null && i.score > i.weight + 1e-9)
          compare(ctx, p, `${name}: ${i.name} 得分 ≤ 分值`, i.score, i.weight, 0);
      const scores = p.indicators.map((i) => i.score);
      if (p.totalScore !== null && scores.length > 0 && scores.every((s) => s !== null)) {
        const parts = [...(scores as number[]), ...(b?.score !== null && b?.score !== undefined ? [b.score] : [])];
        compare(ctx, p, `${name}: 总分 = Σ 得分${b?.score != null ? ' + 预算执行得分' : ''}`, p.totalScore, parts.reduce((s, x) => s + x, 0), (parts.length + 1) * SCORE_HALF_UNIT);
      }
    }
  },
});
