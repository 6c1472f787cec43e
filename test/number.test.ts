import { describe, expect, it } from 'vitest';
import { fenToOutput, halfUnitFen, parseCellNumber, toFen } from '../src/parsers/number.js';

describe('parseCellNumber', () => {
  it.each([
    ['1,409.82', { scaled: 140982, decimals: 2 }],
    ['0.00', { scaled: 0, decimals: 2 }],
    ['0', { scaled: 0, decimals: 0 }],
    ['17.5', { scaled: 175, decimals: 1 }],
    ['3,083,345.20', { scaled: 308334520, decimals: 2 }],
    ['１，４０９．８２', { scaled: 140982, decimals: 2 }],
    ['１４０９．８２', { scaled: 140982, decimals: 2 }],
    [' 1,409.82 ', { scaled: 140982, decimals: 2 }],
    ['-5.00', { scaled: -500, decimals: 2 }],
    ['－5.00', { scaled: -500, decimals: 2 }],
    ['(5.00)', { scaled: -500, decimals: 2 }],
  ])('%s is a number', (text, expected) => {
    expect(parseCellNumber(text)).toEqual(expected);
  });

  it.each([[''], ['   '], ['\u3000']])('%j is blank', (text) => {
    expect(parseCellNumber(text)).toBe('blank');
  });

  it.each([['-'], ['—'], ['－'], ['--'], ['——'], ['/']])('%s is a printed dash', (text) => {
    expect(parseCellNumber(text)).toBe('dash');
  });

  it.each([['合计'], ['1,40.9'], ['12%'], ['1.47万'], ['(5.00'], ['一']])('%s is not a number', (text) => {
    expect(parseCellNumber(text)).toBeNull();
  });
});

describe('unit scaling in integer fen', () => {
  it('scales 万元 to yuan exactly', () => {
    const n = parseCellNumber('1,409.82');
    if (typeof n !== 'object' || n === null) throw new Error('not a number');
    expect(toFen(n, '万元')).toBe(1_409_820_000);
    expect(fenToOutput(toFen(n, '万元'), 'yuan')).toBe(14_098_200);
    expect(fenToOutput(toFen(n, '万元'), 'wan')).toBe(1409.82);
  });

  it('keeps 元 figures to the fen', () => {
    const n = parseCellNumber('3,083,345.20');
    if (typeof n !== 'object' || n === null) throw new Error('not a number');
    expect(toFen(n, '元')).toBe(308_334_520);
    expect(fenToOutput(toFen(n, '元'), 'yuan')).toBe(3_083_345.2);
  });

  it('does not drift where floats would (0.07 万元 = 700 yuan)', () => {
    const n = parseCellNumber('0.07');
    if (typeof n !== 'object' || n === null) throw new Error('not a number');
    expect(fenToOutput(toFen(n, '万元'), 'yuan')).toBe(700);
  });

  it('rounds half away from zero below the fen', () => {
    expect(toFen({ scaled: 1005, decimals: 3 }, '元')).toBe(101);
    expect(toFen({ scaled: -1005, decimals: 3 }, '元')).toBe(-101);
    expect(toFen({ scaled: 1004, decimals: 3 }, '元')).toBe(100);
  });

  it('gives half a printed unit as the rounding interval (SPEC §5)', () => {
    expect(halfUnitFen({ scaled: 140982, decimals: 2 }, '万元')).toBe(5_000); // ±50 yuan
    expect(halfUnitFen({ scaled: 140982, decimals: 2 }, '元')).toBe(0.5); // ±0.005 yuan
  });
});
