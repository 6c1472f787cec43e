import { extractBytes, isPdf, type ExtractOptions } from '../extract.js';
import { readInput } from '../index.js';
import type { IrDocument } from '../ir/types.js';
import { indexHtml, reportHtml, summarise, type ReportSummary } from '../report/html.js';
import { renderPages, type PageImage } from '../report/pages.js';
import { workbook } from '../report/xlsx.js';
import type { Document } from '../schema/index.js';
import type { Task } from './pool.js';
import { render, type Rendered } from './render.js';

export type ReportFormat = 'html' | 'xlsx';

/** One input read for a report: its document, the IR it was read from and, for a PDF drawn for HTML, its pages. */
export async function readForReport(task: Task, options: ExtractOptions & { format: ReportFormat }): Promise<{ doc: Document; ir: IrDocument | null; pages: PageImage[] | null }> {
  const path = typeof task === 'string' ? task : task.path;
  const bytes = typeof task === 'string' ? await readInput(task, options) : task.bytes;
  if (!(bytes instanceof Uint8Array)) return { doc: bytes, ir: null, pages: null };
  let ir: IrDocument | null = null;
  const doc = await extractBytes(bytes, { ...options, path, onIr: (x) => (ir = x) });
  let pages: PageImage[] | null = null;
  if (options.format === 'html' && isPdf(bytes) && doc.source.pages !== null) {
    try {
      pages = await renderPages(bytes);
    } catch (err) {
      doc.diagnostics.push({ severity: 'warning', code: 'page-not-drawn', message: `${path}: the pages could not be drawn for the report (${(err as Error).message}); its lines are shown instead.`, location: {} });
    }
  }
  return { doc, ir, pages };
}

/**
 * An input's report, as a worker (or the command's own thread) hands it back: HTML as text, a
 * workbook in base64, with the summary the batch's index lists. A failure of the report itself on
 * an input is an internal-error record naming it, as extraction's are: the batch goes on.
 */
export async function reportRendered(task: Task, options: ExtractOptions, spec: { command: 'report'; format: ReportFormat }): Promise<Rendered> {
  const read = await readForReport(task, { ...options, format: spec.format });
  try {
    if (spec.format === 'html') {
      const { html, summary } = reportHtml(read);
      return render(read.doc, spec, { text: html, summary });
    }
    // (an input that could not be read has no workbook: its error record is written instead)
    const plain = render(read.doc, spec);
    if (plain.fatal) return plain;
    const body = await workbook(read.doc);
    return { ...render(read.doc, spec, { text: Buffer.from(body).toString('base64'), summary: summarise(read.doc, null) }), base64: true };
  } catch (err) {
    const path = typeof task === 'string' ? task : task.path;
    const message = `${path}: disclose failed on this input's report (${(err as Error).message}); this is a bug, please report it with the file.`;
    const doc: Document = { ...read.doc, diagnostics: [{ severity: 'error', code: 'internal-error', message, location: {} }, ...read.doc.diagnostics] };
    return render(doc, spec);
  }
}

export { indexHtml, type ReportSummary };
