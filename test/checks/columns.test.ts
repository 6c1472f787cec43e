import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/columns.js';
import { columns, doc, results, run } from './helpers.js';

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

describe('unit anomalies in identities (SPEC §5.9)', () => {
  it('reads a term printed in 元 inside a 万元 table as 元, with a diagnostic, and checks the rest', () => {
    // 表3 row: 基本支出 printed 3,083,400.00 (元) where 308.34 (万元) belongs
    const d = doc([
      {
        kind: 'expenditure',
        columns: columns('total', 'basic', 'project'),
        rows: [{ code: null, level: null, name: '合计', values: { total: 14_098_200, basic: 30_834_000_000, project: 11_014_800 } }],
      },
    ]);
    const { checks, diagnostics } = run(rule, d);
    expect(checks[0]).toMatchObject({ status: 'pass', expected: 14_098_200, actual: 14_098_200 });
    expect(diagnostics).toMatchObject([{ code: 'unit-anomaly', severity: 'warning', location: { line: 2 }, details: { printed: 30_834_000_000, value: 3_083_400 } }]);
  });

  it('reads a total printed in 元 the same way', () => {
    const d = doc([
      {
        kind: 'general_budget_expenditure',
        columns: columns('total', 'basic', 'project'),
        rows: [{ code: '201', level: 'class', name: '一般公共服务支出', values: { total: 136_225_000_000, basic: 2_673_400, project: 10_949_100 } }],
      },
    ]);
    const { checks, diagnostics } = run(rule, d);
    expect(checks[0]).toMatchObject({ status: 'pass', actual: 13_622_500 });
    expect(diagnostics[0]).toMatchObject({ code: 'unit-anomaly', details: { value: 13_622_500 } });
  });
});
