#!/usr/bin/env node
// npm run bench: how fast and how lean the built tool is, printed as a table against the targets
// (issues 7 and 15). Figures only, no thresholds: a slow machine must not fail a build.
//
//   text     the five seed fixtures repeated to a 1,000-document corpus, extract + checks in
//            process on one core: documents/s and MB/s from a cold start, then documents/s warm
//   pdf      the committed PDFs (and ../shared/corpus/shanghai when present), extract + checks on
//            one core, against `pdftotext -layout` (poppler) on the same files in the same run;
//            then the CLI on a folder of them, as a user runs it (cold, start-up included), with
//            one worker and with the default, against the same pdftotext time, and its peak memory
//   start-up `disclose --version`, median of 15 spawns
//   batch    the CLI on 300 of the text documents as files with one worker, against a Node process
//            that merely reads them and writes each back as JSON; the CLI on the 1,000 documents
//            (default --jobs): documents/s and peak memory; the CLI on 160 PDFs (the PDF files ten
//            times) with two workers: peak memory (resident set, sampled from /proc every 20 ms)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBytes } from '../dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'fixtures');
const bin = join(root, 'bin', 'disclose.js');
const now = () => performance.now();
const rows = [];
const row = (what, value, target, met) => rows.push({ what, value, target, met: met === undefined ? '' : met ? 'yes' : 'NO' });

/**
 * The CLI run as a user runs it, cold: its wall time and its peak resident memory, all threads
 * included (sampled from /proc every 20 ms; 0 where there is no /proc).
 */
function cliRun(args) {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    let max = 0;
    const status = `/proc/${child.pid}/status`;
    const sample = () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
        if (m) max = Math.max(max, Number(m[1]) * 1024);
      } catch {
        // gone, or no /proc (not Linux)
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ bytes: max, secs: (now() - started) / 1000 });
    });
  });
}
const megabytes = (bytes) => (bytes > 0 ? `${(bytes / 1048576).toFixed(0)} MB` : 'not measured (no /proc)');

// text: 1,000 documents, one core
const seeds = readdirSync(fixtures)
  .filter((f) => /^\d{3}_.*\.txt$/.test(f))
  .sort()
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(fixtures, f))) }));
const corpus = Array.from({ length: 1000 }, (_, k) => seeds[k % seeds.length]);
const corpusBytes = corpus.reduce((n, s) => n + s.bytes.length, 0);
let t0 = now();
for (const [k, s] of corpus.entries()) await extractBytes(s.bytes, { path: `${k}-${s.name}` });
const textSecs = (now() - t0) / 1000;
const docsPerSec = corpus.length / textSecs;
row('text: documents/s (1,000 docs, one core)', docsPerSec.toFixed(0), '≥ 200', docsPerSec >= 200);
row('text: MB/s', (corpusBytes / 1048576 / textSecs).toFixed(2), '', undefined);
// the same corpus again, now that V8 has compiled the hot code: what a long batch runs at
t0 = now();
for (const [k, s] of corpus.entries()) await extractBytes(s.bytes, { path: `again-${k}-${s.name}` });
row('text: documents/s, the same 1,000 again (warm)', (corpus.length / ((now() - t0) / 1000)).toFixed(0), '', undefined);

// pdf: one core, against pdftotext -layout
const pdfs = ['pdf/seeds/000.pdf', 'pdf/seeds/001.pdf', 'pdf/seeds/002.pdf', 'pdf/tables-html-writer.pdf', 'pdf/tables-xlsx-calc.pdf'].map((p) => join(fixtures, p));
const shanghai = join(root, '..', 'shared', 'corpus', 'shanghai');
if (existsSync(shanghai)) pdfs.push(...readdirSync(shanghai).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(shanghai, f)));
const poppler = spawnSync('pdftotext', ['-v']).status === 0;
// Each figure the best of three rounds, as this kind of machine's timings swing from one minute to
// the next. disclose and pdf.js alone are timed warm, in a process of their own (pdf-rounds.mjs),
// read as the CLI reads (no DecompressionStream) and as the library reads in a caller's process.
const rounds = (asCli) => JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'pdf-rounds.mjs'), ...(asCli ? ['--as-cli'] : []), ...pdfs], { encoding: 'utf8' }));
const cli = rounds(true);
const library = rounds(false);
const pages = cli.pages;
const timed = (fn) => {
  const start = now();
  fn();
  return (now() - start) / 1000;
};
row(`pdf: pages/s (${pdfs.length} files, ${pages} pages, one core, read as the CLI reads)`, (pages / cli.ours).toFixed(1), '', undefined);
if (poppler) {
  let popplerSecs = Infinity;
  for (let round = 0; round < 3; round++)
    popplerSecs = Math.min(popplerSecs, timed(() => {
      for (const p of pdfs) execFileSync('pdftotext', ['-layout', p, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    }));
  row('pdf: pdftotext -layout pages/s (same files)', (pages / popplerSecs).toFixed(1), '', undefined);
  const ratio = cli.ours / popplerSecs;
  row('pdf: wall time ÷ pdftotext -layout (one core, warm)', `${ratio.toFixed(2)}×`, '≤ 2.5×', ratio <= 2.5);
  row('pdf: the same, read by the library in a caller’s process', `${(library.ours / popplerSecs).toFixed(2)}×`, '', undefined);
  // as a user runs it: the CLI on a folder of the same files (start-up, pdf.js's loading and its
  // warm-up, workers and JSON output included), cold each time, against the same pdftotext time
  const folder = mkdtempSync(join(tmpdir(), 'disclose-bench-pdf-'));
  pdfs.forEach((p, i) => writeFileSync(join(folder, `${String(i).padStart(2, '0')}.pdf`), readFileSync(p)));
  for (const jobs of [1, availableParallelism()]) {
    let cliSecs = Infinity;
    let cliPeak = 0;
    for (let round = 0; round < 3; round++) {
      const run = await cliRun([bin, 'extract', folder, '--quiet', '--jobs', String(jobs)]);
      cliSecs = Math.min(cliSecs, run.secs);
      cliPeak = Math.max(cliPeak, run.bytes);
    }
    const cliRatio = cliSecs / popplerSecs;
    if (jobs === 1) row('pdf: disclose extract on the folder (CLI, cold, --jobs 1) ÷ pdftotext', `${cliRatio.toFixed(2)}×`, '≤ 4×', cliRatio <= 4);
    else {
      row(`pdf: the same with --jobs ${jobs} ÷ pdftotext`, `${cliRatio.toFixed(2)}×`, '', undefined);
      row('pdf: peak memory of that run (resident)', megabytes(cliPeak), '< 400 MB', cliPeak > 0 ? cliPeak < 400 * 1048576 : undefined);
    }
  }
  rmSync(folder, { recursive: true, force: true });
  // what pdf.js alone costs (getTextContent of every page, no layout, no tables): the floor
  row('pdf: pdf.js text extraction alone ÷ pdftotext (as the CLI reads)', `${(cli.pdfjs / popplerSecs).toFixed(2)}×`, '', undefined);
} else row('pdf: pdftotext -layout', 'not installed (apt-get install poppler-utils)', '≤ 2.5×', undefined);

// start-up
const startups = [];
for (let k = 0; k < 15; k++) {
  t0 = now();
  spawnSync(process.execPath, [bin, '--version'], { stdio: 'ignore' });
  startups.push(now() - t0);
}
startups.sort((a, b) => a - b);
const startup = startups[Math.floor(startups.length / 2)];
row('start-up: disclose --version (median of 15)', `${startup.toFixed(0)} ms`, '< 150 ms', startup < 150);

// batch: the CLI over 300 text files with one worker, against merely reading them and writing each
// back as JSON (a Node process of its own, cold too: what any tool that touches the files costs)
const dir = mkdtempSync(join(tmpdir(), 'disclose-bench-'));
for (const [k, s] of corpus.entries()) writeFileSync(join(dir, `${String(k).padStart(4, '0')}-${s.name}`), s.bytes);
const dir300 = mkdtempSync(join(tmpdir(), 'disclose-bench-300-'));
for (const [k, s] of corpus.slice(0, 300).entries()) writeFileSync(join(dir300, `${String(k).padStart(4, '0')}-${s.name}`), s.bytes);
const copyOut = mkdtempSync(join(tmpdir(), 'disclose-bench-copy-'));
const copy = `const fs = require('node:fs'), path = require('node:path'); for (const f of fs.readdirSync(${JSON.stringify(dir300)}).sort()) fs.writeFileSync(path.join(${JSON.stringify(copyOut)}, f + '.json'), JSON.stringify({ path: f, text: fs.readFileSync(path.join(${JSON.stringify(dir300)}, f), 'utf8') }));`;
let copySecs = Infinity;
let cli300 = Infinity;
for (let round = 0; round < 3; round++) {
  copySecs = Math.min(copySecs, (await cliRun(['-e', copy])).secs);
  cli300 = Math.min(cli300, (await cliRun([bin, 'extract', dir300, '--quiet', '--jobs', '1'])).secs);
}
rmSync(dir300, { recursive: true, force: true });
rmSync(copyOut, { recursive: true, force: true });
row('batch: disclose extract on 300 text files (--jobs 1) ÷ reading and writing them as JSON', `${(cli300 / copySecs).toFixed(1)}×`, '≤ 10×', cli300 / copySecs <= 10);
const peak = await cliRun([bin, 'extract', dir, '--quiet']);
rmSync(dir, { recursive: true, force: true });
row(`batch: disclose extract on 1,000 files (--jobs ${availableParallelism()}): documents/s`, (1000 / peak.secs).toFixed(0), '', undefined);
row('batch: peak memory (resident)', megabytes(peak.bytes), '< 400 MB', peak.bytes > 0 ? peak.bytes < 400 * 1048576 : undefined);
// 160 PDFs (the PDF files ten times) on two workers: what a long PDF batch holds at its peak
const many = mkdtempSync(join(tmpdir(), 'disclose-bench-160-'));
for (let k = 0; k < 160; k++) writeFileSync(join(many, `${String(k).padStart(3, '0')}.pdf`), readFileSync(pdfs[k % pdfs.length]));
const batch160 = await cliRun([bin, 'extract', many, '--quiet', '--jobs', '2']);
rmSync(many, { recursive: true, force: true });
row(`batch: disclose extract on 160 PDFs (--jobs 2): ${batch160.secs.toFixed(1)} s, peak memory (resident)`, megabytes(batch160.bytes), '< 400 MB', batch160.bytes > 0 ? batch160.bytes < 400 * 1048576 : undefined);

const width = (k) => Math.max(...rows.map((r) => String(r[k]).length), k.length);
const line = (r) => `${String(r.what).padEnd(width('what'))}  ${String(r.value).padStart(width('value'))}  ${String(r.target).padEnd(width('target'))}  ${r.met}`;
console.log(`disclose bench — Node ${process.version}, ${availableParallelism()} cores\n`);
console.log(line({ what: 'what', value: 'value', target: 'target', met: 'met' }));
console.log(line({ what: '-'.repeat(width('what')), value: '-'.repeat(width('value')), target: '-'.repeat(width('target')), met: '---' }));
for (const r of rows) console.log(line(r));
