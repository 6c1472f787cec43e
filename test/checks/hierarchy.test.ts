import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/hierarchy.js';
import { columns, doc, results } from './helpers.js';

const row = (code: string | null, total: number | null) => ({
  code,
  level: code === null ? null : code.length === 3 ? 'class' : code.length === 5 ? 'item' : 'subitem',
  name: code ?? '合计',
  values: { total },
});

describe('hierarchy', () => {
  it('checks 项 → 款 → 类 → 合计', () => {
    const d = doc([{ kind: 'general_budget_expenditure', columns: columns('total'), rows: [row(null, 3_000_000), row('201', 3_000_000), row('20133', 3_000_000), row('2013350', 1_000_000), row('2013399', 2_000_000)] }]);
    expect(results(rule, d).map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('fails a 款 that is not the sum of its 项', () => {
    const d = doc([{ kind: 'general_budget_expenditure', columns: columns('total'), rows: [row(null, 3_000_000), row('201', 3_000_000), row('20133', 3_000_000), row('2013350', 1_000_000), row('2013399', 1_500_000)] }]);
    const checks = results(rule, d);
    expect(checks.filter((c) => c.status === 'fail')).toHaveLength(1);
    expect(checks.find((c) => c.status === 'fail')).toMatchObject({ expected: 2_500_000, actual: 3_000_000, difference: 500_000, tolerance: 150, location: { line: 4 } });
  });

  it('checks 人员经费合计 and 公用经费合计 against the classes of their block', () => {
    const d = doc([
      {
        kind: 'general_budget_basic_expenditure',
        columns: columns('total'),
        rows: [
          { code: '301', level: 'class', group: 'personnel', name: '工资福利支出', values: { total: 2_540_500 } },
          { code: '303', level: 'class', group: 'personnel', name: '对个人和家庭补助', values: { total: 502_800 } },
          { code: null, level: null, group: 'personnel', name: '人员经费合计', values: { total: 3_043_300 } },
          { code: '302', level: 'class', group: 'public', name: '商品和服务支出', values: { total: 40_100 } },
          { code: null, level: null, group: 'public', name: '公用经费合计', values: { total: 50_100 } },
        ],
      },
    ]);
    expect(results(rule, d).map((c) => [c.status, c.expected, c.actual])).toEqual([
      ['pass', 3_043_300, 3_043_300],
      ['fail', 40_100, 50_100],
    ]);
  });
});

describe('hierarchy at the edges', () => {
  it('passes at the tolerance and skips an all-blank column', () => {
    // 合计 = 201 + 208: 2 terms → 3 × 50 yuan
    const d = doc([
      {
        kind: 'expenditure',
        columns: columns('total', 'remit'),
        rows: [
          { code: null, level: null, name: '合计', values: { total: 2_000_150, remit: null } },
          { code: '201', level: 'class', name: 'a', values: { total: 1_000_000, remit: null } },
          { code: '208', level: 'class', name: 'b', values: { total: 1_000_000, remit: null } },
        ],
      },
    ]);
    expect(results(rule, d).map((c) => [c.status, c.difference, c.tolerance])).toEqual([
      ['pass', 150, 150],
      ['skipped', null, null],
    ]);
  });
});
