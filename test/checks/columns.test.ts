import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/columns.js';
import { columns, doc, results } from './helpers.js';

describe('columns', () => {
  const expenditure = (total: number) =>
    doc([{ kind: 'expenditure', columns: columns('total', 'basic', 'project'), rows: [{ code: null, level: null, name: '合计', values: { total, basic: 3_083_400, project: 11_014_800 } }] }]);

  it('passes total = basic + project', () => {
    expect(results(rule, expenditure(14_098_200))[0]).toMatchObject({ status: 'pass', difference: 0, tolerance: 150 });
  });

  it('fails and reports both figures', () => {
    expect(results(rule, expenditure(14_108_200))[0]).toMatchObject({ status: 'fail', expected: 14_098_200, actual: 14_108_200, difference: 10_000 });
  });

  it('checks the fund balance: closing = opening + income − total', () => {
    const d = doc([
      {
        kind: 'government_fund',
        columns: columns('opening', 'income', 'total', 'basic', 'project', 'closing'),
        rows: [{ code: '212', level: 'class', name: '城乡社区支出', values: { opening: 100_000, income: 500_000, total: 400_000, basic: null, project: 400_000, closing: 250_000 } }],
      },
    ]);
    const [, balance] = results(rule, d);
    expect(balance).toMatchObject({ status: 'fail', expected: 200_000, actual: 250_000, tolerance: 200 });
  });

  it('uses 财政拨款 as one source where the table splits it', () => {
    const d = doc([
      {
        kind: 'income',
        columns: columns('total', 'fiscal', 'general', 'fund', 'business'),
        rows: [{ code: null, level: null, name: '合计', values: { total: 1_000, fiscal: 900, general: 800, fund: 100, business: 100 } }],
      },
    ]);
    expect(results(rule, d).map((c) => [c.status, c.expected])).toEqual([
      ['pass', 900],
      ['pass', 1_000],
    ]);
  });
});
