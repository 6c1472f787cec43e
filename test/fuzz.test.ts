import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract.js';
import { decodeBytes } from '../src/read/decode.js';
import { readPdf } from '../src/read/pdf.js';
import { DocumentSchema, type Document } from '../src/schema/index.js';
import { buildPdf, stream } from './helpers/pdf-build.js';

// Property tests over the fixtures, mutated the way scrapers and converters damage files: lines
// dropped, doubled and swapped, cells shifted, the file cut anywhere, random bytes and huge lines
// put in, other encodings. Whatever comes in: no exception, a document that validates against the
// schema, and no figure that the input does not print. Runs are bounded for CI (FUZZ_RUNS raises
// them); a failure prints the seed and the shrunk mutation list that reproduce it. A hunt may set
// FUZZ_CASE_MS: a case slower than that fails, so a stall is caught with its seed (off in CI, where
// timings are not asserted).
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const CASE_MS = Number(process.env.FUZZ_CASE_MS ?? 0);
/** a hunt's cases take their time (a PDF case ~0.3 s): the test's limit grows with them */
const LIMIT = Math.max(240_000, RUNS * 1_000);

const TEXTS = ['000_44aabd3afaab2ce1.txt', '001_3243ea677d3b48ef.txt', '002_cb1a81c422be5525.txt', '003_e7a38e6b87d50f48.txt', '004_37727312486c824c.txt'].map(
  (f) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8'),
);

type Mutation =
  | { kind: 'drop' | 'duplicate' | 'shift-right' | 'shift-left' | 'split-cell'; at: number }
  | { kind: 'swap'; at: number; to: number }
  | { kind: 'cut'; at: number }
  | { kind: 'junk-line'; at: number; text: string }
  | { kind: 'huge-line'; at: number; unit: string; times: number }
  | { kind: 'replace-char'; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop', 'duplicate', 'shift-right', 'shift-left', 'split-cell'), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap'), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('cut'), at: fc.nat() }),
  fc.record({ kind: fc.constant('junk-line'), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 80 }) }),
  fc.record({ kind: fc.constant('huge-line'), at: fc.nat(), unit: fc.constantFrom('1,234.56\t', '合计', '\t', 'x', '一、', '0'), times: fc.integer({ min: 1000, max: 60_000 }) }),
  fc.record({ kind: fc.constant('replace-char'), at: fc.nat(), char: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % Math.max(lines.length, 1);
  switch (m.kind) {
    case 'drop':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, lines[i] ?? '');
      break;
    case 'swap': {
      const j = m.to % Math.max(lines.length, 1);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      break;
    }
    case 'shift-right':
      lines[i] = `\t${lines[i] ?? ''}`;
      break;
    case 'shift-left':
      lines[i] = (lines[i] ?? '').replace('\t', '');
      break;
    case 'split-cell':
      lines[i] = (lines[i] ?? '').replace(/(\S)(\S)/, '$1\t$2');
      break;
    case 'cut':
      return text.slice(0, m.at % (text.length + 1));
    case 'junk-line':
      lines.splice(i, 0, m.text);
      break;
    case 'huge-line':
      lines.splice(i, 0, m.unit.repeat(m.times));
      break;
    case 'replace-char': {
      const k = m.at % Math.max(text.length, 1);
      return text.slice(0, k) + m.char + text.slice(k + 1);
    }
  }
  return lines.join('\n');
}

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom';
const encode = (text: string, enc: Encoding): Uint8Array => {
  const le = Buffer.from(text, 'utf16le');
  switch (enc) {
    case 'utf-8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'utf-8-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    case 'utf-16le':
      return new Uint8Array(le);
    case 'utf-16le-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    case 'utf-16be-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]));
  }
};

/** Bytes spliced in at random offsets (after encoding): a broken download, a stray NUL. */
const byteNoise = fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }), { maxLength: 3 });

function splice(bytes: Uint8Array, noise: { at: number; bytes: Uint8Array }[]): Uint8Array {
  let out = bytes;
  for (const n of noise) {
    const k = n.at % (out.length + 1);
    const next = new Uint8Array(out.length + n.bytes.length);
    next.set(out.subarray(0, k));
    next.set(n.bytes, k);
    next.set(out.subarray(k), k + n.bytes.length);
    out = next;
  }
  return out;
}

/** A number as the oracle compares it: millionths, so that 8.2020 万元 and 82,020 元 meet. */
const key = (v: number) => Math.round(Math.abs(v) * 1e6);

/** Every number the input prints (commas, a space between thousands and signs aside), by key. */
function printedNumbers(text: string): Set<number> {
  const out = new Set<number>();
  const t = text.normalize('NFKC');
  for (const re of [/\d[\d,，]*(?:\.\d+)?/g, /\d{1,3}(?:\s+\d{3})+(?:\.\d+)?/g])
    for (const m of t.matchAll(re)) {
      const v = Number(m[0].replace(/[,，\s]/g, ''));
      if (Number.isFinite(v)) out.add(key(v));
    }
  return out;
}

/**
 * Figures the document outputs that the input does not print: an amount in yuan must be a printed
 * number as it stands (元 table, or a 元 figure in a 万元 table) or ×10,000 (万元 table).
 */
function invented(doc: Document, printed: Set<number>): string[] {
  const ok = (yuan: number) => printed.has(key(yuan)) || printed.has(key(yuan / 10_000));
  const bad: string[] = [];
  for (const t of doc.tables)
    for (const r of t.rows)
      for (const [k, v] of Object.entries(r.values)) if (typeof v === 'number' && !ok(v)) bad.push(`${t.kind} ${r.name ?? ''} ${k}=${v}`);
  for (const p of doc.performance) {
    for (const v of [p.budget?.planned, p.budget?.executed]) if (typeof v === 'number' && !ok(v)) bad.push(`performance budget ${v}`);
    for (const i of p.indicators)
      for (const spec of [i.target, i.actual])
        for (const v of [spec?.value, spec?.min, spec?.max])
          // an indicator value as printed, or scaled from 万 / 亿
          if (typeof v === 'number' && !ok(v) && !printed.has(key(v / 100_000_000))) bad.push(`indicator ${i.name} ${v}`);
  }
  return bad;
}

async function holds(bytes: Uint8Array): Promise<void> {
  const started = performance.now();
  const doc = await extractBytes(bytes, { path: 'fuzzed.txt' });
  if (CASE_MS > 0) expect(performance.now() - started, 'one case took longer than FUZZ_CASE_MS').toBeLessThan(CASE_MS);
  DocumentSchema.parse(doc);
  const decoded = decodeBytes(bytes);
  const printed = decoded.ok ? printedNumbers(decoded.text) : new Set<number>();
  expect(invented(doc, printed)).toEqual([]);
}

describe('fuzzed text disclosures', () => {
  it('never throw, always validate, never output a figure the input does not print', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: TEXTS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16le', 'utf-16be-bom'),
        byteNoise,
        async (seed, mutations, encoding, noise) => {
          const text = mutations.reduce(mutate, TEXTS[seed]!);
          await holds(splice(encode(text, encoding), noise));
        },
      ),
      { numRuns: RUNS * 3 },
    );
  }, LIMIT);

  it('the GBK copy of seed 001, its bytes cut and spliced', async () => {
    const gbk = new Uint8Array(readFileSync(new URL('../fixtures/encodings/001_3243ea677d3b48ef.gbk.txt', import.meta.url)));
    await fc.assert(
      fc.asyncProperty(fc.nat(), byteNoise, async (cut, noise) => {
        await holds(splice(gbk.subarray(0, cut % (gbk.length + 1)), noise));
      }),
      { numRuns: RUNS },
    );
  }, LIMIT);
});

describe('fuzzed PDFs', () => {
  // a typeset table (Writer), its bytes cut short or overwritten anywhere: a document or an error
  // naming the file, never an exception; every figure one the damaged file's text layer prints (a
  // byte in a font's ToUnicode map can make "2,673.40" read "67.34": that is what the file says)
  const original = new Uint8Array(readFileSync(new URL('../fixtures/pdf/tables-html-writer.pdf', import.meta.url)));

  it('never throw, always validate, never invent a figure', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
        ),
        async (m) => {
          const bytes = original.slice();
          const at = m.at % bytes.length;
          const mutated = m.kind === 'cut' ? bytes.subarray(0, at) : (bytes.set(m.bytes.subarray(0, bytes.length - at), at), bytes);
          const doc = await extractBytes(mutated.slice(), { path: 'fuzzed.pdf' });
          DocumentSchema.parse(doc);
          let text = '';
          try {
            text = (await readPdf(mutated.slice())).ir.pages.flatMap((p) => p.lines.flatMap((l) => l.cells.map((c) => c.text))).join('\n');
          } catch {
            // unreadable: the document must then hold no figure at all
          }
          expect(invented(doc, printedNumbers(text))).toEqual([]);
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  }, LIMIT);
});

describe('PDFs with garbage in their drawing operators', () => {
  // A typeset 收入支出决算总表 (STSong, not embedded), its content stream one operator a line: garbage
  // operators put in anywhere, operands of its own Tm replaced, its MediaBox pushed to extremes —
  // NaN, ∞, 10³⁰⁰, names and strings where numbers belong, to Tz, Tm, Td, TD, TJ, cm, Tc, Tw, TL, Ts,
  // Tf. The reliability hunt found a text width of NaN thrown as an exception this way. Whatever
  // the operators: no exception, a document that validates, no figure the text layer does not print.
  const fixture = readFileSync(new URL('../fixtures/pdf/nonembedded-stsong-unigb-ucs2.pdf', import.meta.url), 'latin1');
  const objects = [...fixture.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)].map((m) => m[2]!);
  const content = /stream\n([\s\S]*?)\nendstream/.exec(objects[3]!)![1]!.split('\n');
  const garbage = fc.constantFrom('(x)', '/N', '[]', 'null', 'true', '-0', '0', '1e400', '-1e400', `1${'0'.repeat(300)}`, `-${'9'.repeat(40)}`, '0.0000001', '3.4e38', '-2147483649', '1.#INF', 'NaN');
  const number = fc.oneof(garbage, fc.double({ noNaN: true }).map(String), fc.integer().map(String));
  const operator = fc.oneof(
    fc.tuple(number).map(([a]) => `${a} Tz`),
    fc.tuple(number, number).map(([a, b]) => `${a} ${b} Td`),
    fc.tuple(number, number).map(([a, b]) => `${a} ${b} TD`),
    fc.array(number, { minLength: 6, maxLength: 6 }).map((n) => `${n.join(' ')} Tm`),
    fc.array(number, { minLength: 6, maxLength: 6 }).map((n) => `${n.join(' ')} cm`),
    fc.tuple(number, fc.constantFrom('<0031002e0032>', '(1.2)', '<>')).map(([a, t]) => `[${t} ${a} ${t}] TJ`),
    fc.tuple(fc.constantFrom('Tc', 'Tw', 'TL', 'Ts'), number).map(([op, a]) => `${a} ${op}`),
    fc.tuple(number).map(([a]) => `/F1 ${a} Tf`),
  );
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), op: operator }),
    fc.record({ kind: fc.constant('operand' as const), at: fc.nat(), k: fc.nat(5), value: number }),
    fc.record({ kind: fc.constant('mediabox' as const), box: fc.array(number, { minLength: 4, maxLength: 4 }) }),
  );

  it('never throw, always validate, never invent a figure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const lines = content.slice();
        let box = '0 0 595 842';
        for (const e of edits) {
          if (e.kind === 'insert') lines.splice(e.at % (lines.length + 1), 0, e.op);
          else if (e.kind === 'mediabox') box = e.box.join(' ');
          else {
            // an operand of one of its own Tm: "BT /F1 9 Tf a b c d e f Tm <…> Tj ET"
            const i = e.at % lines.length;
            const parts = lines[i]!.split(' ');
            const tm = parts.indexOf('Tm');
            if (tm >= 6) parts[tm - 6 + e.k] = e.value;
            lines[i] = parts.join(' ');
          }
        }
        const bytes = buildPdf([...objects.slice(0, 2), objects[2]!.replace('/MediaBox [0 0 595 842]', `/MediaBox [${box}]`), stream(lines.join('\n')), ...objects.slice(4)]);
        const doc = await extractBytes(bytes.slice(), { path: 'garbage-ops.pdf' });
        DocumentSchema.parse(doc);
        expect(doc.diagnostics.map((d) => d.code)).not.toContain('internal-error');
        let text = '';
        try {
          text = (await readPdf(bytes.slice())).ir.pages.flatMap((p) => p.lines.flatMap((l) => l.cells.map((c) => c.text))).join('\n');
        } catch {
          // unreadable (a MediaBox of -Infinity is no PDF number): the document then holds no figure
        }
        expect(invented(doc, printedNumbers(text))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, LIMIT);
});

describe('what the fuzzer found, kept as plain cases', () => {
  it('a MediaBox of -Infinity and (x): an error naming the file, no exception (garbage hunt, seed 1767762747)', async () => {
    const fixture = readFileSync(new URL('../fixtures/pdf/nonembedded-stsong-unigb-ucs2.pdf', import.meta.url), 'latin1');
    const bytes = new Uint8Array(Buffer.from(fixture.replace('/MediaBox [0 0 595 842]', '/MediaBox [-Infinity 0 0 (x)]'), 'latin1'));
    const doc = DocumentSchema.parse(await extractBytes(bytes, { path: 'box.pdf' }));
    expect(doc.tables).toEqual([]);
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'pdf-corrupt' });
    expect(doc.diagnostics[0]?.message).toMatch(/^box\.pdf is not a readable PDF \(no page could be read: Invalid number/);
  });

  const seed001 = TEXTS[1]!;
  const seed002 = TEXTS[2]!;

  it('a code cell damaged into ":011" is reported, its row kept without a code', async () => {
    const text = seed001.replace('\n3011\t住房公积金', '\n:011\t住房公积金');
    expect(text).not.toBe(seed001);
    const doc = await extractBytes(encode(text, 'utf-8'), { path: 'damaged.txt' });
    DocumentSchema.parse(doc);
    expect(doc.diagnostics.filter((d) => d.code === 'unreadable-code').map((d) => d.details)).toEqual([{ text: ':011' }]);
    const basic = doc.tables.find((t) => t.kind === 'general_budget_basic_expenditure')!;
    expect(basic.rows.find((r) => r.name === '住房公积金')).toMatchObject({ code: null, values: { total: 446_000 } });
  });

  it('a line of 20,000 figures in a code table is read in a moment, not minutes', async () => {
    const lines = seed002.split('\n');
    lines.splice(278, 0, '1,234.56\t'.repeat(20_000));
    const doc = await extractBytes(encode(lines.join('\n'), 'utf-8'), { path: 'wide.txt' });
    DocumentSchema.parse(doc);
    expect(doc.tables.length).toBeGreaterThan(0);
  });

  it('a code table printed 200 times is checked row by row under each copy, not every copy against every other', async () => {
    const lines = TEXTS[0]!.split('\n');
    const body = lines.filter((l) => /^\d{3,7}\t/.test(l));
    const text = `${lines.slice(0, lines.indexOf(body[0]!)).join('\n')}\n${Array.from({ length: 200 }, () => body.join('\n')).join('\n')}`;
    const doc = await extractBytes(encode(text, 'utf-8'), { path: 'repeated.txt' });
    DocumentSchema.parse(doc);
    const once = await extractBytes(encode(`${lines.slice(0, lines.indexOf(body[0]!)).join('\n')}\n${body.join('\n')}`, 'utf-8'), { path: 'once.txt' });
    // each coded parent sums the children under it (as in one copy), not the children of all 200
    const widest = (d: Document) =>
      Math.max(...d.checks.filter((c) => c.rule === 'hierarchy' && /^\d/.test(c.formula)).map((c) => c.formula.split(' + ').length));
    expect(widest(doc)).toBe(widest(once));
    expect(widest(once)).toBeGreaterThan(1);
  });

  it('a figure whose point became a space ("1.57" → "1 57") is no figure, not 157', async () => {
    const text = TEXTS[0]!.replace('年度财政资金总额\t1.57\t1.57', '年度财政资金总额\t1.57\t1 57');
    expect(text).not.toBe(TEXTS[0]);
    const doc = await extractBytes(encode(text, 'utf-8'), { path: 'spaced.txt' });
    DocumentSchema.parse(doc);
    const budget = doc.performance.find((p) => p.budget?.planned === 15_700)?.budget;
    expect(budget?.executed).toBeNull();
    expect(doc.diagnostics.filter((d) => d.code === 'unparseable-cell').map((d) => d.details)).toEqual([{ text: '1 57' }]);
    // the 预算数 damaged instead: 执行数 stays 执行数, never slides into its place
    const first = TEXTS[0]!.replace('年度财政资金总额\t1.57\t1.57', '年度财政资金总额\t1 57\t1.57');
    const moved = (await extractBytes(encode(first, 'utf-8'), { path: 'spaced-first.txt' })).performance.find((p) => p.budget?.executed === 15_700);
    expect(moved?.budget?.planned).toBeNull();
    // a rate of hundreds of digits is no rate, and is said
    const rate = TEXTS[0]!.replace('年度财政资金总额\t1.57\t1.57\t100%', `年度财政资金总额\t1.57\t1.57\t${'9'.repeat(400)}%`);
    const rated = await extractBytes(encode(rate, 'utf-8'), { path: 'rate.txt' });
    expect(rated.performance.find((p) => p.budget?.planned === 15_700)?.budget?.rate).toBeNull();
    expect(rated.diagnostics.filter((d) => d.code === 'unparseable-cell').map((d) => (d.details as { text: string }).text.length)).toEqual([401]);
    // a space between thousands stays one number
    const grouped = TEXTS[0]!.replace(/1,409\.82/g, '1 409.82');
    const table = (await extractBytes(encode(grouped, 'utf-8'), { path: 'grouped.txt' })).tables.find((t) => t.kind === 'income_expenditure_summary')!;
    expect(table.rows.some((r) => Object.values(r.values).includes(14_098_200))).toBe(true);
  });

  it('one value printed in three columns run together ("12 12 12") is 12, never 121212', async () => {
    // seed 004 with a flattened table's header line swapped away: the name is then known from the
    // document's other table, and what follows it was read with its spaces removed
    const lines = TEXTS[4]!.split('\n');
    const header = lines.findIndex((l) => /^目标名称\s+一级指标/.test(l));
    const years = lines.findIndex((l) => /^2021 年 2022 年/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(years).toBeGreaterThan(0);
    [lines[header], lines[years]] = [lines[years]!, lines[header]!];
    const doc = await extractBytes(encode(lines.join('\n'), 'utf-8'), { path: 'swapped.txt' });
    const values = doc.performance.flatMap((p) => p.indicators.filter((i) => i.name === '互联网舆情月报').map((i) => i.target?.value));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v === 12)).toBe(true);
  });

  it('a weight of 400 digits is no number (was Infinity, which the schema refuses)', async () => {
    const text = TEXTS[3]!.replace(/\(\d+分\)/, `(${'9'.repeat(400)}分)`);
    const doc = await extractBytes(encode(text, 'utf-8'), { path: 'digits.txt' });
    expect(() => DocumentSchema.parse(doc)).not.toThrow();
  });
});
