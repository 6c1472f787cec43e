import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/performance-scores.js';
import type { Performance } from '../../src/schema/index.js';
import { doc, run } from './helpers.js';

const perf = (over: Partial<Performance>): Performance => ({
  kind: 'self_evaluation',
  scope: 'project',
  project: '后勤保障经费',
  filledOn: null,
  budget: { planned: 1_354_800, executed: 1_354_800, rate: 1, weight: 20, score: 20 },
  goals: [],
  indicators: [
    { goal: null, level1: null, level2: null, name: '劳务派遣人员', target: null, actual: null, weight: 10, score: 8.89 },
    { goal: null, level1: null, level2: null, name: '购买车辆', target: null, actual: null, weight: 10, score: 10 },
  ],
  totalScore: 38.89,
  location: { line: 1 },
  ...over,
});

describe('performance-scores', () => {
  it('passes rate, budget score and total', () => {
    expect(run(rule, doc([], [perf({})])).checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('fails a total that is not the sum of the scores', () => {
    const { checks } = run(rule, doc([], [perf({ totalScore: 40 })]));
    expect(checks[2]).toMatchObject({ status: 'fail', expected: 38.89, actual: 40 });
  });

  it('fails a rate that is not executed / planned', () => {
    const { checks } = run(rule, doc([], [perf({ budget: { planned: 2_760_0, executed: 2_730_0, rate: 0.95, weight: null, score: null } })]));
    expect(checks[0]).toMatchObject({ status: 'fail', actual: 0.95, expected: 0.98913 });
  });

  it('fails a score above its weight', () => {
    const { checks } = run(rule, doc([], [perf({ indicators: [{ goal: null, level1: null, level2: null, name: 'x', target: null, actual: null, weight: 5, score: 6 }], totalScore: 26 })]));
    expect(checks.find((c) => c.formula.includes('≤'))).toMatchObject({ status: 'fail', actual: 6, expected: 5 });
  });
});

describe('performance-scores at the edges', () => {
  it('passes a total at its tolerance and skips what is not printed', () => {
    // 3 parts (2 scores + budget score): 4 × 0.005
    expect(run(rule, doc([], [perf({ totalScore: 38.91 })])).checks[2]).toMatchObject({ status: 'pass', tolerance: 0.02 });
    expect(run(rule, doc([], [perf({ budget: null, totalScore: null })])).checks).toEqual([]);
  });
});
