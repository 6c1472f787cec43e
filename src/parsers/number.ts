// SPEC §3: amounts are computed in integer fen, never by summing floats.

export type DeclaredUnit = '万元' | '元';

/** A printed number: its digits as an integer and how many decimals were printed. */
export interface PrintedNumber {
  /** the printed number × 10^decimals, e.g. 140982 for "1,409.82" */
  scaled: number;
  decimals: number;
}

/** What a cell holds: a number, a printed "none" (blank, -, —), or something else. */
export type CellNumber = PrintedNumber | 'blank' | 'dash' | null;

const CJK = /[\u4e00-\u9fff]/;
const DASHES = /^[-‐‑‒–—―－~～/]{1,3}$/;

/** Full-width digits and punctuation → ASCII; spaces dropped. */
export function normalizeNumeric(text: string): string {
  // printable ASCII without spaces is already what it would become
  if (/^[!-~]*$/.test(text)) return text;
  return nfkc(text).replace(/[\s\u00a0\u3000]+/g, '').replace(/[，]/g, ',');
}

const GAP = '[\\s\\u00a0\\u3000]+';
const GAPS = new RegExp(GAP, 'g');
const SPACED_DIGITS = new RegExp(`\\d${GAP}\\d`);
/** Digits grouped in threes by spaces ("1 409", "12 345 678"), not inside a longer run of digits or a fraction. */
const SPACE_GROUPS = new RegExp(`(?<![\\d.])\\d{1,3}(?:${GAP}\\d{3})+(?!\\d)`, 'g');

/**
 * Whitespace between two digits other than between thousands: "1 57" (a damaged "1.57"), "12 12 12"
 * (one value printed in three columns run together). Such digits are no number of their own making;
 * "1 409.82" and "≥1 000人次" are one number each.
 */
export function digitsApart(text: string): boolean {
  return SPACED_DIGITS.test(text) && SPACED_DIGITS.test(text.replace(SPACE_GROUPS, (run) => run.replace(GAPS, '')));
}

const cellNumbers = new Map<string, CellNumber>();

/**
 * What a cell prints as a number. Memoised (results frozen): parsers classify the same cells over
 * and over, pass after pass.
 */
export function parseCellNumber(text: string): CellNumber {
  let n = cellNumbers.get(text);
  if (n === undefined) {
    n = readCellNumber(text);
    if (n !== null && typeof n === 'object') Object.freeze(n);
    if (cellNumbers.size > 100_000) cellNumbers.clear();
    cellNumbers.set(text, n);
  }
  return n;
}

function readCellNumber(text: string): CellNumber {
  // a CJK ideograph is never part of a figure, nor made one by NFKC: most text cells end here
  if (CJK.test(text)) return null;
  if (/\s/.test(text) && digitsApart(nfkc(text))) return null;
  const t = normalizeNumeric(text);
  if (t === '') return 'blank';
  if (DASHES.test(t)) return 'dash';
  // (a separator before the last three digits only — 125360,898 — as 上海's unit budgets print: the
  // groups to its left are digits all the same)
  const m = /^([-−]|\()?(\d+(?:,\d{3})+|\d+)(?:\.(\d+))?\)?$/.exec(t);
  if (!m) return null;
  const negative = m[1] !== undefined;
  if (m[1] === '(' && !t.endsWith(')')) return null;
  const intPart = (m[2] ?? '').replace(/,/g, '');
  const frac = m[3] ?? '';
  const scaled = Number(intPart + frac);
  if (!Number.isSafeInteger(scaled)) return null;
  return { scaled: negative ? -scaled : scaled, decimals: frac.length };
}

/** True when a cell prints a number (not blank, not a dash). */
export function isNumberText(text: string): boolean {
  const n = parseCellNumber(text);
  return n !== null && typeof n === 'object';
}

/** A bare small integer such as a 行次 or 栏次 number: digits only, no separators or decimals. */
const BARE = new Map<number, RegExp>();

export function isBareInteger(text: string, maxDigits = 3): boolean {
  let re = BARE.get(maxDigits);
  if (re === undefined) BARE.set(maxDigits, (re = new RegExp(`^\\d{1,${maxDigits}}$`)));
  return re.test(normalizeNumeric(text));
}

/** Round half away from zero of n / d, both integers. */
function divRound(n: number, d: number): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  if (Math.abs(r) * 2 >= d) return q + Math.sign(n);
  return q;
}

/** The printed number in integer fen (0.01 yuan), given the unit it was printed in. */
export function toFen(p: PrintedNumber, unit: DeclaredUnit): number {
  const factor = unit === '万元' ? 1_000_000 : 100;
  if (p.decimals === 0) return p.scaled * factor;
  const div = 10 ** p.decimals;
  if (factor % div === 0) return p.scaled * (factor / div);
  return divRound(p.scaled * factor, div);
}

/** Half a unit of the last printed decimal, in fen: the rounding interval of a printed figure. */
export function halfUnitFen(p: PrintedNumber, unit: DeclaredUnit): number {
  const factor = unit === '万元' ? 1_000_000 : 100;
  return factor / 10 ** p.decimals / 2;
}

export type OutputUnit = 'yuan' | 'wan';

/** Integer fen → the JSON number of the output unit. */
export function fenToOutput(fen: number, unit: OutputUnit): number {
  return unit === 'yuan' ? fen / 100 : fen / 1_000_000;
}

/**
 * Printed digits → a number, or null where they are no figure a table could print (a run of
 * hundreds of digits from a damaged file reads as Infinity or past 2^53).
 */
export function readNumber(digits: string): number | null {
  const n = Number(digits);
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? n : null;
}

/** Characters NFKC leaves as they are: ASCII, CJK ideographs, the common CJK punctuation and quotes, ≥ ≤ ≦ ≧ × ÷. */
const STABLE = '\\t\\n\\r\\x20-\\x7e\\u3001-\\u3035\\u4e00-\\u9fff\\u2018\\u2019\\u201c\\u201d\\u2014\\u00b7\\u00d7\\u00f7\\u2264-\\u2267\\u25a1\\u2610\\u2611';
const NFKC_STABLE = new RegExp(`^[${STABLE}]*$`);
/** The same, with full-width forms (，：（）；) and the ideographic space, which NFKC maps one to one. */
const NFKC_WIDE = new RegExp(`^[${STABLE}\\u3000\\uff01-\\uff5e]*$`);
const WIDE = /[\u3000\uff01-\uff5e]/g;
const narrow = (ch: string) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/**
 * `text.normalize('NFKC')`, skipped where it would change nothing (most cells), and done by a table
 * where only full-width forms would change (most sentences: "，" → ","): the full normalisation is
 * costly. (Each character of both sets checked against NFKC, alone and after every BMP character.)
 */
export function nfkc(text: string): string {
  if (NFKC_STABLE.test(text)) return text;
  if (NFKC_WIDE.test(text)) return text.replace(WIDE, narrow);
  return text.normalize('NFKC');
}
