import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/across-tables.js';
import { columns, doc, run } from './helpers.js';

describe('across-tables', () => {
  const d = (classTotal: number) =>
    doc([
      {
        kind: 'income_expenditure_summary',
        number: '表1',
        columns: columns('amount', 'amount'),
        rows: [
          { side: 'expenditure', line: 32, code: null, level: null, name: '一、一般公共服务支出', values: { amount: 1_000_000 } },
          { side: 'expenditure', line: 58, code: null, level: null, name: '本年支出合计', values: { amount: 1_000_000 } },
        ],
      },
      {
        kind: 'expenditure',
        number: '表3',
        columns: columns('total', 'basic', 'project'),
        rows: [
          { code: null, level: null, name: '合计', values: { total: classTotal, basic: null, project: null } },
          { code: '201', level: 'class', name: '一般公共服务支出', values: { total: classTotal, basic: null, project: null } },
        ],
      },
    ]);

  it('matches the summary’s totals and classes to the expenditure table', () => {
    expect(run(rule, d(1_000_000)).checks.map((c) => [c.status, c.formula])).toEqual([
      ['pass', '表1 本年支出合计 = 表3 合计'],
      ['pass', '表1 一、一般公共服务支出 = 表3 201 一般公共服务支出'],
    ]);
  });

  it('fails where they disagree', () => {
    expect(run(rule, d(1_100_000)).checks.map((c) => [c.status, c.expected, c.actual, c.location])).toEqual([
      ['fail', 1_100_000, 1_000_000, { line: 3 }],
      ['fail', 1_100_000, 1_000_000, { line: 2 }],
    ]);
  });
});

describe('across-tables at the edges', () => {
  it('passes at the tolerance, two figures each ± half a unit', () => {
    const d = doc([
      { kind: 'income_expenditure_summary', columns: columns('amount'), rows: [{ side: 'income', line: 27, code: null, level: null, name: '本年收入合计', values: { amount: 1_000_100 } }] },
      { kind: 'income', columns: columns('total'), rows: [{ code: null, level: null, name: '合计', values: { total: 1_000_000 } }] },
    ]);
    expect(run(rule, d).checks.map((c) => [c.status, c.difference, c.tolerance])).toEqual([['pass', 100, 100]]);
  });

  it('skips a class the other table does not have', () => {
    const d = doc([
      {
        kind: 'income_expenditure_summary',
        columns: columns('amount'),
        rows: [{ side: 'expenditure', line: 40, code: null, level: null, name: '九、卫生健康支出', values: { amount: 259_000 } }],
      },
      { kind: 'expenditure', columns: columns('total'), rows: [{ code: '201', level: 'class', name: '一般公共服务支出', values: { total: 1 } }] },
    ]);
    expect(run(rule, d).checks.map((c) => c.status)).toEqual(['skipped', 'skipped']);
  });
});
