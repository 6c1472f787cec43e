import type { IrCell, IrDocument, IrLine } from './ir/types.js';
import { parseCellNumber } from './parsers/number.js';
import type { Diagnostic, Document, Location } from './schema/index.js';

/** A cell of the IR, named by page (null for text), line (1-based) and cell index. */
export interface CellRef {
  page: number | null;
  line: number;
  cell: number;
}

/** A printed figure the tool placed in a table: where it stands and what it became. */
export interface FigureMark extends CellRef {
  table: number;
  row: number;
  column: string;
  value: number;
}

/** Where each table's figures were printed, and the printed amounts no table took. */
export interface Located {
  figures: FigureMark[];
  /** a table's figures not found on the lines its rows were read from (a reading to look at) */
  notFound: { table: number; row: number; column: string; value: number }[];
  /** cells printing an amount (a figure with decimals or thousands separators) in no table */
  unplaced: CellRef[];
  /** each table row's own line: its name cell */
  names: (CellRef & { table: number; row: number })[];
}

const keyOf = (page: number | null | undefined, line: number) => `${page ?? 0}:${line}`;

/** The printed amounts × these scales are what the output can hold: 万元 → 元, 元 → 万元, or as printed. */
const SCALES = [1, 10_000, 1 / 10_000];

/**
 * Finds, for every figure of every table, the cell it was read from: on the row's own line, then
 * the lines just below and above it (a row broken over two lines), the cell whose printed number in
 * the table's unit is the figure. Parsers do not keep where each figure came from; the report finds
 * it again, and a figure not found there is itself worth a look. Matching is by value, so a
 * figure under the wrong column still shows where it was printed, coloured by the column it went to.
 */
export function locate(doc: Document, ir: IrDocument): Located {
  const lines = new Map<string, { line: IrLine; at: number; of: IrLine[] }>();
  for (const p of ir.pages) p.lines.forEach((l, at) => lines.set(keyOf(p.number, l.location.line ?? at + 1), { line: l, at, of: p.lines }));
  // the cells taken, by identity (a cell is one object of the IR)
  const used = new Set<IrCell>();
  const out: Located = { figures: [], notFound: [], unplaced: [], names: [] };
  const scales: number[] = [];
  const cursors = new Map<number[], number>();
  // (a 三公 table printed down the page may set a figure a few lines below its row's name)
  const NEAR = [0, 1, -1, 2, -2];
  const DOWN = [...NEAR, 3, 4, 5, 6];
  const near = (loc: Location, down = false): { line: IrLine; page: number | null }[] => {
    const hit = lines.get(keyOf(loc.page, loc.line ?? 0));
    if (!hit) return [];
    const page = loc.page ?? null;
    return (down ? DOWN : NEAR).flatMap((d) => {
      const l = hit.of[hit.at + d];
      return l ? [{ line: l, page }] : [];
    });
  };
  doc.tables.forEach((table, ti) => {
    // the table's scale: the one under which most of its figures are found
    const rows = table.rows.map((row) => ({ row, lines: near(row.location, table.kind === 'three_public') }));
    const found = (scale: number) => {
      let n = 0;
      for (const { row, lines: ls } of rows)
        for (const v of Object.values(row.values))
          if (v !== null && ls.some(({ line }) => printing(line, v, scale).length > 0)) n++;
      return n;
    };
    const declared = table.declaredUnit === '万元' ? (doc.unit === 'yuan' ? 10_000 : 1) : table.declaredUnit === '元' ? (doc.unit === 'wan' ? 1 / 10_000 : 1) : null;
    const scale = declared ?? SCALES.map((s) => ({ s, n: found(s) })).sort((a, b) => b.n - a.n)[0]!.s;
    scales.push(scale);
    rows.forEach(({ row, lines: ls }, ri) => {
      const own = ls[0];
      if (own) {
        const at = own.line.cells.findIndex((c) => c.text !== '' && typeof parseCellNumber(c.text) !== 'object');
        if (at >= 0) out.names.push({ page: own.page, line: own.line.location.line ?? 0, cell: at, table: ti, row: ri });
      }
      for (const [column, value] of Object.entries(row.values)) {
        if (value === null) continue;
        let hit: FigureMark | null = null;
        for (const { line, page } of ls) {
          // (an other table keeps its counts and shares as printed: 数量 272 is 272)
          const free = (i: number) => !used.has(line.cells[i]!);
          const k = firstFree(printing(line, value, scale), free, cursors) ?? (table.kind === 'other' ? firstFree(printing(line, value, 1), free, cursors) : undefined) ?? -1;
          if (k >= 0) {
            hit = { page, line: line.location.line ?? 0, cell: k, table: ti, row: ri, column, value };
            used.add(line.cells[k]!);
            break;
          }
        }
        if (hit) {
          out.figures.push(hit);
        } else if (value !== 0) out.notFound.push({ table: ti, row: ri, column, value });
      }
    });
  });
  // a performance table's figures (预算数, 执行数, 得分) are its own, not amounts a table left: its lines,
  // from where it starts to where the next table does, are not searched
  const order = (loc: Location) => (loc.page ?? 0) * 1e6 + (loc.line ?? 0);
  const starts = [...doc.tables.map((t) => order(t.location)), ...doc.performance.map((x) => order(x.location))].sort((a, b) => a - b);
  const spans = doc.performance.map((x) => [order(x.location), starts.find((s) => s > order(x.location)) ?? Infinity] as const);
  const filled = (l: IrLine | undefined) => (l ? l.cells.filter((c) => c.text !== '').length : 0);
  const sentence = (l: IrLine | undefined) => l !== undefined && filled(l) === 1 && [...(l.cells.find((c) => c.text !== '')?.text ?? '')].length >= 15;
  for (const p of ir.pages) {
    // a PDF page of performance targets the reading did not take for one (产出指标 … ≤ 5.5 万元): its
    // figures are targets, not amounts a table left (a text is one page: its lines are judged each)
    if (p.number !== null && p.lines.filter(isIndicatorLine).length >= 3) continue;
    p.lines.forEach((l, k) => {
      // (most lines print no amount: they are passed over first)
      let amounts = 0;
      for (const c of l.cells) if (c.text !== '' && isAmount(c.text)) amounts++;
      if (amounts === 0) return;
      // a line of one cell is text (a sentence, a title), and so is a line with a sentence's ，。；
      // in it (a figure set off beside it), or one of a figure or two between two lines of prose (a
      // sentence a letter-spaced figure broke into pieces; a row of a table set around a column
      // of prose prints more): their figures are the narrative's
      if (filled(l) < 2 || l.cells.some((c) => /[，。；]/.test(c.text))) return;
      if (sentence(p.lines[k - 1]) && sentence(p.lines[k + 1]) && amounts <= 2) return;
      // … a sentence's own pieces: a lone 万元, a comma, a year to begin it, its next line going on
      // with 万元; and a project's one figure beside its paragraph of targets (重点项目绩效目标)
      if (l.cells.some((c) => /^(万元?|,|，)$/.test(c.text.trim())) || /^(19|20)\d\d$/.test(l.cells.find((c) => c.text !== '')?.text.trim() ?? '')) return;
      if (/^万/.test(p.lines[k + 1]?.cells.find((c) => c.text !== '')?.text ?? '')) return;
      if (amounts === 1 && l.cells.some((c) => [...c.text].length >= 20 && !isAmount(c.text))) return;
      if (isIndicatorLine(l)) return;
      const at = order({ page: p.number ?? undefined, line: l.location.line });
      if (spans.some(([a, b]) => at >= a && at < b)) return;
      l.cells.forEach((c, i) => {
        if (used.has(c) || !isAmount(c.text)) return;
        out.unplaced.push({ page: p.number, line: l.location.line ?? 0, cell: i });
      });
    });
  }
  // a figure not found beside its row (read from further off: a list carried onto the next page)
  // may be one of these: an amount of its page or the next that prints it is its cell, not an
  // amount left out
  // (indexed by page and amount: a line of 20,000 figures is not searched 20,000 times)
  const cellAt = (u: CellRef) => lines.get(keyOf(u.page, u.line))?.line.cells[u.cell]?.text ?? '';
  const byAmount = new Map<number, Map<string, number[]>>();
  const unplacedPrinting = (page: number | null, value: number, scale: number): number[] => {
    let index = byAmount.get(scale);
    if (!index) {
      index = new Map();
      for (const [k, u] of out.unplaced.entries()) {
        const key = `${u.page}:${amountKey(cellAt(u), scale)}`;
        const list = index.get(key);
        if (list) list.push(k);
        else index.set(key, [k]);
      }
      byAmount.set(scale, index);
    }
    return index.get(`${page}:${valueKey(value, scale)}`) ?? [];
  };
  const taken = new Set<number>();
  for (const n of out.notFound) {
    const page = doc.tables[n.table]!.rows[n.row]!.location.page ?? null;
    const k = [...unplacedPrinting(page, n.value, scales[n.table]!), ...(page !== null ? unplacedPrinting(page + 1, n.value, scales[n.table]!) : [])].find((i) => !taken.has(i));
    if (k !== undefined) taken.add(k);
  }
  out.unplaced = out.unplaced.filter((_, k) => !taken.has(k));
  return out;
}

/**
 * SPEC §6, nothing dropped silently: the amounts printed on table rows that no table was read from
 * (rows a layout hid from the parsers: a project table set around a column of prose, a row the
 * grid broke off), a warning a page (a run of lines in text) naming how many and where. Lines whose
 * figures a parser already said it could not place (unplaced-figure) are not said twice.
 */
export function unreadFigures(doc: Document, ir: IrDocument): Diagnostic[] {
  const said = new Set(doc.diagnostics.filter((d) => d.code === 'unplaced-figure').map((d) => keyOf(d.location.page, d.location.line ?? 0)));
  const left = locate(doc, ir).unplaced.filter((u) => !said.has(keyOf(u.page, u.line)));
  // a PDF's by page; a text's by runs of lines no more than 10 apart
  const groups: CellRef[][] = [];
  for (const u of left) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.page === u.page && (u.page !== null || u.line - prev.line <= 10)) last!.push(u);
    else groups.push([u]);
  }
  return groups.map((g) => {
    const first = g[0]!.line;
    const lastLine = g[g.length - 1]!.line;
    const lines = [...new Set(g.map((u) => u.line))];
    const span = first === lastLine ? `line ${first}` : `lines ${first}–${lastLine}`;
    const where = g[0]!.page !== null ? `Page ${g[0]!.page} (${span})` : span[0]!.toUpperCase() + span.slice(1);
    return {
      severity: 'warning' as const,
      code: 'figures-unread',
      message: `${where}: ${g.length} amount${g.length === 1 ? '' : 's'} printed on ${lines.length} table row${lines.length === 1 ? '' : 's'} ${g.length === 1 ? 'was' : 'were'} read into no table; ${g.length === 1 ? 'it is' : 'they are'} not in the output.`,
      location: { ...(g[0]!.page !== null ? { page: g[0]!.page } : {}), line: first },
      details: { amounts: g.length, lines },
    };
  });
}

/**
 * Whether a cell may print a number at all: short, of digits and their marks. Asked before
 * parseCellNumber, whose memo would otherwise fill with every sentence of the document and be
 * cleared under the parsers that rely on it.
 */
function looksNumeric(text: string): boolean {
  return text.length <= 32 && /^[\s\d,，.．\-−(（)）\uff10-\uff19]+$/.test(text);
}

/** A line of a performance-target table: an indicator's class (产出指标, 满意度指标) or a comparator (≤ 5.5). */
function isIndicatorLine(l: IrLine): boolean {
  return l.cells.some((c) => /指标$/.test(c.text.trim()) || /^[≤≥<>＜＞=＝]/.test(c.text.trim()));
}

/** An amount as tables print them: with decimals or thousands separators (not a code, 行次 or 栏次). */
function isAmount(text: string): boolean {
  if (!looksNumeric(text)) return false;
  const n = parseCellNumber(text);
  return n !== null && typeof n === 'object' && /[.,，]/.test(text);
}

/**
 * An amount as a key: in the output's smallest unit (fen for yuan, a millionth of 万元 for wan), so
 * that a printed figure × its table's scale and the output value it became are the same key.
 */
function valueKey(value: number, scale: number): number {
  return Math.round(value * (scale < 1 ? 1e6 : 100));
}

function amountKey(text: string, scale: number): number | null {
  if (!looksNumeric(text)) return null;
  const n = parseCellNumber(text);
  if (n === null || typeof n !== 'object') return null;
  return valueKey((n.scaled / 10 ** n.decimals) * scale, scale);
}

/**
 * The first cell of a list not yet taken. `cursors` keeps, for one locate, where each list was last
 * found taken (its cells are taken in order): a line printing one amount 20,000 times is walked
 * once, not 20,000 times.
 */
function firstFree(cells: number[], free: (i: number) => boolean, cursors: Map<number[], number>): number | undefined {
  let at = cursors.get(cells) ?? 0;
  while (at < cells.length && !free(cells[at]!)) at++;
  cursors.set(cells, at);
  return cells[at];
}

/** A line's cells by the amount they print at a scale, in printed order: built once a line and scale. */
const INDEXES = new WeakMap<IrLine, Map<number, Map<number, number[]>>>();

function printing(line: IrLine, value: number, scale: number): number[] {
  let byScale = INDEXES.get(line);
  if (!byScale) INDEXES.set(line, (byScale = new Map()));
  let index = byScale.get(scale);
  if (!index) {
    index = new Map();
    // amounts first, then the line's other numbers: 2.00 before a 款 code 02 (which an other table
    // may still have read as its figure 2)
    for (const amounts of [true, false])
      for (const [i, c] of line.cells.entries()) {
        if (isAmount(c.text) !== amounts) continue;
        const key = amountKey(c.text, scale);
        if (key === null) continue;
        const list = index.get(key);
        if (list) list.push(i);
        else index.set(key, [i]);
      }
    byScale.set(scale, index);
  }
  return index.get(valueKey(value, scale)) ?? [];
}
