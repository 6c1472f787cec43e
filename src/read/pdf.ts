import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IrDocument, IrLine } from '../ir/types.js';
import type { Diagnostic } from '../schema/index.js';
import { layoutPage, pageLines, runningLines, type PageCarry, type PageItem, type PageLines } from './pdf-layout.js';

export class PdfError extends Error {
  constructor(
    readonly code: 'encrypted' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

export interface PdfOptions {
  /** pages read at most; the rest are reported, not read */
  maxPages?: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdfjs-dist is loaded only when a PDF is read, so text-only runs never pay for it. Its worker runs in
 * this thread (Node has no pdf.js worker); it is loaded here too, where pdf.js finds it
 * (`globalThis.pdfjsWorker`), rather than by pdf.js's own dynamic import of a worker URL.
 */
function load(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // @ts-expect-error the worker module has no types; importing it sets globalThis.pdfjsWorker
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return lib;
  })();
  return pdfjs;
}

/** The package's own cmaps/ and standard_fonts/, as plain paths with a trailing slash (a file:// URL yields no text). */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: `${join(root, 'cmaps')}/`, standardFontDataUrl: `${join(root, 'standard_fonts')}/` };
}

/**
 * A text item wider or larger than this (points) is garbage (a Tz of 10³⁰⁰): PDF's own limit is
 * 14,400 pt a side. Positions are kept however far out: the layout does not grow with them.
 */
const MAX_COORDINATE = 1e6;

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
}

/**
 * pdf.js hands back the glyphs' own code points: Kangxi radicals (⼀ for 一), CJK compatibility
 * ideographs and full-width letters and digits, which NFKC maps to the characters a text copy of the
 * same document holds. Full-width punctuation (（）：，) is what such a copy prints too, and is kept.
 */
export function normalizeGlyphs(text: string): string {
  return text.replace(/[\u2e80-\u2fdf\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, (ch) => ch.normalize('NFKC'));
}

/**
 * pdf.js's loading task for a PDF, set up as disclose reads every PDF (its cmaps and standard fonts,
 * no system fonts). The caller destroys the task. (npm run bench times pdf.js alone with it.)
 */
export async function openPdf(bytes: Uint8Array): Promise<{ lib: PdfJs; task: ReturnType<PdfJs['getDocument']> }> {
  const lib = await load();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    ...assets(),
    cMapPacked: true,
    verbosity: 0,
    useSystemFonts: false,
  });
  return { lib, task };
}

/** A PDF → the intermediate representation: one IR page a PDF page, positional cells with x edges. */
export async function readPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<{ ir: IrDocument; pages: number; diagnostics: Omit<Diagnostic, 'table'>[] }> {
  const { lib, task } = await openPdf(bytes);
  const diagnostics: Omit<Diagnostic, 'table'>[] = [];
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      const e = err as Error;
      if (e.name === 'PasswordException') throw new PdfError('encrypted', 'is encrypted: it asks for a password');
      throw new PdfError('corrupt', `is not a readable PDF (${e.message})`);
    }
    const limit = Math.min(doc.numPages, options.maxPages ?? 1000);
    if (doc.numPages > limit)
      diagnostics.push({
        severity: 'warning',
        code: 'page-limit',
        message: `Only the first ${limit} of ${doc.numPages} pages were read.`,
        location: { page: limit + 1 },
      });
    // every page's lines first: running headers and footers are known only from all the pages
    const pageLineSets: PageLines[] = [];
    let unreadable = 0;
    let lastError = '';
    for (let p = 1; p <= limit; p++) {
      // a damaged page (a page tree that loops, a broken content stream) is said, and the rest read
      let page: import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;
      let content: Awaited<ReturnType<import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy['getTextContent']>>;
      try {
        page = await doc.getPage(p);
        content = await page.getTextContent();
      } catch (err) {
        unreadable++;
        lastError = (err as Error).message;
        diagnostics.push({
          severity: 'warning',
          code: 'page-unreadable',
          message: `Page ${p} could not be read (${(err as Error).message}); it was left out.`,
          location: { page: p },
        });
        pageLineSets.push([]);
        continue;
      }
      const viewport = page.getViewport({ scale: 1 });
      const items: PageItem[] = [];
      let misplaced = 0;
      for (const raw of content.items as TextItemLike[]) {
        if (typeof raw.str !== 'string' || raw.str.trim() === '') continue;
        const tx = lib.Util.transform(viewport.transform, raw.transform) as number[];
        const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = tx;
        // garbage operands (a Tz or Tm of NaN or 10⁴⁰⁰) give no place to stand: said, not guessed
        // (pdf.js then places a figure's first glyph and loses the rest: keeping it would invent a figure)
        if (!tx.every(Number.isFinite)) {
          misplaced++;
          continue;
        }
        const size = Math.min(Math.max(Math.hypot(c, d), 1), MAX_COORDINATE);
        const along = Math.hypot(a, b) || 1;
        let x1 = x + raw.width * (a / along);
        // a width of NaN or beyond any page: the item as wide as its characters at its size
        if (!Number.isFinite(x1) || Math.abs(x1 - x) > MAX_COORDINATE) x1 = x + size * raw.str.length;
        items.push({ text: normalizeGlyphs(raw.str), x0: Math.min(x, x1), x1: Math.max(x, x1), y, size });
      }
      if (misplaced > 0)
        diagnostics.push({
          severity: 'warning',
          code: 'page-geometry',
          message: `Page ${p}: ${misplaced} text item${misplaced === 1 ? '' : 's'} with no valid position (garbage in the page's drawing operators) ${misplaced === 1 ? 'was' : 'were'} left out.`,
          location: { page: p },
        });
      if (items.length === 0)
        diagnostics.push({
          severity: 'warning',
          code: 'page-needs-ocr',
          message: `Page ${p} has no text layer (a scanned image); it needs OCR and was not read.`,
          location: { page: p },
        });
      pageLineSets.push(pageLines(items));
      page.cleanup();
    }
    if (limit > 0 && unreadable === limit) throw new PdfError('corrupt', `is not a readable PDF (no page could be read: ${lastError})`);
    const carry: PageCarry = { running: runningLines(pageLineSets) };
    const pages = pageLineSets.map((lines, k) => ({ number: k + 1, lines: layoutPage(lines, k + 1, carry) }));
    return { ir: { format: 'pdf', pages }, pages: doc.numPages, diagnostics };
  } finally {
    await task.destroy();
  }
}
