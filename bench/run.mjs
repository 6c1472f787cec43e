#!/usr/bin/env node
// npm run bench: throughput of the built library, printed as figures (no thresholds here).
//   text: the seed fixtures, extract + checks, documents/s and MB/s on one core
//   pdf:  pages/s reading + extracting the committed PDFs (and ../shared/corpus/shanghai when
//         present), against `pdftotext -layout` on the same files in the same run when poppler is
//         installed (it only lays text out; disclose also builds and checks the tables)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBytes } from '../dist/index.js';
import { readPdf } from '../dist/read/pdf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'fixtures');
const now = () => performance.now();
const fmt = (n, d = 1) => n.toFixed(d);

async function timeIt(fn, minMs = 1500) {
  let runs = 0;
  const t0 = now();
  do {
    await fn();
    runs++;
  } while (now() - t0 < minMs);
  return (now() - t0) / runs;
}

// text
const seeds = readdirSync(fixtures).filter((f) => /^\d{3}_.*\.txt$/.test(f)).map((f) => new Uint8Array(readFileSync(join(fixtures, f))));
const bytes = seeds.reduce((n, s) => n + s.length, 0);
await Promise.all(seeds.map((s, i) => extractBytes(s, { path: `seed${i}.txt` }))); // warm up
const textMs = await timeIt(async () => {
  for (const [i, s] of seeds.entries()) await extractBytes(s, { path: `seed${i}.txt` });
});
console.log(`text  ${seeds.length} seeds, ${fmt(bytes / 1024)} KB: ${fmt((seeds.length * 1000) / textMs)} documents/s, ${fmt(bytes / 1048576 / (textMs / 1000), 2)} MB/s`);

// pdf
const pdfs = [
  ...['pdf/seeds/000.pdf', 'pdf/seeds/001.pdf', 'pdf/seeds/002.pdf', 'pdf/tables-html-writer.pdf', 'pdf/tables-xlsx-calc.pdf'].map((p) => join(fixtures, p)),
];
const corpus = join(root, '..', 'shared', 'corpus', 'shanghai');
if (existsSync(corpus)) pdfs.push(...readdirSync(corpus).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(corpus, f)));
let pages = 0;
const files = pdfs.map((p) => new Uint8Array(readFileSync(p)));
await readPdf(files[0]); // load pdf.js once, as a batch does
let t0 = now();
for (const f of files) pages += (await readPdf(f)).pages;
const readMs = now() - t0;
t0 = now();
for (const [i, f] of files.entries()) await extractBytes(f, { path: `file${i}.pdf` });
const extractMs = now() - t0;
console.log(`pdf   ${files.length} files, ${pages} pages: layout ${fmt((pages * 1000) / readMs)} pages/s, extract + checks ${fmt((pages * 1000) / extractMs)} pages/s (one core)`);

let poppler = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  poppler = false;
}
if (poppler) {
  t0 = now();
  for (const p of pdfs) execFileSync('pdftotext', ['-layout', p, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const popplerMs = now() - t0;
  console.log(`pdf   pdftotext -layout on the same files: ${fmt((pages * 1000) / popplerMs)} pages/s (a process a file, text only)`);
} else console.log('pdf   pdftotext not installed (apt-get install poppler-utils) — no comparison');

const mem = process.memoryUsage();
console.log(`memory  rss ${fmt(mem.rss / 1048576, 0)} MB, heap ${fmt(mem.heapUsed / 1048576, 0)} MB after the run`);
