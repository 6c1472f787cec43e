import { describe, expect, it } from 'vitest';
import { parseValueSpec, pointsIn, scoreOf } from '../src/parsers/value-spec.js';

describe('parseValueSpec (SPEC §4)', () => {
  it.each([
    ['≥6600条', { op: '>=', value: 6600, unit: '条' }],
    ['≥6500条', { op: '>=', value: 6500, unit: '条' }],
    ['$\\geq 95\\%$', { raw: '≥ 95%', op: '>=', value: 95, unit: '%' }],
    ['≥ 95%', { op: '>=', value: 95, unit: '%' }],
    ['1.47万', { op: '=', value: 14700, unit: null }],
    ['15万人', { op: '=', value: 150000, unit: '人' }],
    ['2.8亿', { op: '=', value: 280000000, unit: null }],
    ['≥2.8亿', { op: '>=', value: 280000000, unit: null }],
    ['≤190元/人', { op: '<=', value: 190, unit: '元/人' }],
    ['<190元/人', { op: '<', value: 190, unit: '元/人' }],
    ['>1人', { op: '>', value: 1, unit: '人' }],
    ['=100%', { op: '=', value: 100, unit: '%' }],
    ['100.00%', { op: '=', value: 100, unit: '%' }],
    ['7.10%', { op: '=', value: 7.1, unit: '%' }],
    ['≥ 14 次', { op: '>=', value: 14, unit: '次' }],
    ['8次', { op: '=', value: 8, unit: '次' }],
    ['10', { op: '=', value: 10, unit: null }],
    ['≤10%', { op: '<=', value: 10, unit: '%' }],
    ['均≥90%', { op: '>=', value: 90, unit: '%' }],
  ])('%s', (raw, expected) => {
    expect(parseValueSpec(raw)).toMatchObject(expected);
  });

  it('parses a range into min and max with value null', () => {
    expect(parseValueSpec('97%-100%')).toEqual({ raw: '97%-100%', op: 'range', value: null, min: 97, max: 100, unit: '%' });
  });

  it.each([['完成'], ['有保障'], ['达标'], ['良以上'], ['1. 建立联动制度； 2. 多部门参与'], ['获得文明单位光荣称号']])(
    '%s is qualitative',
    (raw) => {
      expect(parseValueSpec(raw)).toEqual({ raw, op: null, value: null, unit: null });
    },
  );

  it('gives null for a blank cell', () => {
    expect(parseValueSpec('  ')).toBeNull();
  });

  it('reads points and scores', () => {
    expect(pointsIn('年度目标1：(30分)')).toBe(30);
    expect(pointsIn('产出指标（12分）')).toBe(12);
    expect(scoreOf('20分')).toBe(20);
    expect(scoreOf('98.89')).toBe(98.89);
    expect(scoreOf('积极开展')).toBeNull();
  });
});
