import { isBareInteger, nfkc, normalizeNumeric, parseCellNumber } from './number.js';

export type CellClass = 'empty' | 'number' | 'dash' | 'code' | 'text';

const CODE = /^\d{3,7}$/;

/** Names as printed, with whitespace and line-break debris removed (SPEC §3), kept between Latin words. */
export function cleanName(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim()
    .replace(/ (?![A-Za-z0-9])|(?<![A-Za-z0-9]) /g, '');
}

const labels = new Map<string, string>();

/** A label for matching: NFKC, no whitespace. Not for output. Memoised: the same cells are read often. */
export function normLabel(text: string): string {
  let out = labels.get(text);
  if (out === undefined) {
    out = nfkc(text).replace(/[\s\u00a0\u3000]+/g, '');
    if (labels.size > 100_000) labels.clear();
    labels.set(text, out);
  }
  return out;
}

/** Names compared loosely: NFKC, no whitespace, brackets unified, 的 dropped. */
export function nameKey(text: string): string {
  return normLabel(text)
    .replace(/[()（）]/g, '')
    .replace(/的/g, '');
}

export function isCodeText(text: string): boolean {
  return CODE.test(normalizeNumeric(text));
}

/**
 * A cell's class. Codes (3–7 digits without separators) are told from amounts by the caller's
 * context where it matters; here a bare 3–7 digit string is a code.
 */
export function classify(text: string): CellClass {
  if (text.trim() === '') return 'empty';
  const t = normalizeNumeric(text);
  if (CODE.test(t)) return 'code';
  const n = parseCellNumber(text);
  if (n === 'dash') return 'dash';
  if (n !== null && n !== 'blank') return 'number';
  return 'text';
}

/** A row of only 栏次 numbers 1, 2, 3 … (with 栏次/类/款/项 words): the column-number row. */
export function isColumnNumberRow(cells: string[]): boolean {
  const words = cells.map(normLabel).filter((t) => t !== '');
  if (words.length === 0) return false;
  const ints: number[] = [];
  let sawLabel = false;
  for (const w of words) {
    if (/^(栏次|[类款项]+|栏|次)$/.test(w)) {
      if (w === '栏次') sawLabel = true;
      continue;
    }
    if (!isBareInteger(w)) return false;
    ints.push(Number(w));
  }
  if (ints.length === 0) return sawLabel;
  if (ints[0] !== 1 && !sawLabel) return false;
  for (let i = 1; i < ints.length; i++) if (ints[i] !== (ints[i - 1] ?? 0) + 1) return false;
  return sawLabel || ints.length >= 2;
}

/** The 栏次 numbers of a column-number row with the index of each. */
export function columnNumbers(cells: string[]): { number: number; index: number }[] {
  const out: { number: number; index: number }[] = [];
  cells.forEach((c, index) => {
    const t = normLabel(c);
    if (isBareInteger(t)) out.push({ number: Number(t), index });
  });
  return out;
}

export function isTotalName(text: string): boolean {
  return /^(合计|总计|小计)$/.test(normLabel(text));
}
