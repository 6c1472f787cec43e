import { readFile, stat } from 'node:fs/promises';
import { extractBytes, inputError, isPdf, megabytes, sha256, type ExtractOptions } from '../extract.js';
import type { IrDocument } from '../ir/types.js';
import { indexHtml, reportHtml, summarise, type ReportSummary } from '../report/html.js';
import { locate } from '../report/locate.js';
import { renderPages, type PageImage } from '../report/pages.js';
import { workbook } from '../report/xlsx.js';
import type { Document } from '../schema/index.js';
import type { Input } from './inputs.js';
import type { Task } from './pool.js';
import { render, type Rendered } from './render.js';

export type ReportFormat = 'html' | 'xlsx';

/** One input read for a report: its document, the IR it was read from and, for a PDF, its pages drawn. */
export async function readForReport(input: Input, bytes: Uint8Array | null, options: ExtractOptions & { format: ReportFormat }): Promise<{ doc: Document; ir: IrDocument | null; pages: PageImage[] | null }> {
  const blank = { path: input.path, format: 'text' as const, sha256: sha256(new Uint8Array()), pages: null };
  if (input.problem) return { doc: inputError(blank, input.problem.code, input.problem.message, options), ir: null, pages: null };
  if (bytes === null) {
    try {
      const st = await stat(input.path);
      const max = options.maxBytes ?? Infinity;
      if (st.size > max) return { doc: inputError(blank, 'too-large', `${input.path} is more than the ${megabytes(max)} MB an input may be (--max-size raises it).`, options), ir: null, pages: null };
      bytes = await readFile(input.path);
    } catch (err) {
      return { doc: inputError(blank, 'read-failed', `${input.path} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, options), ir: null, pages: null };
    }
  }
  let ir: IrDocument | null = null;
  const doc = await extractBytes(bytes, { ...options, path: input.path, onIr: (x) => (ir = x) });
  let pages: PageImage[] | null = null;
  if (options.format === 'html' && isPdf(bytes) && doc.source.pages !== null) {
    try {
      pages = await renderPages(bytes);
    } catch (err) {
      doc.diagnostics.push({ severity: 'warning', code: 'page-not-drawn', message: `${input.path}: the pages could not be drawn for the report (${(err as Error).message}).`, location: {} });
    }
  }
  return { doc, ir, pages };
}

/** The file a format writes for a document, and what the batch index says of it. */
export async function reportFile(read: { doc: Document; ir: IrDocument | null; pages: PageImage[] | null }, format: ReportFormat): Promise<{ body: string | Uint8Array; summary: ReportSummary }> {
  if (format === 'html') {
    const { html, summary } = reportHtml(read);
    return { body: html, summary };
  }
  const located = read.ir ? locate(read.doc, read.ir) : null;
  return { body: await workbook(read.doc), summary: summarise(read.doc, located) };
}

/**
 * An input's report, as a worker (or the command's own thread) hands it back: HTML as text, a
 * workbook in base64, with the summary the batch's index lists.
 */
export async function reportRendered(task: Task, options: ExtractOptions, spec: { command: 'report'; format: ReportFormat }): Promise<Rendered> {
  const path = typeof task === 'string' ? task : task.path;
  const read = await readForReport({ path, rel: path }, typeof task === 'string' ? null : task.bytes, { ...options, format: spec.format });
  const { body, summary } = await reportFile(read, spec.format);
  const base = render(read.doc, spec);
  if (base.fatal && spec.format === 'xlsx') return base;
  return { ...base, summary, text: typeof body === 'string' ? body : Buffer.from(body).toString('base64'), ...(typeof body === 'string' ? {} : { base64: true }) };
}

export { indexHtml };
