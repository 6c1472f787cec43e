import { describe, expect, it } from 'vitest';
import { SEED_000, SEED_001, editLines, extractValid, readFixture, rowByCode, table } from './helpers/seeds.js';

const seed000 = readFixture(SEED_000);
const seed001 = readFixture(SEED_001);

/** Index of the first line containing `text`, at or after `from`. */
function find(lines: string[], text: string, from = 0): number {
  const i = lines.findIndex((l, k) => k >= from && l.includes(text));
  if (i < 0) throw new Error(`no line with ${text}`);
  return i;
}

/** The data lines of the code table titled `title`: from its 合计 row to the first blank line. */
function dataRange(lines: string[], title: string): [number, number] {
  const t = find(lines, title);
  const start = lines.findIndex((l, k) => k > t && /^合\s*计$/.test(l.split('\t').find((c) => c.trim() !== '')?.trim() ?? ''));
  let end = start;
  while ((lines[end] ?? '').trim() !== '') end++;
  return [start, end];
}

describe('parsing by structure, not by the seeds’ layout', () => {
  it('reads a code table whose rows are reordered', () => {
    const text = editLines(seed000, (lines) => {
      const [start, end] = dataRange(lines, '支出决算表（表3）');
      const rows = lines.slice(start + 1, end).reverse();
      return [...lines.slice(0, start + 1), ...rows, ...lines.slice(end)];
    });
    const doc = extractValid(text);
    const original = extractValid(seed000);
    const byCode = (d: typeof doc) =>
      Object.fromEntries(table(d, 'expenditure').rows.map((r) => [r.code ?? '合计', r.values]));
    expect(byCode(doc)).toEqual(byCode(original));
    expect(table(doc, 'expenditure').rows[1]?.code).toBe('2130599');
  });

  it('reads another department’s function classes, repairing their truncated codes from the sibling table', () => {
    // 207 文化旅游体育与传媒 → 205 教育; 2070808 is not in the catalogue's 教育 entries, so only 表3 can repair it.
    const text = seed001
      .replaceAll('207\t', '205\t')
      .replaceAll('20708\t', '20502\t')
      .replaceAll('2070808\t', '2050201\t')
      .replaceAll('207080\t', '205020\t')
      .replaceAll('文化旅游体育与传媒支出', '教育支出')
      .replaceAll('广播电视事务', '学前教育')
      .replaceAll('广播电视', '普通教育');
    const doc = extractValid(text);
    expect(rowByCode(doc, 'expenditure', '2050201')).toMatchObject({ level: 'subitem', name: '学前教育', values: { total: 4_663_900 } });
    expect(rowByCode(doc, 'income', '2050201')).toMatchObject({ name: '学前教育', values: { total: 4_663_900, fiscal: 4_663_900 } });
    expect(doc.diagnostics.find((d) => d.details?.['printed'] === '205020')?.details).toEqual({
      printed: '205020',
      code: '2050201',
      source: '公开03表',
    });
  });

  it('repairs truncated codes from the catalogue when no sibling table has them', () => {
    const text = editLines(seed001, (lines) => {
      // drop 表3 and 表5, the tables 表2 would repair from
      const cut = (from: string, to: string) => {
        const a = find(lines, from);
        const b = find(lines, to, a);
        lines.splice(a, b - a);
      };
      cut('2024 年度支出决算表', '2024 年度财政拨款收入支出决算总表');
      cut('2024 年度一般公共预算财政拨款支出决算表', '2024 年度一般公共预算财政拨款基本支出决算明细表');
      return lines;
    });
    const doc = extractValid(text);
    expect(doc.tables.map((t) => t.kind)).not.toContain('expenditure');
    const repaired = doc.diagnostics.filter((d) => d.code === 'repaired-code' && d.table === 'income');
    expect(repaired.map((d) => [d.details?.['printed'], d.details?.['code'], d.details?.['source']])).toEqual([
      ['207080', '2070808', 'catalogue'],
      ['208050', '2080502', 'catalogue'],
      ['208050', '2080505', 'catalogue'],
      ['208059', '2080599', 'catalogue'],
      ['210110', '2101102', 'catalogue'],
      ['210110', '2101103', 'catalogue'],
      ['210119', '2101199', 'catalogue'],
      ['221020', '2210201', 'catalogue'],
      ['221020', '2210202', 'catalogue'],
      ['221020', '2210203', 'catalogue'],
    ]);
  });

  it('keeps a code it cannot repair as printed, and says so', () => {
    const text = seed001.replace('207080\t广播电视事务', '207080\t某某专项事务');
    const doc = extractValid(text);
    expect(rowByCode(doc, 'income', '207080')).toMatchObject({ level: null, name: '某某专项事务' });
    expect(doc.diagnostics.find((d) => d.code === 'unrepaired-code')).toMatchObject({
      table: 'income',
      details: { printed: '207080' },
    });
  });

  it('reads the summary with another year’s 行次 numbering', () => {
    const text = editLines(seed000, (lines) => {
      const t = find(lines, '收入支出决算总表（表 1）');
      const end = find(lines, '注：1.', t);
      for (let i = t; i < end; i++) {
        const cells = (lines[i] ?? '').split('\t');
        // right-hand 行次 32–62 become 101–131
        if (/^\d+$/.test(cells[4] ?? '') && Number(cells[4]) >= 32) cells[4] = String(Number(cells[4]) + 69);
        lines[i] = cells.join('\t');
      }
      return lines;
    });
    const doc = extractValid(text);
    const exp = table(doc, 'income_expenditure_summary').rows.filter((r) => r.side === 'expenditure');
    expect(exp.find((r) => r.line === 101)).toMatchObject({ name: '一、一般公共服务支出', values: { amount: 13_622_500 } });
    expect(exp.find((r) => r.line === 131)).toMatchObject({ name: '总计', values: { amount: 14_098_200 } });
    expect(exp.some((r) => r.line === 62)).toBe(false);
  });

  it('recognises a table whose title was lost, from its header rows', () => {
    const text = seed000.replace('2022年度支出决算表（表3）', '');
    const doc = extractValid(text);
    const t = table(doc, 'expenditure');
    expect(t).toMatchObject({ title: null, number: null });
    expect(rowByCode(doc, 'expenditure', null).values.total).toBe(14_098_200);
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'missing-title', table: 'expenditure' }));
  });

  it('reads a table whose header rows are shifted against its data', () => {
    const text = editLines(seed000, (lines) => {
      const t = find(lines, '收入决算表（表2）');
      const header = find(lines, '本年收入合计', t);
      lines[header] = `\t\t${lines[header]}`;
      const numbers = find(lines, '类\t款\t项', t);
      lines[numbers] = (lines[numbers] ?? '').replace('类\t款\t项\t', '类\t款\t项\t栏次\t\t');
      return lines;
    });
    const doc = extractValid(text);
    expect(rowByCode(doc, 'income', '2013399').values).toMatchObject({ total: 10_949_100, fiscal: 10_949_100, superior_subsidy: null });
  });

  it('joins a row split across two lines', () => {
    const text = editLines(seed000, (lines) => {
      const t = find(lines, '支出决算表（表3）');
      const i = find(lines, '合 计', t);
      const cells = (lines[i] ?? '').split('\t');
      lines.splice(i, 1, cells.map((c, k) => (k < 4 ? c : '')).join('\t'), cells.map((c, k) => (k < 4 ? '' : c)).join('\t'));
      return lines;
    });
    const doc = extractValid(text);
    expect(rowByCode(doc, 'expenditure', null)).toMatchObject({ name: '合计', values: { total: 14_098_200, basic: 3_083_400 } });
  });

  it('keeps the name of a basic-expenditure row printed in its code cell (310资本性支出)', () => {
    const text = editLines(seed000, (lines) =>
      lines.map((l) => {
        const cells = l.split('\t');
        // the third block of 表6: code and name in one cell, the name cell left empty
        if (/^310\d{0,2}$/.test(cells[6] ?? '') && (cells[7] ?? '') !== '') {
          cells[6] = `${cells[6]}${cells[7]}`;
          cells[7] = '';
        }
        return cells.join('\t');
      }),
    );
    const names = (d: ReturnType<typeof extractValid>) =>
      table(d, 'general_budget_basic_expenditure').rows.filter((r) => /^310/.test(r.code ?? '')).map((r) => [r.code, r.name]);
    expect(names(extractValid(text))).toEqual(names(extractValid(seed000)));
    expect(names(extractValid(text))[0]).toEqual(['310', '资本性支出']);
  });

  it('takes a table-of-contents entry for no table', () => {
    const doc = extractValid(seed001);
    expect(doc.tables.filter((t) => t.kind === 'income_expenditure_summary')).toHaveLength(1);
    expect(table(doc, 'income_expenditure_summary').location).toEqual({ line: 99 });
  });

});

describe('a 元 figure in a 万元 table', () => {
  it('is normalised in the output, with a diagnostic naming the printed figure', () => {
    const text = seed000.replace('合 计\t\t\t\t1,409.82\t308.34\t1,101.48', '合 计\t\t\t\t1,409.82\t3,083,400.00\t1,101.48');
    const doc = extractValid(text);
    expect(rowByCode(doc, 'expenditure', null).values).toMatchObject({ total: 14_098_200, basic: 3_083_400, project: 11_014_800 });
    expect(doc.diagnostics.filter((d) => d.code === 'unit-anomaly' && d.table === 'expenditure')[0]).toMatchObject({
      location: { line: 171 },
      details: { printed: 30_834_000_000, readAs: '元', value: 3_083_400, normalised: true },
    });
    expect(doc.checks.filter((c) => c.status === 'fail')).toHaveLength(1); // only seed 000's own small one
  });
});

describe('a 三公 table with 预算数 and 决算数 under every category (Shanghai final accounts)', () => {
  const text = [
    '某某局2024年度部门决算',
    '财政拨款“三公”经费支出决算表',
    '单位：万元',
    ['合计', '', '因公出国（境）费', '', '公务用车购置及运行费', '', '', '', '', '', '公务接待费', ''].join('\t'),
    ['', '', '', '', '小计', '', '公务用车购置费', '', '公务用车运行费', '', '', ''].join('\t'),
    Array.from({ length: 6 }, () => '预算数\t决算数').join('\t'),
    ['0.95', '0.80', '', '', '', '', '', '', '', '', '0.95', '0.80', '12.34'].join('\t'),
  ].join('\n');

  it('reads each column by its own stage and the category over its pair', () => {
    const doc = extractValid(text);
    expect(table(doc, 'three_public').rows.map((r) => [r.stage, r.values.total, r.values.reception, r.values.overseas])).toEqual([
      ['budget', 9_500, 9_500, null],
      ['final', 8_000, 8_000, null],
    ]);
  });

  it('reports a figure outside the 预算数/决算数 columns instead of dropping it', () => {
    const doc = extractValid(text);
    expect(doc.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unplaced-figure', table: 'three_public', details: { text: '12.34', cell: 13 } }),
    );
  });
});
