// node bench/pdf-rounds.mjs [--as-cli] FILE...: disclose on these PDFs in this process, one core,
// after one untimed pass; then rounds of disclose and pdf.js alone (getTextContent only). Prints
// {"pages", "ours", "pdfjs"} in seconds, the best of the rounds. --as-cli reads as the CLI's own
// processes do (src/cli/own-thread.ts: pdf.js inflates in place).
import { readFileSync } from 'node:fs';
import { ownThread } from '../dist/cli/own-thread.js';
import { extractBytes } from '../dist/index.js';
import { pdfjsOnly } from './pdfjs-only.mjs';

const args = process.argv.slice(2);
if (args[0] === '--as-cli') {
  args.shift();
  ownThread();
}
const files = args.map((p) => new Uint8Array(readFileSync(p)));
const now = () => performance.now();
for (const [i, f] of files.entries()) await extractBytes(f, { path: `warm-up${i}.pdf` });
const best = { pages: 0, ours: Infinity, pdfjs: Infinity };
for (let round = 0; round < 3; round++) {
  let pages = 0;
  let t0 = now();
  for (const [i, f] of files.entries()) pages += (await extractBytes(f, { path: `file${i}.pdf` })).source.pages ?? 0;
  best.ours = Math.min(best.ours, (now() - t0) / 1000);
  best.pages = pages;
  t0 = now();
  for (const f of files) await pdfjsOnly(f);
  best.pdfjs = Math.min(best.pdfjs, (now() - t0) / 1000);
}
console.log(JSON.stringify(best));
