import { describe, expect, it } from 'vitest';
import type { Document } from '../src/schema/index.js';
import { SEED_000, SEED_001, extractValid, readFixture } from './helpers/seeds.js';

const SEED_002 = 'fixtures/002_cb1a81c422be5525.txt';

function indicator(doc: Document, table: number, name: string) {
  const i = doc.performance[table]?.indicators.find((x) => x.name === name);
  if (!i) throw new Error(`no indicator ${name} in table ${table}`);
  return i;
}

describe('performance tables (SPEC §4)', () => {
  const d000 = extractValid(readFixture(SEED_000), SEED_000);
  const d001 = extractValid(readFixture(SEED_001), SEED_001);
  const d002 = extractValid(readFixture(SEED_002), SEED_002);

  it('reads every indicator of the seed 000 self-evaluations', () => {
    expect(d000.performance.slice(0, 4).map((p) => [p.kind, p.scope, p.project, p.indicators.length])).toEqual([
      ['self_evaluation', 'department', null, 48],
      ['self_evaluation', 'project', '2022年度残保金', 10],
      ['self_evaluation', 'project', '后勤保障经费', 9],
      ['self_evaluation', 'project', '驻村工作经费', 9],
    ]);
  });

  it('reads the department table: budget block, goals with weights, scores, total', () => {
    const p = d000.performance[0]!;
    expect(p).toMatchObject({
      filledOn: '2023-06-20',
      budget: { planned: 14_098_200, executed: 14_098_200, rate: 1, weight: 20, score: 20 },
      totalScore: 99,
    });
    expect(p.goals.map((g) => g.weight)).toEqual([30, 20, 20, 10]);
    expect(p.goals[0]?.name).toBe('强化单位意识，不断加强政治建设');
    expect(indicator(d000, 0, '全年理论中心组开展集中次数')).toEqual({
      goal: 0,
      level1: '产出指标',
      level2: '数量指标',
      name: '全年理论中心组开展集中次数',
      target: { raw: '8次', op: '=', value: 8, unit: '次' },
      actual: { raw: '8次', op: '=', value: 8, unit: '次' },
      weight: null,
      score: 3,
    });
    // merged cells filled down; 万 applied
    expect(indicator(d000, 0, '“汉阳知音”公众号每周阅读量')).toMatchObject({
      goal: 1,
      level1: '产出指标',
      level2: '数量指标',
      target: { raw: '1.47万', op: '=', value: 14_700, unit: null },
    });
    expect(indicator(d000, 0, '服务对象的满意度')).toMatchObject({
      goal: 2,
      level1: '满意度指标',
      level2: '服务对象满意度指标',
      target: { op: '>=', value: 95, unit: '%' },
      actual: { op: '=', value: 94, unit: '%' },
      score: 1,
    });
  });

  it('reads a project table', () => {
    const p = d000.performance[2]!;
    expect(p).toMatchObject({
      filledOn: '2023-06-21',
      budget: { planned: 1_354_800, executed: 1_354_800, rate: 1, weight: 20, score: 20 },
      totalScore: 98.89,
    });
    expect(indicator(d000, 2, '劳务派遣人员')).toMatchObject({
      target: { value: 7, unit: '人' },
      actual: { value: 5, unit: '人' },
      score: 8.89,
    });
  });

  it('reads seed 001, LaTeX debris and a garbled budget row included', () => {
    expect(d001.performance.map((p) => [p.scope, p.project, p.indicators.length])).toEqual([
      ['department', null, 26],
      ['project', '舆情信息', 6],
      ['project', '江汉宣传', 9],
      ['project', '江汉网络新闻宣传', 6],
      ['project', '党建、文明创建经费', 8],
    ]);
    expect(d001.performance[0]).toMatchObject({
      filledOn: '2025-04-22',
      budget: { planned: 6_471_000, executed: 6_526_600, rate: 1.0086 },
    });
    expect(indicator(d001, 0, '全面完成全年新闻绩效目标').target).toEqual({ raw: '≥ 95%', op: '>=', value: 95, unit: '%' });
    expect(indicator(d001, 0, '培训人均成本')).toMatchObject({
      target: { op: '<=', value: 190, unit: '元/人' },
      actual: { op: '<', value: 190, unit: '元/人' },
    });
    expect(indicator(d001, 1, '培训人均成本')).toMatchObject({ level1: '成本指标', level2: '经济成本指标', actual: null });
    expect(d001.performance[4]?.budget).toMatchObject({ planned: 27_600, executed: 27_300, rate: 0.9891 });
  });

  it('reads the seed 002 targets tables', () => {
    expect(d002.performance.map((p) => [p.kind, p.scope, p.project, p.indicators.length, p.budget?.planned ?? null])).toEqual([
      ['targets', 'department', null, 22, null],
      ['targets', 'project', '江汉网络自媒体宣传', 14, 490_000],
      ['targets', 'project', '网络舆情', 9, 217_800],
      ['targets', 'project', '江汉宣传', 8, 546_300],
      ['targets', 'project', '党建、文明创建及法律顾问经费', 12, 80_000],
    ]);
    expect(indicator(d002, 0, '预算执行率').target).toEqual({ raw: '97%-100%', op: 'range', value: null, min: 97, max: 100, unit: '%' });
    expect(indicator(d002, 0, '预算执行率')).toMatchObject({ level1: '项目产出', level2: '成本控制', actual: null });
    expect(indicator(d002, 4, '法律纠纷化解率')).toMatchObject({ level1: '项目效益', level2: '社会效益', target: { value: 100 } });
  });
});

describe('seed 003: a Word table written one cell a line', () => {
  const doc = extractValid(readFixture('fixtures/003_e7a38e6b87d50f48.txt'), 'fixtures/003_e7a38e6b87d50f48.txt');

  it('reads the report’s facts from its title lines and 名称 line', () => {
    expect(doc.document).toEqual({
      kind: 'performance_report',
      year: 2021,
      department: '岳阳市岳阳楼区融媒体中心',
      publishedOn: '2022-05-09',
    });
  });

  it('reads every indicator of the 评分表 with weights and scores', () => {
    const p = doc.performance.find((x) => x.indicators.some((i) => i.name === '财政供养人员控制率'))!;
    expect(p.totalScore).toBe(98);
    expect(p.indicators).toHaveLength(25);
    expect(p.indicators.map((i) => i.level1).filter((v, k, a) => a.indexOf(v) === k)).toEqual(['投入', '过程', '产出', '效果']);
    expect(p.indicators.reduce((s, i) => s + (i.score ?? 0), 0)).toBe(98);
    expect(p.indicators.find((i) => i.name === '资金结余')).toMatchObject({ level1: '过程', level2: '预算执行', weight: 3, score: 2 });
    expect(p.indicators.find((i) => i.name === '管理制度健全性' && i.level2 === '资产管理')).toMatchObject({ weight: 3, score: 3 });
    expect(p.indicators.find((i) => i.name === '社会效益')).toMatchObject({ weight: null, score: 5 });
  });

  it('reads the 定量目标 table: targets achieved, with the report’s total', () => {
    const p = doc.performance.find((x) => x.indicators.some((i) => i.name === '指标3：市级主流党媒发稿387条'))!;
    expect(p.indicators).toHaveLength(11);
    expect(p.totalScore).toBe(98);
    expect(p.indicators.find((i) => i.name === '社会公众或服务对象满意度')?.actual).toEqual({ raw: '98%', op: '=', value: 98, unit: '%' });
  });
});

describe('seed 004: tables flattened into lines, standard tables missing', () => {
  const doc = extractValid(readFixture('fixtures/004_37727312486c824c.txt'), 'fixtures/004_37727312486c824c.txt');

  it('reads the facts from the part heading', () => {
    expect(doc.document).toEqual({ kind: 'budget', year: 2023, department: '武昌区融媒体中心', publishedOn: null });
  });

  it('says which standard tables the text does not hold', () => {
    expect(doc.tables).toEqual([]);
    expect(doc.diagnostics.filter((d) => d.code === 'missing-table').map((d) => d.table)).toEqual([
      'income_expenditure_summary',
      'income',
      'expenditure',
      'fiscal_summary',
      'general_budget_expenditure',
      'general_budget_basic_expenditure',
      'three_public',
      'government_fund',
      'project_expenditure',
    ]);
  });

  it('reads every indicator of the flattened targets tables', () => {
    expect(doc.performance.map((p) => [p.kind, p.scope, p.project, p.indicators.length])).toEqual([
      ['targets', 'department', null, 11],
      ['targets', 'project', '媒体宣传项目', 0],
      ['targets', 'project', '媒体宣传项目', 1],
      ['targets', 'project', '媒体宣传项目', 9],
    ]);
    const [whole] = doc.performance;
    expect(whole?.goals).toHaveLength(8);
    expect(whole?.indicators.map((i) => [i.goal, i.name, i.target?.raw])).toEqual([
      [0, '推进县级融媒体中心建设', '完成'],
      [1, '官方微信公众号“大成武昌”发布数量', '500条'],
      [1, '微信粉丝量', '15万人'],
      [2, '官方微博“大成武昌”发布数量', '2500条'],
      [2, '原创数量', '1000条'],
      [3, '互联网舆情月报', '12'],
      [3, '互联网舆情年报', '2'],
      [4, '突发、重大、敏感事件及特殊时间节点', '第一时间形成互联网舆情专报上报'],
      [5, '网络舆情监测发现及时，第一时间上报，同步转办', '遗漏重大网络舆情差错率0%'],
      [6, '全区网评员培训', '2次'],
      [7, '融媒体综合平台建设', 'AI媒资库建成使用'],
    ]);
    expect(whole?.indicators[2]?.target).toEqual({ raw: '15万人', op: '=', value: 150_000, unit: '人' });
    expect(doc.performance[3]?.indicators.map((i) => i.target?.raw)).toEqual([
      '≥500条', '12期', '2次', '2期', '≥1000条', '≥2500条', '15万人', '遗漏重大网络舆情差错率0%', '第一时间形成互联网舆情专报上报',
    ]);
  });
});

describe('goldens of the performance-only seeds, reviewed against the source', () => {
  it.each(['003_e7a38e6b87d50f48', '004_37727312486c824c'])('%s', async (name) => {
    const doc = extractValid(readFixture(`fixtures/${name}.txt`), `fixtures/${name}.txt`);
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot(`../fixtures/golden/${name}.json`);
  });
});
