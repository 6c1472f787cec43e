import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/summary-totals.js';
import { columns, doc, run } from './helpers.js';

const r = (side: string, line: number, name: string, amount: number | null) => ({ side, line, code: null, level: null, name, values: { amount } });

describe('summary-totals', () => {
  const summary = (expenditureGrand: number) =>
    doc([
      {
        kind: 'income_expenditure_summary',
        columns: columns('amount', 'amount'),
        rows: [
          r('income', 1, '一、一般公共预算财政拨款收入', 1_000_000),
          r('income', 2, '二、事业收入', null),
          r('income', 3, '本年收入合计', 1_000_000),
          r('income', 4, '年初结转和结余', 500_000),
          r('income', 5, '总计', 1_500_000),
          r('expenditure', 6, '一、一般公共服务支出', 1_000_000),
          r('expenditure', 7, '本年支出合计', 1_000_000),
          r('expenditure', 8, '年末结转和结余', 500_000),
          r('expenditure', 9, '总计', expenditureGrand),
        ],
      },
    ]);

  it('checks 本年合计, 总计 and the balance of the two sides without a printed note', () => {
    const { checks } = run(rule, summary(1_500_000));
    expect(checks.map((c) => [c.status, c.expected, c.actual])).toEqual([
      ['pass', 1_000_000, 1_000_000],
      ['pass', 1_500_000, 1_500_000],
      ['pass', 1_000_000, 1_000_000],
      ['pass', 1_500_000, 1_500_000],
      ['pass', 1_500_000, 1_500_000],
    ]);
  });

  it('fails when the sides do not balance', () => {
    const { checks } = run(rule, summary(1_600_000));
    expect(checks.filter((c) => c.status === 'fail').map((c) => [c.expected, c.actual])).toEqual([
      [1_500_000, 1_600_000],
      [1_600_000, 1_500_000],
    ]);
  });
});

describe('summary-totals at the edges', () => {
  it('passes at the tolerance and skips a side with nothing printed', () => {
    const d = doc([
      {
        kind: 'fiscal_summary',
        columns: columns('amount'),
        rows: [
          r('income', 1, '一、一般公共预算财政拨款', 1_000_000),
          r('income', 2, '二、政府性基金预算财政拨款', 1_000_000),
          r('income', 27, '本年收入合计', 2_000_150),
        ],
      },
    ]);
    expect(run(rule, d).checks.map((c) => [c.status, c.tolerance])).toEqual([['pass', 150]]);
    const blank = doc([{ kind: 'fiscal_summary', columns: columns('amount'), rows: [r('income', 1, '一、一般公共预算财政拨款', null), r('income', 27, '本年收入合计', null)] }]);
    expect(run(rule, blank).checks.map((c) => c.status)).toEqual(['skipped']);
  });
});
