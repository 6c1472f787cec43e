import { normLabel } from '../parsers/cells.js';

export interface NoteFormula {
  text: string;
  /** 行: rows by 行次; 栏: columns by 栏次, in every row */
  axis: 'line' | 'column';
  target: number;
  terms: { n: number; sign: 1 | -1 }[];
}

export type NoteProblem = { problem: 'self-reference' | 'unparseable'; text: string };

/**
 * SPEC §5.1: identity formulas printed under tables: `27行 = (1+2+…+8)行`, `58行 = (32+33+...+57)行`,
 * `1栏各行=（2+3+4+5+6）栏各行`, `6栏各行=(1+2-3)栏各行`. Statements are split at ；; and 。.
 */
export function parseNotes(notes: readonly string[]): (NoteFormula | NoteProblem)[] {
  const out: (NoteFormula | NoteProblem)[] = [];
  for (const note of notes) {
    for (const raw of normLabel(note).split(/[;；。]/)) {
      const s = raw.replace(/^注[:：]?/, '');
      if (!/=/.test(s) || !/[行栏]/.test(s)) continue;
      const m = /^(\d+)(行|栏各行|栏)=\(?([\d+\-.…]+)\)?(行|栏各行|栏)$/.exec(s);
      if (!m || (m[2] === '行') !== (m[4] === '行')) {
        out.push({ problem: 'unparseable', text: raw });
        continue;
      }
      const terms = expand(m[3] ?? '');
      if (!terms) {
        out.push({ problem: 'unparseable', text: raw });
        continue;
      }
      const target = Number(m[1]);
      if (terms.some((t) => t.n === target)) {
        out.push({ problem: 'self-reference', text: raw });
        continue;
      }
      out.push({ text: raw, axis: m[2] === '行' ? 'line' : 'column', target, terms });
    }
  }
  return out;
}

/** "1+2-3" → terms; "32+33+...+57" → 32 … 57. */
function expand(expr: string): { n: number; sign: 1 | -1 }[] | null {
  const tokens = expr.replace(/…+|\.{2,}/g, '~').match(/[+-]?(\d+|~)/g);
  if (!tokens || tokens.join('') !== expr.replace(/…+|\.{2,}/g, '~')) return null;
  const out: { n: number; sign: 1 | -1 }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const sign: 1 | -1 = tok.startsWith('-') ? -1 : 1;
    const body = tok.replace(/^[+-]/, '');
    if (body === '~') {
      const from = out[out.length - 1]?.n;
      const next = Number((tokens[i + 1] ?? '').replace(/^[+-]/, ''));
      if (from === undefined || !Number.isInteger(next) || next <= from) return null;
      for (let n = from + 1; n < next; n++) out.push({ n, sign });
      continue;
    }
    out.push({ n: Number(body), sign });
  }
  return out.length > 0 ? out : null;
}
