import { describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/checks/notes.js';
import rule from '../../src/checks/rules/note-identity.js';
import { columns, doc, run } from './helpers.js';

describe('parseNotes (SPEC §5.1)', () => {
  it('reads row and column formulas, ranges, minus signs and full-width punctuation', () => {
    expect(parseNotes(['27行 = (1+2+3)行；31行 = (27+28+29)行；', '58行 = (32+33+...+36)行。', '1栏各行=（2+3）栏各行。', '6栏各行=(1+2-3)栏各行; 3栏各行=(4+5)栏各行。'])).toEqual([
      { text: '27行=(1+2+3)行', axis: 'line', target: 27, terms: [1, 2, 3].map((n) => ({ n, sign: 1 })) },
      { text: '31行=(27+28+29)行', axis: 'line', target: 31, terms: [27, 28, 29].map((n) => ({ n, sign: 1 })) },
      { text: '58行=(32+33+...+36)行', axis: 'line', target: 58, terms: [32, 33, 34, 35, 36].map((n) => ({ n, sign: 1 })) },
      { text: '1栏各行=(2+3)栏各行', axis: 'column', target: 1, terms: [2, 3].map((n) => ({ n, sign: 1 })) },
      { text: '6栏各行=(1+2-3)栏各行', axis: 'column', target: 6, terms: [{ n: 1, sign: 1 }, { n: 2, sign: 1 }, { n: 3, sign: -1 }] },
      { text: '3栏各行=(4+5)栏各行', axis: 'column', target: 3, terms: [4, 5].map((n) => ({ n, sign: 1 })) },
    ]);
  });

  it('reports a self-referential and a garbled formula', () => {
    expect(parseNotes(['28行=(28+30+31)行', '17表行=(2+3+4+5+6+7)七表行。'])).toEqual([
      { problem: 'self-reference', text: '28行=(28+30+31)行' },
      { problem: 'unparseable', text: '17表行=(2+3+4+5+6+7)七表行' },
    ]);
  });

  it('passes prose notes over', () => {
    expect(parseNotes(['注：本表反映部门本年度各项支出情况。', '2. 本套报表金额单位转换时可能存在尾数误差。'])).toEqual([]);
  });
});

describe('note-identity', () => {
  const summary = (notes: string[], total: number) =>
    doc([
      {
        kind: 'income_expenditure_summary',
        columns: columns('amount'),
        notes,
        rows: [
          { side: 'income', line: 1, code: null, level: null, name: '一、财政拨款收入', values: { amount: 1_000_000 } },
          { side: 'income', line: 3, code: null, level: null, name: '三、其他收入', values: { amount: 200_000 } },
          { side: 'income', line: 4, code: null, level: null, name: '本年收入合计', values: { amount: total } },
        ],
      },
    ]);

  it('checks a row formula; a 行次 printed blank counts as none', () => {
    const { checks } = run(rule, summary(['4行=(1+2+3)行'], 1_200_000));
    expect(checks).toMatchObject([{ origin: 'note', status: 'pass', expected: 1_200_000, tolerance: 200, location: { line: 4 } }]);
  });

  it('fails a row formula that does not hold', () => {
    const { checks } = run(rule, summary(['4行=(1+2+3)行'], 1_300_000));
    expect(checks[0]).toMatchObject({ status: 'fail', expected: 1_200_000, actual: 1_300_000, difference: 100_000 });
  });

  it('skips a formula naming a line the table does not have', () => {
    const { checks } = run(rule, summary(['4行=(1+9)行'], 1_000_000));
    expect(checks[0]).toMatchObject({ status: 'skipped' });
  });

  it('reports a self-referential formula as a diagnostic, not a check', () => {
    const { checks, diagnostics } = run(rule, summary(['4行=(1+3+4)行'], 1_200_000));
    expect(checks).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'note-self-reference', table: 'income_expenditure_summary', details: { note: '4行=(1+3+4)行' } }]);
  });

  it('checks a column formula in every row, 栏次 mapped to column keys', () => {
    const d = doc([
      {
        kind: 'general_budget_expenditure',
        columns: columns('total', 'basic', 'project'),
        notes: ['1栏各行=（2+3）栏各行。'],
        rows: [
          { code: null, level: null, name: '合计', values: { total: 3_000_000, basic: 1_000_000, project: 2_000_000 } },
          { code: '201', level: 'class', name: '一般公共服务支出', values: { total: 3_000_000, basic: 1_000_000, project: 1_000_000 } },
        ],
      },
    ]);
    expect(run(rule, d).checks.map((c) => [c.status, c.difference])).toEqual([
      ['pass', 0],
      ['fail', 1_000_000],
    ]);
  });
});
