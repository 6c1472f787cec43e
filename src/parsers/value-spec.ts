import type { z } from 'zod';
import type { ValueSpecSchema } from '../schema/index.js';
import { digitsApart, nfkc, readNumber } from './number.js';

export type ValueSpec = z.infer<typeof ValueSpecSchema>;

/** LaTeX and HTML debris converters leave in cells: `$\geq 95\%$`, `<p>…</p>`, `&gt;`. */
export function stripMarkup(text: string): string {
  // most cells hold no markup: only their whitespace to tidy
  if (!/[<&\\$]/.test(text)) return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
  return text
    .replace(/<[^<>]*>/g, tag)
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\geq?\b|\\geqslant\b/g, '≥')
    .replace(/\\leq?\b|\\leqslant\b/g, '≤')
    .replace(/\\gt\b/g, '>')
    .replace(/\\lt\b/g, '<')
    .replace(/\\%/g, '%')
    .replace(/\\sim\b/g, '~')
    .replace(/\$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An HTML tag: a check box (ticked or not), or a space; anything else in angle brackets is kept. */
function tag(text: string): string {
  if (/^<input/i.test(text)) return /\bchecked/i.test(text) ? '☑' : '☐';
  return /^<\/?[a-z]/i.test(text) ? ' ' : text;
}

const OPS: [RegExp, ValueSpec['op']][] = [
  [/^(≥|>=|=>|不低于|不少于|大于等于|至少|均≥)/, '>='],
  [/^(≤|<=|=<|不高于|不超过|小于等于|均≤)/, '<='],
  [/^(>|大于|超过|高于)/, '>'],
  [/^(<|小于|低于)/, '<'],
  [/^(=|等于)/, '='],
];

const NUMBER = /^(\d+(?:\.\d+)?)\s*(万|亿)?/;
const SCALE: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

function unitOk(unit: string): boolean {
  return unit.length <= 6 && !/[，。；;,、]/.test(unit) && !/\d/.test(unit);
}

function num(text: string): { value: number; unit: string } | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const scale = m[2] ? (SCALE[m[2]] ?? 1) : 1;
  const unit = text.slice(m[0].length).trim();
  const n = readNumber(m[1] ?? '');
  if (!unitOk(unit) || n === null) return null;
  return { value: Number((n * scale).toPrecision(12)), unit };
}

/**
 * A performance target or actual (SPEC §4): `≥6600条`, `$\geq 95\%$`, `97%-100%`, `1.47万`,
 * `≤190元/人`, `完成`. `raw` is always kept; qualitative values get op, value and unit null.
 */
export function parseValueSpec(input: string): ValueSpec | null {
  const raw = stripMarkup(input);
  if (raw === '') return null;
  const normal = nfkc(raw);
  const t = normal.replace(/\s+/g, '').replace(/[～〜~—–]/g, '-').replace(/^均/, '');
  const qualitative: ValueSpec = { raw, op: null, value: null, unit: null };
  if (digitsApart(normal)) return qualitative;

  const range = /^(\d+(?:\.\d+)?)(%|万|亿)?-(\d+(?:\.\d+)?)(%|万|亿)?(.*)$/s.exec(t);
  if (range) {
    const unitTail = range[5] ?? '';
    const u = range[4] ?? range[2] ?? '';
    const lo = readNumber(range[1] ?? '');
    const hi = readNumber(range[3] ?? '');
    if (unitOk(unitTail) && lo !== null && hi !== null) {
      const scale = u === '万' || u === '亿' ? (SCALE[u] ?? 1) : 1;
      const min = lo * (range[2] === '万' || range[2] === '亿' ? (SCALE[range[2]] ?? 1) : scale);
      const max = hi * scale;
      return { raw, op: 'range', value: null, min, max, unit: (u === '%' ? '%' : '') + unitTail || null };
    }
  }

  let op: ValueSpec['op'] = null;
  let rest = t;
  for (const [re, o] of OPS) {
    const m = re.exec(t);
    if (m) {
      op = o;
      rest = t.slice(m[0].length);
      break;
    }
  }
  const n = num(rest);
  if (!n) return qualitative;
  return { raw, op: op ?? '=', value: n.value, unit: n.unit === '' ? null : n.unit };
}

/** "(30分)", "（24分）" → 30. */
export function pointsIn(text: string): number | null {
  const m = /[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]/.exec(nfkc(text));
  return m ? readNumber(m[1] ?? '') : null;
}

/** A score or weight cell: "20", "20分", "98.89". */
export function scoreOf(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*分?$/.exec(nfkc(stripMarkup(text)).replace(/\s+/g, ''));
  return m ? readNumber(m[1] ?? '') : null;
}
