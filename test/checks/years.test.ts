import { describe, expect, it } from 'vitest';
import { compareYears, pairYears, yearFacts } from '../../src/checks/years.js';
import { extractText } from '../../src/extract.js';

// two years of one department's final accounts, their text only (as seed 004: tables lost)
const doc = (year: number, body: string) =>
  extractText([`武汉市汉阳区融媒体中心${year}年度部门决算`, '', '第三部分 情况说明', '', '一、收入支出决算总体情况说明', '', body].join('\n'), { path: `${year}.txt` });

describe('this year’s text against last year’s document (disclose check 2023.txt 2024.txt)', () => {
  const y2023 = doc(2023, '2023年度收、支总计751.05万元。');

  it('pairs one department’s documents of consecutive years, of one kind', () => {
    const y2024 = doc(2024, '2024年度收、支总计1409.82万元。');
    const other = extractText(['武汉市江汉区融媒体中心2023年度部门决算', '', '2023年度收、支总计100.00万元。'].join('\n'));
    expect(pairYears([yearFacts(y2023), yearFacts(y2024), yearFacts(other)]).map(([a, b]) => [a.year, b.year, a.department])).toEqual([[2024, 2023, '武汉市汉阳区融媒体中心']]);
  });

  it('a change and its rate are this year’s figure less last year’s, over last year’s', () => {
    const y2024 = doc(2024, '2024年度收、支总计1409.82万元。与2023年度相比，收、支总计各增加658.77万元，增长87.71%。');
    expect(compareYears(yearFacts(y2024), yearFacts(y2023)).map((c) => [c.rule, c.status, c.expected])).toEqual([
      ['narrative-years', 'pass', 6_587_700],
      ['narrative-years', 'pass', expect.closeTo(87.71, 2)],
    ]);
  });

  it('fails a change that last year’s document does not bear out, with both figures', () => {
    const y2024 = doc(2024, '2024年度收、支总计1409.82万元。与2023年度相比，收、支总计各增加685.77万元，增长91.31%。');
    const [change, rate] = compareYears(yearFacts(y2024), yearFacts(y2023));
    expect(change).toMatchObject({ status: 'fail', expected: 6_587_700, actual: 6_857_700, location: { line: 7 } });
    expect(change?.message).toContain('is a change of 658.77 万元');
    expect(rate).toMatchObject({ status: 'fail', actual: 91.31 });
  });

  it('compares nothing where last year’s document does not print the figure', () => {
    const y2024 = doc(2024, '2024年度基本支出308.34万元，比上年增加8.34万元。');
    expect(compareYears(yearFacts(y2024), yearFacts(y2023))).toEqual([]);
  });
});
