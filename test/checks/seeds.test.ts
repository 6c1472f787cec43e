import { describe, expect, it } from 'vitest';
import { extractValid, readFixture } from '../helpers/seeds.js';

/** What the checker finds in the seeds: every real inconsistency, both figures, nothing else. */
describe('the checker on the seeds', () => {
  const failures = (path: string) =>
    extractValid(readFixture(path), path)
      .checks.filter((c) => c.status === 'fail')
      .map((c) => ({ rule: c.rule, actual: c.actual, expected: c.expected, line: c.location.line }));

  it('seed 000: the performance table’s 元 figure, read as 元, is a hair off the 万元 total', () => {
    expect(failures('fixtures/000_44aabd3afaab2ce1.txt')).toEqual([{ rule: 'narrative-figures', actual: 3_083_345.2, expected: 3_083_400, line: 463 }]);
  });

  it('seed 001: the text’s 三公 budget of 3 万元 against 0.87 in 表9', () => {
    expect(failures('fixtures/001_3243ea677d3b48ef.txt')).toEqual([
      { rule: 'narrative-figures', actual: 30_000, expected: 8_700, line: 508 },
      { rule: 'narrative-figures', actual: 30_000, expected: 8_700, line: 513 },
    ]);
  });

  it('seed 002: 人员经费 257.24 in the text against 297.13 in 表6, 工资福利支出 257.42 against 257.24', () => {
    expect(failures('fixtures/002_cb1a81c422be5525.txt')).toEqual([
      { rule: 'narrative-figures', actual: 2_572_400, expected: 2_971_300, line: 118 },
      { rule: 'narrative-figures', actual: 2_574_200, expected: 2_572_400, line: 120 },
    ]);
  });

  it('seed 004: with its tables missing, the text contradicts itself on 基本支出: 一般公共预算 757.53 is more than all funds’ 457.53', () => {
    expect(failures('fixtures/004_37727312486c824c.txt')).toEqual([{ rule: 'narrative-arithmetic', actual: 7_575_300, expected: 4_575_300, line: 767 }]);
  });

  it('seed 000: the 元 slips in its text and performance table are unit anomalies', () => {
    const doc = extractValid(readFixture('fixtures/000_44aabd3afaab2ce1.txt'));
    expect(doc.diagnostics.filter((d) => d.code === 'unit-anomaly').map((d) => [d.location.line, d.details?.['readAs']])).toEqual([
      [870, '万元'],
      [463, '元'],
      [463, '元'],
    ]);
  });
});

describe('seed 004’s 元 figure in its 万元 资金情况 block', () => {
  it('is reported as a unit anomaly against its column’s 合计', () => {
    const doc = extractValid(readFixture('fixtures/004_37727312486c824c.txt'));
    expect(doc.diagnostics.filter((d) => d.code === 'unit-anomaly')).toMatchObject([
      { severity: 'warning', location: { line: 96 }, details: { raw: '10,537,750.00', readAs: '元', value: 1053.775, total: 1053.77 } },
    ]);
  });
});
