import { createHash } from 'node:crypto';
import { allLines, type IrDocument } from './ir/types.js';
import { unreadFigures } from './locate.js';
import type { Block } from './parsers/context.js';
import { documentFacts } from './parsers/document-facts.js';
import { SUMMARY_BREAKDOWN } from './parsers/extra-columns.js';
import { narrativeFigures, performanceTotals } from './parsers/narrative.js';
import { narrativeText } from './parsers/narrative-text.js';
import { checkDocument } from './checks/index.js';
import { parsers, type ParserContext } from './parsers/index.js';
import { parseOther } from './parsers/other.js';
import { parsePerformance } from './parsers/performance.js';
import type { DeclaredUnit, OutputUnit } from './parsers/number.js';
import { repairCodes, type CodedTable } from './parsers/repair-codes.js';
import { declaredUnit, segment, standsAlone } from './parsers/segment.js';
import { decodeBytes } from './read/decode.js';
import { PdfError, readPdf, type PdfOptions } from './read/pdf.js';
import { unsupportedType } from './read/sniff.js';
import { readText } from './read/text.js';
import { SCHEMA_VERSION, type Diagnostic, type Document, type Location, type Performance, type Table, COLUMN_KEYS, type TableKind } from './schema/index.js';

export interface ExtractOptions {
  /** output unit: yuan (default) or 万元 */
  unit?: OutputUnit;
  /** the input's path, recorded in `source.path` */
  path?: string | null;
  /** inputs larger than this (bytes) get a `too-large` record instead of being read (default 256 MiB) */
  maxBytes?: number;
  /** a text line longer than this (characters) makes the input `too-large` (default 1,000,000) */
  maxLineChars?: number;
  /**
   * Called once the input's bytes are in hand, with their format and SHA-256: a caller that may
   * have to stop the conversion (a timeout, a worker out of memory) can still say what it had read.
   */
  onRead?: (read: { format: 'text' | 'pdf'; sha256: string; size: number }) => void;
  /** Called with the intermediate representation the tables were read from (the report draws on it). */
  onIr?: (ir: IrDocument) => void;
}

/** The largest real disclosures are PDFs of a few tens of MB; their text lines a few thousand characters. */
export const LIMITS = { maxBytes: 256 * 1024 * 1024, maxLineChars: 1_000_000 } as const;

/** An input's size against the limit: the message of its `too-large` record, or null. */
export function tooLarge(name: string, size: number, options: ExtractOptions): string | null {
  const max = options.maxBytes ?? LIMITS.maxBytes;
  return size > max ? `${name} is ${megabytes(size)} MB, more than the ${megabytes(max)} MB an input may be (--max-size raises it).` : null;
}

/** Bytes as megabytes to three significant figures, for messages. */
export function megabytes(bytes: number): string {
  return String(Number((bytes / 1048576).toPrecision(3)));
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end < 0 ? text.length : end) - start;
    if (length > longest) longest = length;
    if (end < 0) return longest;
    start = end + 1;
  }
}

function unitOf(block: Block): DeclaredUnit | null {
  const texts = [block.title ?? '', ...block.pre.flatMap((l) => l.cells.map((c) => c.text))];
  for (const l of block.grid.slice(0, 4)) texts.push(...l.cells.map((c) => c.text));
  return declaredUnit(texts);
}

/** The last page a table's rows reach (its title's page when it has none). */
function lastPage(t: Table): number | undefined {
  let last = t.location.page;
  for (const r of t.rows as { location: { page?: number } }[]) if (r.location.page !== undefined && (last === undefined || r.location.page > last)) last = r.location.page;
  return last;
}

/**
 * A table printed over several pages, its title and header printed again on each (深圳, 广州),
 * is one table: each page's rows, read against that page's own header, are appended to the first
 * page's. Two tables are one when they follow each other on consecutive pages with the same kind,
 * number and title, and the same columns.
 */
function joinContinued(tables: Table[]): Location[] {
  const joined: Location[] = [];
  // (front to back: a page joined to the one before it hands its last page on to the next)
  for (let k = 1; k < tables.length; k++) {
    const a = tables[k - 1]!;
    const b = tables[k]!;
    const page = lastPage(a);
    if (page === undefined || b.location.page === undefined || b.location.page - page !== 1) continue;
    const keys = (t: Table) => t.columns.map((c) => c.key).join('|');
    // the same title and number printed again; or none, the header alone printed again over the
    // same columns (广州's 一般公共预算支出情况表 runs on under its header, which a 国有资本经营预算
    // 支出表 would print too: the kind is the titled page's)
    const again = a.kind === b.kind && a.number === b.number && a.title === b.title && (a.number !== null || a.title !== null);
    const untitled = b.number === null && b.title === null && (a.number !== null || a.title !== null) && b.rows.length > 0 && keys(a) === keys(b);
    if (!again && !untitled) continue;
    if (b.rows.length > 0 && a.rows.length > 0 && keys(a) !== keys(b)) continue;
    joined.push(b.location);
    // an empty first page (its rows all blank) gives its columns to the page that has rows
    if (a.rows.length === 0) a.columns = b.columns;
    (a.rows as unknown[]).push(...b.rows);
    a.notes.push(...b.notes);
    a.empty = a.rows.length === 0;
    if (b.decimals !== null) a.decimals = Math.max(a.decimals ?? 0, b.decimals);
    tables.splice(k, 1);
    k--;
  }
  return joined;
}

/** Run the table parsers over the intermediate representation and assemble the SPEC v1 document. */
export function extractFromIr(
  ir: IrDocument,
  source: Document['source'],
  options: ExtractOptions = {},
): Document {
  const outputUnit = options.unit ?? 'yuan';
  const lines = allLines(ir);
  const facts = documentFacts(lines);
  const seg = segment(lines, { flat: 'layout' in ir && ir.layout === 'flat' });
  const diagnostics: Diagnostic[] = [...seg.diagnostics];
  const tables: Table[] = [];
  let lastUnit: DeclaredUnit | null = null;

  for (const block of seg.tables) {
    // (the kind the table is output as: a title's kind may give way to other, below)
    let kind: TableKind | 'other' = block.kind;
    const report = (d: Omit<Diagnostic, 'table'>) => diagnostics.push({ ...d, table: kind });
    const printed = unitOf(block);
    const unit: DeclaredUnit = printed ?? lastUnit ?? '万元';
    if (printed) lastUnit = printed;
    else
      report({
        severity: 'warning',
        code: 'unit-assumed',
        message: `${block.number ?? (block.kind === 'other' ? (block.title ?? 'A table of no standard kind') : block.kind)} prints no unit; its figures were read as ${unit}${lastUnit ? ', the unit of the table before it' : ''}.`,
        location: block.location,
        details: { assumed: unit },
      });
    if (block.recognisedBy === 'header' && block.kind !== 'other')
      report({
        severity: 'info',
        code: 'missing-title',
        message: `A table without a title was recognised from its header rows as ${block.kind}.`,
        location: block.location,
      });
    let parsed;
    const ctx: ParserContext = { kind, unit, outputUnit, report, defaultStage: facts.kind === 'budget' ? 'budget' : 'final' };
    // (what the first reading said is taken back if the table is read again as other)
    const said = diagnostics.length;
    try {
      parsed = kind === 'other' ? parseOther(block, ctx) : parsers[kind].parse(block, ctx);
      // a title of the kind over columns of another meaning (部门预算项目支出及其他支出预算表: its
      // columns are fund sources, not 基本/项目支出): more columns of no standard key than of the
      // kind's own — a table of no standard kind
      // (or rows of neither name nor code: the right half of a table printed over two pages side by side, 北京 预算02表)
      if (kind !== 'other') {
        const own: readonly string[] = COLUMN_KEYS[kind];
        // (a summary side's amount broken down, 基本支出: 人员经费 | 公用经费 | 项目支出, is no other meaning)
        const summary = kind === 'income_expenditure_summary' || kind === 'fiscal_summary';
        const standard = parsed.columns.filter((c) => own.includes(c.key) || (summary && SUMMARY_BREAKDOWN.has(c.key))).length;
        const keyless =
          kind !== 'three_public' &&
          ((parsed.rows.length > 0 && (parsed.rows as { name?: string | null; code?: string | null; side?: string }[]).every((r) => !r.name && !r.code && !r.side)) ||
            (parsed.columns.length === 0 && block.grid.some((l) => l.cells.some((c) => /\d[.,]\d/.test(c.text)))));
        // (a 三公 table keeps its fund sources beside its categories: its own parser says what it is)
        // (nor a 项目支出表, which SPEC gives its total 'plus what the table prints')
        if ((kind !== 'three_public' && kind !== 'project_expenditure' && parsed.columns.length - standard > standard) || keyless) {
          diagnostics.splice(said);
          delete ctx.decimals;
          report({
            severity: 'info',
            code: 'unrecognised-table',
            message: keyless
              ? `A table titled as ${kind} prints figures under no column of it or in rows with neither a name nor a code; it is output as a table of no standard kind.`
              : `A table titled as ${kind} prints columns of another meaning (${parsed.columns.map((c) => c.label).join(', ')}); it is output as a table of no standard kind.`,
            location: block.location,
          });
          kind = 'other';
          ctx.kind = kind;
          parsed = parseOther(block, ctx);
        }
      }
    } catch (err) {
      report({
        severity: 'error',
        code: 'table-unparseable',
        message: `The table could not be parsed: ${(err as Error).message}`,
        location: block.location,
      });
      continue;
    }
    const rows = parsed.rows as { values: Record<string, number | null> }[];
    const empty = rows.every((r) => Object.values(r.values).every((v) => v === null));
    tables.push({
      kind,
      number: block.number,
      title: block.title,
      declaredUnit: printed,
      decimals: empty ? null : (ctx.decimals ?? 0),
      empty,
      location: block.location,
      columns: parsed.columns,
      notes: block.notes.map((l) => l.cells.map((c) => c.text).filter((t) => t !== '').join(' ')),
      rows: empty ? [] : rows,
    } as Table);
  }

  const performance: Performance[] = [];
  for (const block of seg.performance) {
    try {
      performance.push(parsePerformance(block, { outputUnit, report: (d) => diagnostics.push(d), previous: performance }));
    } catch (err) {
      diagnostics.push({
        severity: 'error',
        code: 'performance-unparseable',
        message: `The performance table could not be parsed: ${(err as Error).message}`,
        location: block.location,
      });
    }
  }

  // (a page joined to the table before it was not a table recognised without its title)
  const joined = joinContinued(tables);
  for (let k = diagnostics.length - 1; k >= 0; k--) {
    const d = diagnostics[k]!;
    if (d.code === 'missing-title' && joined.some((l) => l.page === d.location?.page && l.line === d.location?.line)) diagnostics.splice(k, 1);
  }

  // A table the document names (contents, or a title with nothing under it) but does not print as
  // text: often an image in the original (seed 004). Say so rather than pretend it has none.
  const reported = new Set<string>();
  for (const l of seg.listed) {
    if (tables.some((t) => t.kind === l.kind) || reported.has(l.kind)) continue;
    reported.add(l.kind);
    diagnostics.push({
      severity: 'warning',
      code: 'missing-table',
      message: `The document lists "${l.text}" but no such table is printed in its text (an image, or lost in conversion).`,
      location: l.location,
      table: l.kind,
    });
  }

  // an official template (XX placeholders, empty forms): the tables are there, the figures are not
  if (tables.length > 0 && tables.every((t) => t.empty))
    diagnostics.push({
      severity: 'warning',
      code: 'no-figures',
      message: `All ${tables.length} tables are empty: the document holds no figures (an empty template?).`,
      location: tables[0]!.location,
    });

  // Repairs only add to what was read: if they cannot run, the tables stand as printed and the
  // document says why.
  try {
    diagnostics.push(...repairCodes(tables as unknown as CodedTable[]));
  } catch (err) {
    diagnostics.push({
      severity: 'warning',
      code: 'code-repair-failed',
      message: `Truncated codes could not be repaired (${(err as Error).message}); codes are as printed.`,
      location: {},
    });
  }
  // prose: a line of one cell, or a sentence a PDF broke into cells around its figures
  // (or a run of words broken around a year: 江苏省高级人民法院 | 2017 | 年度一般公共预算财政拨款基本)
  const prose = lines.filter((l) => {
    const cells = l.cells.filter((c) => c.text.trim() !== '');
    return cells.length === 1 || l.cells.some((c) => /[，。；]/.test(c.text)) || (cells.length <= 3 && cells.some((c) => /[\u4e00-\u9fa5]{12}/.test(c.text)) && !cells.some((c) => /^[\d,.\s-]+$/.test(c.text) && !/^\d{4}$/.test(c.text.trim())));
  });
  narrativeText(prose, facts.kind, facts.year, (d) => diagnostics.push(d));
  const doc: Document = {
    schemaVersion: SCHEMA_VERSION,
    source,
    document: facts,
    unit: outputUnit,
    tables,
    performance,
    narrative: [
      ...narrativeFigures(
        prose,
        outputUnit,
        facts.kind === 'budget' ? 'budget' : 'final',
        (d) => diagnostics.push(d),
        facts.year,
      ),
      ...performanceTotals(seg.performance.flatMap((b) => b.grid), outputUnit, (d) => diagnostics.push(d)),
    ],
    checks: [],
    diagnostics,
  };
  // A 元 figure in a 万元 table is found by the identities it breaks; once normalised, the checks run
  // again so that no other identity fails on it.
  const first = checkDocument(doc);
  const slips = first.diagnostics.filter((d) => d.code === 'unit-anomaly' && normaliseUnitSlip(doc, d));
  const checked = slips.length > 0 ? checkDocument(doc) : first;
  doc.checks = checked.checks;
  doc.diagnostics.push(...slips, ...checked.diagnostics);
  doc.diagnostics.push(...unreadFigures(doc, ir));
  return doc;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Diagnostic codes that mean the input is not a disclosure this tool could read at all. */
export const FATAL_CODES: ReadonlySet<string> = new Set([
  'empty-input',
  'binary-input',
  'unsupported-type',
  'pdf-encrypted',
  'pdf-corrupt',
  'needs-ocr',
  'not-a-disclosure',
  'invalid-record',
  'read-failed',
  'timeout',
  'too-large',
  'internal-error',
]);

/** A document that holds nothing but the reason its input could not be read. */
export function inputError(
  source: Document['source'],
  code: string,
  message: string,
  options: ExtractOptions = {},
): Document {
  return {
    schemaVersion: SCHEMA_VERSION,
    source,
    document: { kind: 'unknown', year: null, department: null, publishedOn: null },
    unit: options.unit ?? 'yuan',
    tables: [],
    performance: [],
    narrative: [],
    checks: [],
    diagnostics: [{ severity: 'error', code, message, location: {} }],
  };
}

/** Extract from the bytes of a text disclosure, in any of the text layouts and encodings. Never throws (see `extractBytes`). */
export function extractTextBytes(bytes: Uint8Array, options: ExtractOptions = {}): Document {
  try {
    return textDocument(bytes, options);
  } catch (err) {
    return internalError(bytes, 'text', err, options);
  }
}

function textDocument(bytes: Uint8Array, options: ExtractOptions): Document {
  const source: Document['source'] = { path: options.path ?? null, format: 'text', sha256: sha256(bytes), pages: null };
  const name = options.path ?? 'the input';
  const big = tooLarge(name, bytes.length, options);
  if (big) return inputError(source, 'too-large', big, options);
  const decoded = decodeBytes(bytes);
  if (!decoded.ok)
    return decoded.reason === 'empty'
      ? inputError(source, 'empty-input', `${name} is empty.`, options)
      : inputError(source, 'binary-input', `${name} is not text in UTF-8, UTF-16 or GB18030, nor a PDF.`, options);
  // a line no disclosure prints (one 100 MB line split at tabs once exhausted a worker's heap)
  const maxLine = options.maxLineChars ?? LIMITS.maxLineChars;
  const longest = longestLine(decoded.text);
  if (longest > maxLine)
    return inputError(source, 'too-large', `${name} has a line of ${longest.toLocaleString('en')} characters, more than the ${maxLine.toLocaleString('en')} a line may be (--max-line raises it); it is not a disclosure's text.`, options);
  const ir = readText(decoded.text, { isTitle: standsAlone });
  options.onIr?.(ir);
  const doc = extractFromIr(ir, source, options);
  if (decoded.strayNul > 0)
    doc.diagnostics.unshift({
      severity: 'warning',
      code: 'stray-bytes',
      message: `${name} holds ${decoded.strayNul} stray NUL byte${decoded.strayNul === 1 ? '' : 's'} (a damaged copy?); ${decoded.strayNul === 1 ? 'it was' : 'they were'} taken out and the text read.`,
      location: {},
      details: { nul: decoded.strayNul },
    });
  if (doc.document.kind === 'unknown' && doc.tables.length === 0 && doc.performance.length === 0)
    doc.diagnostics.unshift({
      severity: 'error',
      code: 'not-a-disclosure',
      message: `${name} holds no budget, final-accounts or performance tables and names none.`,
      location: {},
    });
  return doc;
}

/** The record of an input on which disclose itself failed: a bug, said with the input's name. */
function internalError(bytes: Uint8Array, format: 'text' | 'pdf', err: unknown, options: ExtractOptions): Document {
  const name = options.path ?? 'the input';
  const e = err instanceof Error ? err : new Error(String(err));
  return inputError(
    { path: options.path ?? null, format, sha256: sha256(bytes), pages: null },
    'internal-error',
    `${name}: disclose failed on this input (${e.name}: ${e.message}); this is a bug, please report it with the file.`,
    options,
  );
}

export function isPdf(bytes: Uint8Array): boolean {
  // %PDF, allowing a little junk before it as readers do
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** Extract from a PDF's bytes: the same parsers as text, fed from pdfjs-dist text positions. */
export async function extractPdfBytes(bytes: Uint8Array, options: ExtractOptions & PdfOptions = {}): Promise<Document> {
  const name = options.path ?? 'the input';
  const source = (pages: number | null): Document['source'] => ({ path: options.path ?? null, format: 'pdf', sha256: sha256(bytes), pages });
  let read;
  try {
    read = await readPdf(bytes, options);
  } catch (err) {
    if (err instanceof PdfError) return inputError(source(null), err.code === 'encrypted' ? 'pdf-encrypted' : 'pdf-corrupt', `${name} ${err.message}.`, options);
    throw err;
  }
  options.onIr?.(read.ir);
  const doc = extractFromIr(read.ir, source(read.pages), options);
  doc.diagnostics.unshift(...read.diagnostics);
  const blank = read.ir.pages.every((p) => p.lines.length === 0);
  const scanned = blank && read.diagnostics.some((d) => d.code === 'page-needs-ocr');
  if (doc.tables.length === 0 && doc.performance.length === 0 && (blank || doc.document.kind === 'unknown'))
    doc.diagnostics.unshift({
      severity: 'error',
      code: scanned ? 'needs-ocr' : 'not-a-disclosure',
      message: scanned
        ? `${name} has no text layer (scanned pages): it needs OCR before it can be read.`
        : !blank
          ? `${name} holds no budget, final-accounts or performance tables and names none.`
          : `${name} has no text to read.`,
      location: {},
    });
  return doc;
}

/**
 * Extract from bytes of any supported format. Never throws: an input that is not a disclosure gets
 * its reason, and a failure of the tool itself on some input (a bug) is an `internal-error` record
 * naming the input, so that one file never takes a batch down.
 */
export async function extractBytes(bytes: Uint8Array, options: ExtractOptions & PdfOptions = {}): Promise<Document> {
  try {
    options.onRead?.({ format: isPdf(bytes) ? 'pdf' : 'text', sha256: sha256(bytes), size: bytes.length });
    const big = tooLarge(options.path ?? 'the input', bytes.length, options);
    if (big) return inputError({ path: options.path ?? null, format: isPdf(bytes) ? 'pdf' : 'text', sha256: sha256(bytes), pages: null }, 'too-large', big, options);
    if (isPdf(bytes)) return await extractPdfBytes(bytes, options);
    const other = unsupportedType(bytes, options.path);
    if (other) {
      const name = options.path ?? 'the input';
      return inputError({ path: options.path ?? null, format: 'text', sha256: sha256(bytes), pages: null }, 'unsupported-type', `${name} is ${other.type}, which disclose does not read: ${other.advice}.`, options);
    }
    return extractTextBytes(bytes, options);
  } catch (err) {
    return internalError(bytes, isPdf(bytes) ? 'pdf' : 'text', err, options);
  }
}

/** Extract from text already decoded. */
export function extractText(text: string, options: ExtractOptions = {}): Document {
  return extractTextBytes(new TextEncoder().encode(text), options);
}

/**
 * SPEC §5.9: a table cell about 10,000× what its identities predict is a 元 figure in a 万元 table.
 * The table gives the normalised figure, the diagnostic the printed one. True when a cell was changed.
 */
function normaliseUnitSlip(doc: Document, d: Diagnostic): boolean {
  const printed = d.details?.['printed'];
  if (typeof printed !== 'number' || d.table == null) return false;
  let changed = false;
  for (const t of doc.tables) {
    if (t.kind !== d.table) continue;
    for (const row of t.rows as { values: Record<string, number | null>; location: { line?: number; page?: number } }[]) {
      if (row.location.line !== d.location.line || row.location.page !== d.location.page) continue;
      for (const [key, v] of Object.entries(row.values))
        if (v === printed) {
          row.values[key] = Number((printed / 10_000).toFixed(doc.unit === 'yuan' ? 2 : 6));
          changed = true;
        }
    }
  }
  if (changed && d.details) d.details['normalised'] = true;
  return changed;
}
