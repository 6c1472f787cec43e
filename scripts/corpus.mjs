// npm run corpus [-- DIR] [--json] [--short N]: the tool over a corpus of real disclosures
// (../shared/corpus by default), measured by what every reading must satisfy, truth or none:
//  - every figure a table prints reaches the output: "printed" counts the amounts (a figure with a
//    decimal point or thousands separators, alone in its cell) on the lines of a page that look like
//    table rows (two cells or more, none with the ，。； of prose); "placed" those of them found among the document's output
//    values (tables, performance blocks), each output value used once, a 万元 figure also found as
//    its yuan;
//  - the tables' own identities close: failed checks, by rule;
//  - nothing is left in silence: unplaced-figure diagnostics.
// Per region (the folder a document is in) and in total, then the documents that fall short
// (placed < 99.5 %, a failed check, or no document read), worst first.
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { extractFromIr, sha256 } from '../dist/extract.js';
import { readPdf } from '../dist/read/pdf.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const shortAt = args.indexOf('--short');
const showShort = shortAt >= 0 ? Number(args[shortAt + 1]) : 25;
const root = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--short') ?? new URL('../../shared/corpus/', import.meta.url).pathname);

const AMOUNT = /^[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$/;
const key = (v) => Math.round(v * 100);

/** The amounts printed on table-like lines of the intermediate representation. */
function printedAmounts(ir) {
  const out = [];
  for (const page of ir.pages)
    for (const line of page.lines) {
      // a row of a table: two cells or more, none of them prose (a sentence broken into cells
      // around its figures has its commas and full stops)
      if (line.cells.length < 2 || line.cells.some((c) => /[，。；]/.test(c.text))) continue;
      for (const cell of line.cells) {
        const t = cell.text.replace(/\s/g, '');
        if (AMOUNT.test(t)) out.push(Number(t.replace(/[,−]/g, (c) => (c === '−' ? '-' : ''))));
      }
    }
  return out;
}

/** Every number the document outputs: table values, and the numbers of its performance blocks. */
function outputValues(doc) {
  const counts = new Map();
  const add = (v) => counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  for (const t of doc.tables) for (const r of t.rows) for (const v of Object.values(r.values)) if (typeof v === 'number') add(v);
  const walk = (o) => {
    if (typeof o === 'number') add(o);
    else if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) if (k !== 'location') walk(v);
  };
  walk(doc.performance);
  return counts;
}

function placedOf(printed, counts) {
  let placed = 0;
  const take = (k) => {
    const n = counts.get(k) ?? 0;
    if (n === 0) return false;
    counts.set(k, n - 1);
    return true;
  };
  // exact first, then as 万元 → yuan, so that a figure printed in both units is not taken twice
  const rest = [];
  for (const p of printed) (take(key(p)) ? placed++ : rest.push(p));
  for (const p of rest) if (take(key(p * 10_000))) placed++;
  return placed;
}

const files = (await fg('**/*.pdf', { cwd: root, absolute: true })).sort();
if (files.length === 0) {
  console.error(`corpus: no PDF under ${root}`);
  process.exit(2);
}
const docs = [];
const started = Date.now();
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const rel = relative(root, file);
  const parts = rel.split('/');
  const region = parts.length > 2 ? parts[parts.length - 2] : parts[0] === rel ? '.' : parts[0];
  let read;
  try {
    read = await readPdf(bytes);
  } catch (err) {
    docs.push({ rel, region, fatal: `unreadable: ${err.message}`, printed: 0, placed: 0, tables: 0, failed: {}, unplaced: 0 });
    continue;
  }
  const doc = extractFromIr(read.ir, { path: rel, format: 'pdf', sha256: sha256(bytes), pages: read.pages });
  const printed = printedAmounts(read.ir);
  const failed = {};
  for (const c of doc.checks) if (c.status === 'fail') failed[c.rule] = (failed[c.rule] ?? 0) + 1;
  docs.push({
    rel,
    region,
    kind: doc.document.kind,
    fatal: doc.tables.length === 0 && doc.performance.length === 0 ? (printed.length === 0 ? 'no table printed' : 'no table read') : null,
    printed: printed.length,
    placed: placedOf(printed, outputValues(doc)),
    tables: doc.tables.filter((t) => t.rows.length > 0).length,
    failed,
    unplaced: doc.diagnostics.filter((d) => d.code === 'unplaced-figure').length,
  });
}

const sum = (list, f) => list.reduce((a, d) => a + f(d), 0);
const failures = (d) => sum(Object.values(d.failed), (n) => n);
const whole = (d) => d.printed > 0 && d.placed >= 0.995 * d.printed && failures(d) === 0;
const rows = [];
const regions = [...new Set(docs.map((d) => d.region))].sort();
for (const region of [...regions, 'total']) {
  const list = region === 'total' ? docs : docs.filter((d) => d.region === region);
  const printing = list.filter((d) => d.printed > 0);
  rows.push({
    region,
    docs: list.length,
    printing: printing.length,
    whole: printing.filter(whole).length,
    tables: sum(list, (d) => d.tables),
    printed: sum(list, (d) => d.printed),
    placed: sum(list, (d) => d.placed),
    failedChecks: sum(list, failures),
    docsFailing: list.filter((d) => failures(d) > 0).length,
    unplaced: sum(list, (d) => d.unplaced),
  });
}
const short = docs
  .filter((d) => d.printed > 0 && !whole(d))
  .map((d) => ({ ...d, share: d.placed / d.printed }))
  .sort((a, b) => a.share - b.share || failures(b) - failures(a));

if (json) {
  console.log(JSON.stringify({ root, regions: rows, documents: docs }, null, 1));
} else {
  const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
  const head = ['region', 'docs', 'print tables', 'whole', 'tables read', 'figures printed', 'placed', 'placed %', 'failed checks', 'docs failing', 'unplaced-figure'];
  const table = [head, ...rows.map((r) => [r.region, r.docs, r.printing, r.whole, r.tables, r.printed, r.placed, pct(r.placed, r.printed), r.failedChecks, r.docsFailing, r.unplaced].map(String))];
  const widths = head.map((_, i) => Math.max(...table.map((r) => [...r[i]].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s, w, i) => {
    const width = [...s].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    return i === 0 ? s + ' '.repeat(w - width) : ' '.repeat(w - width) + s;
  };
  for (const r of table) console.log(r.map((c, i) => pad(c, widths[i], i)).join('  '));
  console.log(`\n${short.length} of ${rows.at(-1).printing} documents that print tables fall short (placed < 99.5 % or a failed check); ${showShort} worst:`);
  for (const d of short.slice(0, showShort))
    console.log(
      `  ${pct(d.placed, d.printed).padStart(6)} placed  ${String(failures(d)).padStart(4)} failed${failures(d) ? ` (${Object.entries(d.failed).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}  ${d.rel}${d.fatal ? `  [${d.fatal}]` : ''}`,
    );
  console.log(`\n${docs.length} documents in ${((Date.now() - started) / 1000).toFixed(0)} s (${root})`);
}
