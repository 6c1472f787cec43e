import { describe, expect, it } from 'vitest';
import { detectLayout, readText, splitFlatRow } from '../src/read/text.js';
import type { Document } from '../src/schema/index.js';
import { SEED_000, SEED_001, extractValid, readFixture } from './helpers/seeds.js';

/** The lines of a seed from the first line containing `from` up to (not including) the line containing `to`. */
function cut(text: string, from: string, to: string): string[] {
  const lines = text.split('\n');
  const a = lines.findIndex((l) => l.includes(from));
  const b = lines.findIndex((l, i) => i > a && l.includes(to));
  return lines.slice(a, b);
}

/** Tab-separated rows → one cell a line, a tab before each, a blank line between rows (seed 003's layout). */
function toCellPerLine(lines: string[]): string {
  return lines
    .map((l) => (l.includes('\t') ? l.split('\t').map((c) => `\t${c}`).join('\n') : l))
    .join('\n\n');
}

/** Tab-separated rows → cells separated by single spaces, empty cells lost (seed 004's layout). */
function toFlat(lines: string[]): string {
  return lines.map((l) => l.split('\t').filter((c) => c.trim() !== '').join(' ')).join('\n');
}

/** Everything but where it was printed: the same table must give the same JSON in any layout. */
function withoutLocations(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'location' ? undefined : v)));
}

const title = (doc: Document) => doc.tables.map((t) => t.kind);

describe('one layer turns every text layout into the same rows', () => {
  it('detects the layouts of the seeds', () => {
    const layout = (path: string) => detectLayout(readFixture(path).split('\n'));
    expect(layout(SEED_000)).toBe('tabs');
    expect(layout('fixtures/003_e7a38e6b87d50f48.txt')).toBe('cell-per-line');
    expect(layout('fixtures/004_37727312486c824c.txt')).toBe('flat');
  });

  it('joins a cell broken over lines in the cell-per-line layout, and ends rows at blank lines', () => {
    const ir = readText(['\t一级指标', '\t二级指标', '', '\t投  入', '（15分）', '\t财政供养人员', '', '控制率', '\t5', '\t'].join('\n'));
    expect(ir.pages[0]?.lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ['一级指标', '二级指标'],
      ['投  入（15分）', '财政供养人员控制率', '5', ''],
    ]);
  });

  it('splits flat rows at spaces, keeping a number with its unit', () => {
    expect(splitFlatRow('官方微博“大成武昌”发布数量 3000 条 2500 条 2500 条 绩效考核目标')).toEqual([
      '官方微博“大成武昌”发布数量',
      '3000条',
      '2500条',
      '2500条',
      '绩效考核目标',
    ]);
    expect(splitFlatRow('纳入武昌区融媒体中心 2023 年部门预算编制范围的预')).toEqual(['纳入武昌区融媒体中心', '2023', '年部门预算编制范围的预']);
    expect(splitFlatRow('2023 年部门收支总预算 757.53 万元，比 2022 年预算减少')).toBeNull();
  });

  it('gives the same code table from tab-separated and cell-per-line text', () => {
    const lines = cut(readFixture(SEED_000), '2022年度支出决算表（表3）', '2022年度财政拨款收入支出决算总表');
    const tabs = extractValid(lines.join('\n'));
    const cells = extractValid(toCellPerLine(lines));
    expect(title(tabs)).toEqual(['expenditure']);
    expect(withoutLocations(cells.tables)).toEqual(withoutLocations(tabs.tables));
  });

  it('gives the same performance table in all three layouts', () => {
    const lines = cut(readFixture(SEED_001), '项目名称\t江汉网络新闻宣传', '备注：');
    const text = (body: string) => `2024 年度项目支出绩效自评表\n\n单位名称（盖章）：江汉区融媒体中心\n\n填报日期：2025 年 4 月 22 日\n\n${body}\n`;
    const tabs = extractValid(text(lines.join('\n')));
    const cells = extractValid(text(toCellPerLine(lines)));
    const flat = extractValid(text(toFlat(lines)));
    expect(tabs.performance[0]?.indicators).toHaveLength(6);
    expect(withoutLocations(cells.performance)).toEqual(withoutLocations(tabs.performance));
    expect(withoutLocations(flat.performance)).toEqual(withoutLocations(tabs.performance));
  });
});
