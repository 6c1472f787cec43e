import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitsApart, fenToOutput, halfUnitFen, nfkc, parseCellNumber, toFen } from '../src/parsers/number.js';
import { parseValueSpec } from '../src/parsers/value-spec.js';

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
    // a separator before the last three digits only (上海's unit budgets: 125360,898 元)
    ['125360,898', { scaled: 125360898, decimals: 0 }],
    ['7880,000', { scaled: 7880000, decimals: 0 }],
  ])('%s is a number', (text, expected) => {
    expect(parseCellNumber(text)).toEqual(expected);
  });

  it.each([[''], ['   '], ['\u3000']])('%j is blank', (text) => {
    expect(parseCellNumber(text)).toBe('blank');
  });

  it.each([['-'], ['—'], ['－'], ['--'], ['——'], ['/']])('%s is a printed dash', (text) => {
    expect(parseCellNumber(text)).toBe('dash');
  });

  it.each([['合计'], ['1,40.9'], ['12%'], ['1.47万'], ['(5.00'], ['一'], ['1234,56'], ['12,3456']])('%s is not a number', (text) => {
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

describe('nfkc (fast paths for text NFKC leaves alone or maps one to one)', () => {
  it('is String.prototype.normalize("NFKC") on text of every kind the fast paths take, and on others', () => {
    // the characters the fast paths know, their neighbours, combining marks and compatibility forms
    const chars = fc.oneof(
      fc.constantFrom('，', '：', '（', '）', '；', '\u3000', '≥', '≤', '≦', '≧', '×', '÷', '·', '—', '“', '”', '□', '☑', '、', '。', '〇', '々'),
      fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0xff00, max: 0xff65 }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x2260, max: 0x226f }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x4e00, max: 0x4e40 }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\u0338', '\u0301', '\u3099', '①', '⑩', '℃', '…', '\u2f00', '\uf900', 'ｶ', 'ﾞ'),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(nfkc(text)).toBe(text.normalize('NFKC'));
      }),
      { numRuns: 2000 },
    );
  });

  it('maps full-width punctuation and the ideographic space, and leaves ≥ as it is', () => {
    expect(nfkc('合计：１，４０９．８２（万元）\u3000≥95％')).toBe('合计:1,409.82(万元) ≥95%');
  });
});

describe('digits apart (the one rule for a cell and for an indicator value)', () => {
  it.each([
    ['1 57', true],
    ['12 12 12', true],
    ['1 2345', true],
    ['1234 567', true], // no thousands group: a group has one to three digits before it
    ['0.123 456', true], // nor in a fraction
    ['1 409.82', false],
    ['-12 345 678', false],
    ['≥1 000人次', false],
    ['2022 年', false],
  ])('%s → %s', (text, apart) => {
    expect(digitsApart(text)).toBe(apart);
  });

  it('a cell and a value read the same text alike: no number where digits stand apart', () => {
    expect(parseCellNumber('1234 567')).toBeNull();
    expect(parseValueSpec('≥1234 567人')).toMatchObject({ op: null, value: null });
    expect(parseCellNumber('1 409.82')).toEqual({ scaled: 140982, decimals: 2 });
    expect(parseValueSpec('≥1 000人次')).toMatchObject({ op: '>=', value: 1000, unit: '人次' });
  });
});
