import { FATAL_CODES } from '../extract.js';
import { CSV_CHECKS_HEADER, csvCheckLines, csvFailure, csvLines } from '../report/csv.js';
import { countFigures } from '../report/common.js';
import { reportHtml, summarise, type ReportSummary } from '../report/html.js';
import { formatFailure, formatReport } from '../report/text.js';
import { yearFacts, type YearFacts } from '../checks/years.js';
import type { CheckRecord, Document, ErrorRecord } from '../schema/index.js';

export type FailOn = 'error' | 'warning' | 'never';

/** What a command writes for each document: the format and what decides its exit code. */
export type OutputSpec =
  | { command: 'extract'; format: 'json' | 'ndjson' | 'csv'; failOn: FailOn; what?: 'figures' | 'checks' }
  | { command: 'check'; format: 'text' | 'json'; failOn: FailOn; verbose: boolean; color: 0 | 1 | 2 | 3 }
  | { command: 'report'; format: 'html' | 'xlsx' };

/**
 * One document as the command writes it, and what the run needs to know of it. Made where the
 * document was read (a worker thread): only this crosses to the main thread, not the document's
 * object graph, which cost the main thread more to receive and write than the worker to read.
 */
export interface Rendered {
  source: Document['source'];
  /** the reason the input could not be read, or null */
  fatal: { code: string; message: string } | null;
  /** whether the document fails the run at --fail-on */
  gated: boolean;
  tables: number;
  /** figures placed in tables (non-blank cells) */
  figures: number;
  failedChecks: number;
  /** the record in the command's format ('' for a failed input in CSV, which has no line for it) */
  text: string;
  /** for a failed input: its error record as pretty JSON (a file of its own under --out DIR) */
  errorJson: string | null;
  /** `disclose report`: what the batch's index says of the document */
  summary?: ReportSummary;
  /** `text` holds binary output (an xlsx workbook) in base64 */
  base64?: boolean;
  /** `disclose check`: what a later year's document of the department compares with */
  years?: YearFacts;
}

function fatalOf(doc: Document) {
  return doc.diagnostics.find((d) => FATAL_CODES.has(d.code));
}

function errorRecord(doc: Document, error: { code: string; message: string }): ErrorRecord {
  return { schemaVersion: doc.schemaVersion, source: doc.source, error: { code: error.code, message: error.message } };
}

function gated(doc: Document, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const fails = doc.checks.some((c) => c.status === 'fail') || doc.diagnostics.some((d) => d.severity === 'error');
  return fails || (failOn === 'warning' && doc.diagnostics.some((d) => d.severity === 'warning'));
}

export function render(doc: Document, spec: OutputSpec, report?: { text: string; summary: ReportSummary }): Rendered {
  const f = fatalOf(doc);
  const fatal = f ? { code: f.code, message: f.message } : null;
  const record = fatal ? errorRecord(doc, fatal) : null;
  let text: string;
  if (spec.command === 'extract') {
    if (spec.format === 'csv') {
      const checks = spec.what === 'checks';
      text = fatal ? `${csvFailure(doc.source.path, fatal, checks ? CSV_CHECKS_HEADER.length : undefined)}\n` : (checks ? csvCheckLines(doc) : csvLines(doc)).map((l) => `${l}\n`).join('');
    }
    else text = `${spec.format === 'json' ? JSON.stringify(record ?? doc, null, 2) : JSON.stringify(record ?? doc)}\n`;
  } else if (spec.command === 'report') {
    // (a document without its reading — an input stopped or not read — in HTML: its reason; a
    // workbook is written only for a document read: reportRendered makes those)
    text = report?.text ?? (spec.format === 'html' ? reportHtml({ doc, ir: null, pages: null }).html : '');
  } else if (spec.format === 'json') {
    const checked: CheckRecord = { schemaVersion: doc.schemaVersion, source: doc.source, document: doc.document, checks: doc.checks, diagnostics: doc.diagnostics };
    text = `${JSON.stringify(record ?? checked)}\n`;
  } else text = fatal ? formatFailure(doc.source.path, fatal.message, { color: spec.color }) : formatReport(doc, doc.diagnostics, { verbose: spec.verbose, color: spec.color });
  const figures = countFigures(doc);
  return {
    source: doc.source,
    fatal,
    gated: !fatal && spec.command !== 'report' && gated(doc, spec.failOn),
    tables: doc.tables.length,
    figures,
    failedChecks: doc.checks.filter((c) => c.status === 'fail').length,
    text,
    errorJson: record ? `${JSON.stringify(record, null, 2)}\n` : null,
    ...(spec.command === 'report' ? { summary: report?.summary ?? summarise(doc, null) } : {}),
    ...(spec.command === 'check' && !fatal ? { years: yearFacts(doc) } : {}),
  };
}
