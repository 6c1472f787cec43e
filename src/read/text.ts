import type { IrDocument, IrLine } from '../ir/types.js';

/**
 * Text layouts converters produce, all turned into the same positional rows here, so that table
 * parsers never know which layout a table came from:
 *
 * - `tabs`: one line a row, a tab between cells (the most common).
 * - `cell-per-line`: a Word table written one cell a line, each cell line starting with a tab, an
 *   empty cell as a lone tab; a blank line before a cell line ends the row; a line without a tab
 *   continues the cell above it (seed 003).
 * - `flat`: no tabs at all (text extracted from PDF): cells separated by spaces, words broken across
 *   lines (seed 004). Lines that look like table rows are split into cells at spaces.
 */
export type TextLayout = 'tabs' | 'cell-per-line' | 'flat';

export interface ReadTextOptions {
  /** the layout, when known; detected otherwise */
  layout?: TextLayout;
  /** a line that must stand on its own (a table title), never joined to the cell above */
  isTitle?: (text: string) => boolean;
}

const SINGLE_CELL = /^\t[^\t]*$/;

export function detectLayout(lines: string[]): TextLayout {
  let single = 0;
  let multi = 0;
  for (const l of lines) {
    if (SINGLE_CELL.test(l)) single++;
    else if (/\t.*\t|[^\t]\t/.test(l)) multi++;
  }
  if (single >= 3 && single > multi * 2) return 'cell-per-line';
  if (multi === 0 && single === 0) return 'flat';
  return 'tabs';
}

function splitLines(text: string): string[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return source.split(/\r\n|\r|\n/);
}

function line(cells: string[], at: number): IrLine {
  return { cells: cells.map((t) => ({ text: t.trim() })), location: { line: at } };
}

/** Join a cell broken across lines: no space between CJK characters, one between Latin words. */
export function joinBroken(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trim();
  if (left === '') return right;
  if (right === '') return left;
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? `${left} ${right}` : left + right;
}

function readTabs(lines: string[]): IrLine[] {
  return lines.map((raw, i) => line(raw.split('\t'), i + 1));
}

function readCellPerLine(lines: string[], options: ReadTextOptions): IrLine[] {
  const out: IrLine[] = [];
  let row: string[] | null = null;
  let rowAt = 0;
  let blankBefore = false;
  const flush = () => {
    if (row) out.push(line(row, rowAt));
    row = null;
  };
  lines.forEach((raw, i) => {
    const at = i + 1;
    if (SINGLE_CELL.test(raw)) {
      if (row && blankBefore) flush();
      if (!row) {
        row = [];
        rowAt = at;
      }
      row.push(raw.slice(1));
      blankBefore = false;
      return;
    }
    if (raw.trim() === '') {
      blankBefore = true;
      return;
    }
    if (raw.includes('\t')) {
      flush();
      out.push(line(raw.split('\t'), at));
      blankBefore = false;
      return;
    }
    // a line without a tab continues the cell above, unless it is a title standing on its own
    if (row && row.length > 0 && !options.isTitle?.(raw.trim())) {
      const last = row.length - 1;
      row[last] = joinBroken(row[last] ?? '', raw);
      blankBefore = false;
      return;
    }
    flush();
    out.push(line([raw], at));
    blankBefore = false;
  });
  flush();
  return out;
}

const VALUE_TOKEN = /^[≥≤><=]?-?[\d,，]+(\.\d+)?(%|万|亿)?$/;
const HEADER_WORD = /指标|项目|科目|名称|预算|决算|金额|合计|支出|收入|目标|依据|说明|编码|得分|分值|完成/;
const UNIT_TOKEN = /^(条|期|次|人|篇|个|部|种|件|户|辆|万人|万元|元|元\/人|小时|天|%|分)$/;

/**
 * A flat line is a table row when it has two or more space-separated parts and at least one is a
 * figure, and it does not read as prose (no sentence punctuation). A number followed by its unit
 * (`1000 条`) stays one cell.
 */
export function splitFlatRow(raw: string): string[] | null {
  const t = raw.trim();
  // prose has sentence punctuation; a thousands separator (1,053.77) is not punctuation
  if (!/\s/.test(t) || /[，。；：:、;]|,(?!\d{3})/.test(t.replace(/[:：]\s*$/, ''))) return null;
  const tokens = t.split(/\s+/);
  const cells: string[] = [];
  for (const tok of tokens) {
    const prev = cells[cells.length - 1];
    if (prev !== undefined && UNIT_TOKEN.test(tok) && VALUE_TOKEN.test(prev)) cells[cells.length - 1] = `${prev}${tok}`;
    else cells.push(tok);
  }
  if (cells.length < 2) return null;
  if (cells.some((c) => VALUE_TOKEN.test(c) || /^[≥≤><=]?\d/.test(c))) return cells;
  // a header row: three or more short parts, most of them header words
  const headerWords = cells.filter((c) => HEADER_WORD.test(c) && c.length <= 14).length;
  return cells.length >= 3 && headerWords >= 2 && headerWords * 2 >= cells.length ? cells : null;
}

function readFlat(lines: string[], options: ReadTextOptions): IrLine[] {
  const out: IrLine[] = [];
  lines.forEach((raw, i) => {
    const cells = options.isTitle?.(raw.trim()) ? null : splitFlatRow(raw);
    out.push(line(cells ?? [raw], i + 1));
  });
  return out;
}

/** Any text layout → the intermediate representation. */
export function readText(text: string, options: ReadTextOptions = {}): IrDocument & { layout: TextLayout } {
  const lines = splitLines(text);
  const layout = options.layout ?? detectLayout(lines);
  const irLines = layout === 'cell-per-line' ? readCellPerLine(lines, options) : layout === 'flat' ? readFlat(lines, options) : readTabs(lines);
  return { format: 'text', layout, pages: [{ number: null, lines: irLines }] };
}

/** Tab-separated text (kept for callers that know their layout). */
export function readTabText(text: string): IrDocument {
  return { format: 'text', pages: [{ number: null, lines: readTabs(splitLines(text)) }] };
}
