import type { IrDocument, IrLine } from '../ir/types.js';
import { parseCellNumber } from '../parsers/number.js';
import type { Document, Location } from '../schema/index.js';

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
  const used = new Set<string>();
  const out: Located = { figures: [], notFound: [], unplaced: [], names: [] };
  const near = (loc: Location): { line: IrLine; page: number | null }[] => {
    const hit = lines.get(keyOf(loc.page, loc.line ?? 0));
    if (!hit) return [];
    const page = loc.page ?? null;
    return [0, 1, -1, 2, -2].flatMap((d) => {
      const l = hit.of[hit.at + d];
      return l ? [{ line: l, page }] : [];
    });
  };
  doc.tables.forEach((table, ti) => {
    // the table's scale: the one under which most of its figures are found
    const rows = table.rows.map((row) => ({ row, lines: near(row.location) }));
    const found = (scale: number) => {
      let n = 0;
      for (const { row, lines: ls } of rows)
        for (const v of Object.values(row.values))
          if (v !== null && ls.some(({ line }) => line.cells.some((c) => matches(c.text, v, scale)))) n++;
      return n;
    };
    const declared = table.declaredUnit === '万元' ? (doc.unit === 'yuan' ? 10_000 : 1) : table.declaredUnit === '元' ? (doc.unit === 'wan' ? 1 / 10_000 : 1) : null;
    const scale = declared ?? SCALES.map((s) => ({ s, n: found(s) })).sort((a, b) => b.n - a.n)[0]!.s;
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
          const k = line.cells.findIndex((c, i) => !used.has(`${keyOf(page, line.location.line ?? 0)}:${i}`) && (matches(c.text, value, scale) || (table.kind === 'other' && matches(c.text, value, 1))));
          if (k >= 0) {
            hit = { page, line: line.location.line ?? 0, cell: k, table: ti, row: ri, column, value };
            break;
          }
        }
        if (hit) {
          used.add(`${keyOf(hit.page, hit.line)}:${hit.cell}`);
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
  for (const p of ir.pages)
    for (const l of p.lines) {
      // a line of one cell is text (a sentence, a title): its figures are the narrative's
      if (l.cells.filter((c) => c.text !== '').length < 2) continue;
      const at = order({ page: p.number ?? undefined, line: l.location.line });
      if (spans.some(([a, b]) => at >= a && at < b)) continue;
      l.cells.forEach((c, i) => {
        if (used.has(`${keyOf(p.number, l.location.line ?? 0)}:${i}`) || !isAmount(c.text)) return;
        out.unplaced.push({ page: p.number, line: l.location.line ?? 0, cell: i });
      });
    }
  return out;
}

/** An amount as tables print them: with decimals or thousands separators (not a code, 行次 or 栏次). */
function isAmount(text: string): boolean {
  const n = parseCellNumber(text);
  return n !== null && typeof n === 'object' && /[.,，]/.test(text);
}

function matches(text: string, value: number, scale: number): boolean {
  const n = parseCellNumber(text);
  if (n === null || typeof n !== 'object') return false;
  const printed = (n.scaled / 10 ** n.decimals) * scale;
  return Math.abs(printed - value) <= Math.max(1e-9, Math.abs(value) * 1e-12) + (scale < 1 ? 1e-6 : 0.005);
}
