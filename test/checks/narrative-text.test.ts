import { describe, expect, it } from 'vitest';
import { narrativeText } from '../../src/parsers/narrative-text.js';
import { readTabText } from '../../src/read/text.js';
import type { Diagnostic, Document } from '../../src/schema/index.js';

type Kind = Document['document']['kind'];
const said = (text: string, kind: Kind = 'final_accounts', year: number | null = 2024) => {
  const out: Omit<Diagnostic, 'table'>[] = [];
  narrativeText(readTabText(text).pages[0]!.lines, kind, year, (d) => out.push(d));
  return out;
};

describe('narrativeText: the year the text names', () => {
  it('a 截至 date is the year’s end in final accounts, the year before in a budget', () => {
    expect(said('截至2024年12月31日，本单位共有车辆1辆。')).toEqual([]);
    expect(said('截至2023年12月31日，本单位共有车辆1辆。')).toMatchObject([{ severity: 'warning', code: 'text-year', location: { line: 1 }, details: { printed: '截至2023年12月31日', year: 2023, expected: 2024 } }]);
    expect(said('截至2025年12月31日，本单位共有车辆1辆。', 'budget', 2026)).toEqual([]);
    expect(said('截至2023年12月31日，本单位共有车辆1辆。', 'budget', 2026)).toMatchObject([{ code: 'text-year', details: { expected: 2025 } }]);
  });

  it('"与上年比较" names the year before the document’s', () => {
    expect(said('与2023年度相比，收、支总计各增加658.77万元。')).toEqual([]);
    expect(said('与2022年度相比，收、支总计各增加658.77万元。')).toMatchObject([{ code: 'text-year', details: { printed: '与2022年度相比', year: 2022, expected: 2023 } }]);
  });

  it('a heading names the document’s year', () => {
    expect(said('第三部分 武汉市汉阳区融媒体中心2024年度部门决算情况说明')).toEqual([]);
    expect(said('第三部分 武汉市汉阳区融媒体中心2023年度部门决算情况说明')).toMatchObject([{ code: 'text-year', details: { year: 2023, expected: 2024 } }]);
  });

  it('says nothing of years where the document’s year is not known', () => {
    expect(said('截至2023年12月31日，与2019年度相比。', 'final_accounts', null)).toEqual([]);
  });
});

describe('narrativeText: what was left in', () => {
  it('placeholders, one warning for the document with each of them', () => {
    const d = said('上海市XX局2024年度收入支出总计XXX万元。\n本年收入合计 1409.82 万元。\n2. 202X年部门预算');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', code: 'text-placeholder', location: { line: 1 } });
    expect((d[0]!.details!['placeholders'] as { printed: string }[]).map((p) => p.printed)).toEqual(['XX', 'XXX', '202X']);
    expect(said('本年收入合计 1409.82 万元，占 100%。')).toEqual([]);
  });

  it('doubled punctuation, but not a table of contents’ leader', () => {
    expect(said('运行维护等方面的支出。。2025年预算')).toMatchObject([{ code: 'text-punctuation', details: { printed: '。。' } }]);
    expect(said('增加144.81%，。主要原因')).toMatchObject([{ code: 'text-punctuation', details: { printed: ',。' } }]);
    expect(said('一、部门职责。。。。。。。1')).toEqual([]);
    expect(said('保障、监督和服务。')).toEqual([]);
  });
});
