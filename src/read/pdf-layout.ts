import type { IrCell, IrLine } from '../ir/types.js';
import { joinBroken } from './text.js';

/** A text item as the page shows it: page coordinates, y growing downward, baseline y. */
export interface PageItem {
  text: string;
  x0: number;
  x1: number;
  y: number;
  /** font size, the unit every tolerance here is measured in */
  size: number;
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
  /** a piece of an item pdfjs joined across a space ("1,409.82 一、一般公共服务支出") */
  afterSpace?: boolean;
  /** follows its left neighbour across a space inside one item: one cell with it, unless the columns say two */
  soft?: boolean;
}

interface Line {
  y: number;
  size: number;
  segments: Segment[];
}

const NUMBER = /^[-−(（]?[\d,，]+(\.\d+)?[)）]?%?$/;
/** Lines that head a table, not rows of one: its title, 单位：万元, 部门：…, 公开01表, 注. */
/** A table's title: it ends in 表, or 表 and a bracket (（表 1）). */
const TABLE_TITLE = /表(\s*[(（][^()（）]*[)）])?$/;
const TITLE_LIKE = new RegExp(`${TABLE_TITLE.source}|^(单位|部门|单位名称|部门名称|部门[(（]单位[)）]名称|主管部门|编制部门|编制单位|预算单位|预算主管部门|金额单位)[:：]|^公开\\s*\\d+\\s*表|^第[一二三四五六七八九十]+部分`);
/** What a row's first cell may start with and a wrapped name's rest never does: a code or an enumerator. */
const ROW_START = /^(\d{3,7}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])/;
const isAmount = (t: string) => NUMBER.test(t.replace(/\s/g, '')) && /[.,，]/.test(t);

/** Fake bold: the same text printed twice a hair apart. */
function dedupe(items: PageItem[]): PageItem[] {
  const out: PageItem[] = [];
  // the items kept so far, by text: a twin has the same text (a page of 1,000 items is not 10^6 tests)
  const kept = new Map<string, PageItem[]>();
  for (const it of items) {
    const same = kept.get(it.text);
    if (same?.some((o) => Math.abs(o.x0 - it.x0) < it.size * 0.3 && Math.abs(o.y - it.y) < it.size * 0.3)) continue;
    if (same) same.push(it);
    else kept.set(it.text, [it]);
    out.push(it);
  }
  return out;
}

/**
 * A page's text as lines of cells, before any table is seen in them: what the running headers are
 * found from and what a page is laid out from. Built as each page is read, so that its items need
 * not be kept until every page is in.
 */
export type PageLines = readonly Line[];

export function pageLines(items: PageItem[]): PageLines {
  return toLines(dedupe(items.filter((i) => i.text.trim() !== '')));
}

/**
 * Items on one baseline, tolerant of digits set in another font a little off the CJK baseline.
 */
function toLines(items: PageItem[]): Line[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const lines: { y: number; size: number; items: PageItem[] }[] = [];
  for (const it of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(it.y - line.y) <= Math.max(line.size, it.size) * 0.45) {
      line.items.push(it);
      line.size = Math.max(line.size, it.size);
    } else lines.push({ y: it.y, size: it.size, items: [it] });
  }
  return lines.map((l) => ({ y: l.y, size: l.size, segments: toSegments(l.items.sort((a, b) => a.x0 - b.x0), l.size) }));
}

/**
 * Items close together are one cell; a wide gap starts another. An item pdfjs joined across two
 * cells ("1,409.82 一、一般公共服务支出") is split again where a figure meets text.
 */
function toSegments(items: PageItem[], size: number): Segment[] {
  const pieces: Segment[] = [];
  for (const it of items) {
    const parts = it.text.split(/(\s+)/);
    if (parts.length === 1) {
      pieces.push({ text: it.text, x0: it.x0, x1: it.x1 });
      continue;
    }
    // widths shared out by character: a CJK character is a full em (the font size), the rest of the
    // width goes to digits, Latin letters and spaces alike; failing that, CJK twice the others
    const cjk = (ch: string) => /[\u2e80-\uffff]/.test(ch);
    const chars = [...it.text];
    const nCjk = chars.filter(cjk).length;
    const nOther = chars.length - nCjk;
    const width = it.x1 - it.x0;
    const em = nOther > 0 && nCjk * it.size < width * 0.9 ? it.size : 0;
    const otherW = em > 0 ? (width - nCjk * em) / nOther : width / Math.max(nCjk * 2 + nOther, 1);
    const cjkW = em > 0 ? em : otherW * 2;
    const weigh = (t: string) => [...t].reduce((n, ch) => n + (cjk(ch) ? cjkW : otherW), 0);
    let at = it.x0;
    let first = true;
    for (const p of parts) {
      const w = weigh(p);
      if (p.trim() !== '') {
        pieces.push({ text: p, x0: at, x1: at + w, afterSpace: !first });
        first = false;
      }
      at += w;
    }
  }
  const out: Segment[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    const gap = last ? p.x0 - last.x1 : Infinity;
    // an amount and a word pdfjs joined with a space were two cells ("1,409.82 一、一般公共服务支出");
    // a year or a table number and its words ("2022 年度…（表 1）") are one
    const amount = (t: string) => NUMBER.test(t) && /[.,，]/.test(t);
    const mixed =
      last &&
      p.afterSpace &&
      (((amount(last.text) !== amount(p.text)) && (amount(last.text) || amount(p.text))) ||
        (NUMBER.test(last.text) && NUMBER.test(p.text)) ||
        // a 类/款/项 code and its name, set in touching cells (a year, four digits, heads its words)
        (/^(\d{3}|\d{5}|\d{7})$/.test(last.text) && /^[\u4e00-\u9fff]/.test(p.text)));
    // an amount and a word in cells set tight (LibreOffice: 2–3 pt of padding) are two cells; in
    // running text the runs touch ("支出1101.48万元")
    // (an amount touching the next row name's enumerator — 36,208.43（一）一般公共服务支出, 重庆 — is
    // two cells however close: running text does not number its words after a figure)
    const tight =
      last &&
      !p.afterSpace &&
      ((gap > size * 0.1 &&
        ((amount(last.text) && /^[\u4e00-\u9fff]/.test(p.text) && !/^[万元亿]/.test(p.text)) || (/[\u4e00-\u9fff]$/.test(last.text) && amount(p.text)))) ||
        (amount(last.text) && /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/.test(p.text)) ||
        // (or a paragraph in the next column, touching: 0.00统视频会议调试检测… in 广州's 绩效目标 — a
        // figure in running text is followed by its unit, not by four words more)
        (amount(last.text) && gap > -size * 0.05 && /^[\u4e00-\u9fff]{4}/.test(p.text) && !/^[万元亿千百个次人户件项倍年月日天期条篇名所家台辆套平立公吨]/.test(p.text)));
    // two figures are two cells unless set all but touching
    const figures = last && NUMBER.test(last.text) && NUMBER.test(p.text) && gap > size * 0.15;
    // words of one cell are set close; cells are padded apart (tight tables: under half a character)
    const latin = last && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(p.text);
    // pieces of one pdfjs item split at a space: the columns decide (cellsOf joins them when they
    // fall in one column); a figure meeting a word is two cells outright
    if (last && p.afterSpace && !mixed && !figures) {
      out.push({ ...p, soft: true });
      continue;
    }
    if (last && gap < size * (latin ? 0.45 : 0.3) && !mixed && !figures && !tight) {
      // touching pieces are one word (LibreOffice sets each digit of "652.66" as an item of its own)
      last.text = gap > size * 0.15 && latin ? `${last.text} ${p.text}` : last.text + p.text;
      last.x1 = Math.max(last.x1, p.x1);
    } else out.push({ ...p });
  }
  return out;
}

/**
 * One table row printed on two baselines: each cell centred on its own, so codes sit a half line
 * above their name and figure (Shanghai final accounts). Lines closer than rows ever stand (under
 * 0.75 of the font size), one of them with a figure or code, whose pieces never overlap across the
 * page are one row. The 类 款 项
 * header line stays apart: the figures that fell onto it are settled later (settleFigures).
 */
function joinSplitRows(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  const codeHeader = (l: Line) => l.segments.some((s) => /^(类|款|项)$/.test(s.text)) && l.segments.every((s) => /^(类|款|项)$/.test(s.text) || NUMBER.test(s.text));
  for (const l of lines) {
    const prev = out[out.length - 1];
    const close = prev !== undefined && l.y - prev.y < Math.min(prev.size, l.size) * 0.75;
    const apart = prev !== undefined && l.segments.every((s) => prev.segments.every((p) => s.x1 <= p.x0 + 0.5 || s.x0 >= p.x1 - 0.5));
    // header cells centred over different spans stand at any height: only rows with a figure or a code join
    const figures = prev !== undefined && [prev, l].some((x) => x.segments.some((seg) => NUMBER.test(seg.text)));
    if (prev && close && apart && figures && !codeHeader(prev) && !codeHeader(l)) {
      // the row stands where its figures do (a name's first line above them is not its baseline)
      const count = (x: Line) => x.segments.filter((seg) => NUMBER.test(seg.text)).length;
      if (count(l) > count(prev)) prev.y = l.y;
      prev.segments = [...prev.segments, ...l.segments].sort((a, b) => a.x0 - b.x0);
      prev.size = Math.max(prev.size, l.size);
      continue;
    }
    out.push({ ...l });
  }
  return out;
}

/** A page's top or bottom line as it recurs: its height and its words, page numbers aside. */
function edgeKey(line: Line): string | null {
  const text = line.segments.map((s) => s.text).join(' ');
  // a running header is one run of text (or words and a page number); a table's header row, its
  // title and its unit line are not, whatever page they repeat on
  // (nor a row that prints an amount: a 合计 at the foot of every page is a figure each time)
  if (line.segments.filter((s) => !s.soft).length > 2 || TITLE_LIKE.test(text.replace(/\s/g, '')) || line.segments.some((s) => isAmount(s.text))) return null;
  return `${Math.round(line.y)}:${text.replace(/\d+/g, '#').replace(/\s/g, '')}`;
}

/**
 * Running headers and footers of a document: the first and last lines of its pages that recur at
 * the same height with the same words (page numbers aside) on at least half the pages, two at least.
 */
export function runningLines(pages: PageLines[]): Set<string> {
  const count = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set([lines[0], lines[lines.length - 1]].flatMap((l) => (l ? [edgeKey(l)] : [])));
    for (const k of keys) if (k !== null) count.set(k, (count.get(k) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n >= Math.max(2, pages.length / 2)).map(([k]) => k));
}

function isPageNumber(line: Line): boolean {
  const t = line.segments.map((s) => s.text).join('').replace(/\s/g, '');
  // (- 9 -, — 9 —, －9－: any dash around it)
  return /^([-—–－]?\d{1,4}[-—–－]?|第\d+页(共\d+页)?|\d+\/\d+)$/.test(t);
}

/**
 * Column boundaries of a block of lines: the x ranges that no cell of the fuller rows covers.
 * Cells that span columns (a 收入 header over three) sit in sparser rows and are left out of it.
 */
function columnsOf(block: Line[]): [number, number][] {
  // the rows that print figures show the columns best; header and title lines span them
  // the 栏次 row marks every value column, even those no row fills
  const columnNumbers = (l: Line) => isNumberSequence(l.segments.map((s) => s.text));
  const withFigures = block.filter((l) => (l.segments.filter((s) => NUMBER.test(s.text)).length >= 1 && l.segments.filter((s) => !s.soft).length >= 2) || columnNumbers(l));
  // a table with no figure at all (本表无数据) has only its 栏次 row to mark its columns: each of its
  // cells (类, 款, 项, 1, 2 …) a column, reaching halfway to the next
  const numberRow = withFigures.find(columnNumbers);
  if (numberRow && withFigures.every(columnNumbers) && numberRow.segments.length >= 3) {
    const segs = numberRow.segments;
    const left = Math.min(...block.map((l) => l.segments[0]!.x0));
    const right = Math.max(...block.map((l) => l.segments[l.segments.length - 1]!.x1));
    return segs.map((s, k): [number, number] => [
      k === 0 ? Math.min(left, s.x0) : (segs[k - 1]!.x1 + s.x0) / 2,
      k === segs.length - 1 ? Math.max(right, s.x1) : (s.x1 + segs[k + 1]!.x0) / 2,
    ]);
  }
  const hard = (l: Line) => l.segments.filter((s) => !s.soft).length;
  const most = Math.max(...block.map(hard));
  // a table of one or two rows shows its columns in them and its 栏次 row
  const basis = withFigures.length >= 3 || (withFigures.length >= 2 && withFigures.some(columnNumbers)) ? withFigures : block.filter((l) => hard(l) >= Math.max(2, Math.ceil(most * 0.6)));
  // how many rows print something at each x (1 pt steps); a gutter is where (almost) none do, so
  // that a stray wide cell or a wrapped name does not close it. Counted by a sweep over where each
  // row's cells start and end, so that the work does not grow with the page's width (a MediaBox
  // 5·10⁷ pt wide once asked for an array of that length).
  const lo = Math.floor(Math.min(...basis.flatMap((l) => l.segments.map((s) => s.x0))));
  const hi = Math.ceil(Math.max(...basis.flatMap((l) => l.segments.map((s) => s.x1))));
  const allowed = Math.floor(basis.length * 0.08);
  const events: [number, number][] = [];
  for (const l of basis) {
    // the 栏次 row counts as many rows: it alone marks the columns no row fills
    const weight = columnNumbers(l) ? allowed + 1 : 1;
    // a letter-spaced item (因 公 出 国 （ 境 ） 费) covers its spaces too: its pieces are one cell
    // unless enough rows open a gutter inside it. A row counts once where its cells overlap.
    const spans = l.segments
      // (at their own edges, not widened to whole points: an amount set flush right ends 1–2 pt before
      // the next column's name begins, 重庆's summary)
      .map((s, i): [number, number] => [s.soft && i > 0 ? Math.min(s.x0, l.segments[i - 1]!.x1) : s.x0, s.x1])
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    let open: [number, number] | null = null;
    for (const span of spans) {
      if (open && span[0] <= open[1]) open[1] = Math.max(open[1], span[1]);
      else {
        if (open) events.push([open[0], weight], [open[1], -weight]);
        open = [span[0], span[1]];
      }
    }
    if (open) events.push([open[0], weight], [open[1], -weight]);
  }
  events.sort((a, b) => a[0] - b[0]);
  const columns: [number, number][] = [];
  let cover = 0;
  let start: number | null = null;
  for (let i = 0; i < events.length; ) {
    const x = events[i]![0];
    while (i < events.length && events[i]![0] === x) cover += events[i++]![1];
    if (cover > allowed && start === null) start = x;
    else if (cover <= allowed && start !== null) {
      columns.push([start, x]);
      start = null;
    }
  }
  const found: [number, number][] = columns.length > 0 ? columns : [[lo, hi]];
  // columns no row fills (政府性基金, 国有资本 in most budgets) show only in the header above the
  // figures: a header cell standing clear of every column found is a column of its own
  const firstFigure = block.findIndex((l) => withFigures.includes(l));
  const header = firstFigure > 0 ? block.slice(0, firstFigure) : [];
  const extra: [number, number][] = [];
  // deepest header row first: 购置费 under 公务用车购置及运行费 is the column, the group header is not
  for (const l of [...header].reverse())
    for (const seg of l.segments) {
      const clear = found.every(([a, b]) => seg.x1 <= a + 1 || seg.x0 >= b - 1);
      if (!clear || extra.some(([a, b]) => seg.x0 < b && seg.x1 > a)) continue;
      extra.push([seg.x0, seg.x1]);
    }
  return [...found, ...extra].sort((a, b) => a[0] - b[0]);
}

/**
 * A header cell wrapped over two lines (年初结转和结 / 余, 本年收 / 入): the second line's pieces
 * each start (or centre) where a piece of the line just above does, closer than rows stand. Joined
 * into that piece before columns are drawn, so that both halves fall in one column.
 */
function joinWrappedHeaderCells(block: Line[]): Line[] {
  const bodyAt = block.findIndex((l) => opensBody(l.segments.map((s) => s.text)) || isColumnNumberTexts(l.segments.map((s) => s.text)));
  const header = block.slice(0, bodyAt < 0 ? 0 : bodyAt).map((l) => ({ ...l, segments: l.segments.map((s) => ({ ...s })) }));
  const gone = new Set<number>();
  // column labels are short; a form's long cells (项目类型 2、延续性项目…) are left as they are
  const label = (l: Line) => l.segments.every((s) => [...s.text].length <= 12);
  header.forEach((upper, u) => {
    if (gone.has(u) || !label(upper)) return;
    for (let k = u + 1; k < header.length && header[k]!.y - upper.y <= upper.size * 1.5; k++)
      if (!gone.has(k) && label(header[k]!) && absorbWrapped(upper, header[k]!)) gone.add(k);
  });
  return [...header.filter((_, k) => !gone.has(k)), ...block.slice(header.length)];
}

/**
 * Joins `lower` into `upper` when each of its pieces is the next line of one of upper's (starting
 * or centred where it does, no wider) and says whether it did. Upper's segments are changed.
 */
function absorbWrapped(upper: Line, lower: Line): boolean {
  const owner = (s: Segment) =>
    upper.segments.find((p) => s.x1 - s.x0 <= p.x1 - p.x0 + 0.5 && (Math.abs(p.x0 - s.x0) < 0.5 || Math.abs((p.x0 + p.x1) / 2 - (s.x0 + s.x1) / 2) < 0.5));
  const owners = lower.segments.map(owner);
  if (owners.some((o) => o === undefined) || new Set(owners).size !== owners.length) return false;
  lower.segments.forEach((s, n) => {
    owners[n]!.text += s.text;
  });
  return true;
}

/**
 * An item pdfjs gave with a space inside, in a table's header: one header cell wrapped at a space
 * ("一般公共预算 财政" over "拨款") or two cells set touching ("事业收入 经营收入"). The cells
 * below and above a header cell are centred on it, the 栏次 number first: an item whose middle
 * one of them shares, and none of its pieces', is one cell.
 */
function joinCentredItems(block: Line[]): Line[] {
  const tol = (l: Line) => l.size * 0.3;
  const marks = (except: Line) =>
    block.filter((l) => l !== except && !l.segments.some((s) => isAmount(s.text))).flatMap((l) => l.segments.filter((s) => !s.soft).map((s) => (s.x0 + s.x1) / 2));
  return block.map((line) => {
    if (!line.segments.some((s) => s.soft) || line.segments.some((s) => isAmount(s.text))) return line;
    const centres = marks(line);
    const hit = (x: number) => centres.some((c) => Math.abs(c - x) <= tol(line));
    const out: Segment[] = [];
    let chain: Segment[] = [];
    const flush = () => {
      if (chain.length === 0) return;
      const whole = { text: chain.map((s) => s.text).join(''), x0: chain[0]!.x0, x1: chain[chain.length - 1]!.x1 };
      if (chain.length > 1 && hit((whole.x0 + whole.x1) / 2) && !chain.some((s) => hit((s.x0 + s.x1) / 2))) out.push(whole);
      else out.push(...chain);
      chain = [];
    };
    for (const s of line.segments) {
      if (!s.soft) flush();
      chain.push(s);
    }
    flush();
    return { ...line, segments: out };
  });
}

function cellsOf(line: Line, columns: [number, number][]): IrCell[] {
  const cells: IrCell[] = columns.map(() => ({ text: '' }));
  let prevK = -1;
  for (const s of line.segments) {
    const mid = (s.x0 + s.x1) / 2;
    let k = columns.findIndex(([a, b]) => mid >= a - 0.5 && mid <= b + 0.5);
    // amounts are set flush right: of the columns a figure overlaps, the one whose right edge it shares
    if (NUMBER.test(s.text)) {
      let best = Infinity;
      columns.forEach(([a, b], i) => {
        if (s.x1 < a || s.x0 > b) return;
        const d = Math.abs(s.x1 - b);
        if (d < best) {
          best = d;
          k = i;
        }
      });
    }
    // a piece of a letter-spaced item running past its column: with the piece before it (a letter or
    // two; a word of its own — 一般公共预算 政府性基金预算 as one item — goes to its nearest column)
    if (k < 0 && s.soft && prevK >= 0 && [...s.text].length <= 2) k = prevK;
    if (k < 0) {
      // a segment in a gutter: the nearest column
      let best = Infinity;
      columns.forEach(([a, b], i) => {
        const d = Math.min(Math.abs(mid - a), Math.abs(mid - b));
        if (d < best) {
          best = d;
          k = i;
        }
      });
    }
    prevK = k;
    const cell = cells[k]!;
    cell.text = cell.text === '' ? s.text : joinBroken(cell.text, s.text);
    cell.x0 = Math.min(cell.x0 ?? s.x0, s.x0);
    cell.x1 = Math.max(cell.x1 ?? s.x1, s.x1);
    cell.y0 = Math.min(cell.y0 ?? Infinity, line.y - line.size * 0.85);
    cell.y1 = Math.max(cell.y1 ?? -Infinity, line.y + line.size * 0.15);
  }
  return cells;
}

const hasFigure = (cells: IrCell[]) => cells.some((c) => NUMBER.test(c.text.replace(/\s/g, '')));

/** The 栏次 row: small integers 1, 2, 3 … in order, and no amount. */
function isNumberSequence(texts: string[]): boolean {
  const ints = texts.filter((t) => /^\d{1,2}$/.test(t)).map(Number);
  if (ints.length < 3 || texts.some((t) => /[.,]/.test(t) && NUMBER.test(t))) return false;
  return ints.every((n, i) => i === 0 || n === (ints[i - 1] ?? 0) + 1);
}

/** The 栏次 row: labelled 栏次, or numbered 1, 2, 3 … (a two-sided summary numbers only 1 and 2). */
const isColumnNumberTexts = (texts: string[]) => texts.some((t) => /^栏\s*次$/.test(t)) || isNumberSequence(texts);
const isColumnNumberCells = (cells: IrCell[]) => isColumnNumberTexts(cells.map((c) => c.text));

/** Where a table's body starts: a row that opens with a code, or prints a figure outside the 栏次 row. */
function opensBody(texts: string[]): boolean {
  if (/^\d{3,7}/.test(texts.find((t) => t !== '') ?? '')) return true;
  return texts.some((t) => NUMBER.test(t.replace(/\s/g, ''))) && !isColumnNumberTexts(texts);
}

/**
 * One column seen as two: a header (and its 栏次) centred over amounts set flush right, never
 * overlapping. Adjacent columns, one filled only above the figures and the other only by them,
 * are one column.
 */
function mergeComplementary<R extends { cells: IrCell[] }>(rows: R[], columns?: [number, number][]): R[] {
  // the body starts at the first row with a figure or a code (the 栏次 row is header); rows below
  // it without one (a name with no figures) are body too
  const first = rows.findIndex(
    (r) => opensBody(r.cells.map((c) => c.text)),
  );
  const body = new Set(first < 0 ? [] : rows.slice(first));
  const data = (r: R) => body.has(r);
  const width = rows[0]?.cells.length ?? 0;
  let k = 0;
  while (k < width - 1 && (rows[0]?.cells.length ?? 0) > k + 1) {
    const filled = (col: number, pick: (r: R) => boolean) => rows.some((r) => pick(r) && r.cells[col]!.text !== '');
    const headerOnly = (col: number) => filled(col, (r) => !data(r)) && !filled(col, data);
    const dataOnly = (col: number) => filled(col, data) && !filled(col, (r) => !data(r));
    const extent = (col: number, pick: (r: R) => boolean = () => true) => {
      const xs = rows.flatMap((r) => (pick(r) && r.cells[col]!.text !== '' ? [r.cells[col]!.x0 ?? 0, r.cells[col]!.x1 ?? 0] : []));
      return [Math.min(...xs), Math.max(...xs)] as const;
    };
    // a header is centred in its cell, figures end at the cell's right edge: the cell those two make
    // must not reach into the column before it
    const oneCell = () => {
      const [h0, h1] = extent(k);
      const [, d1] = extent(k + 1);
      const left = 2 * ((h0 + h1) / 2) - d1;
      // the column before ends where its figures do (a group header above may span past it)
      const before = k === 0 ? -Infinity : filled(k - 1, data) ? extent(k - 1, data)[1] : extent(k - 1)[1];
      return left >= before - 2;
    };
    // a header centred over names set flush left: the cell those two make must end before the next column
    const close = () => {
      if (extent(k + 1)[0] - extent(k)[1] < 18) return true;
      const [h0, h1] = extent(k + 1);
      const [d0] = extent(k);
      const right = 2 * ((h0 + h1) / 2) - d0;
      const after = k + 2 < width && (rows[0]?.cells.length ?? 0) > k + 2 ? (filled(k + 2, data) ? extent(k + 2, data)[0] : extent(k + 2)[0]) : Infinity;
      return right <= after + 2;
    };
    if ((headerOnly(k) && dataOnly(k + 1) && oneCell()) || (dataOnly(k) && headerOnly(k + 1) && close())) {
      for (const r of rows) {
        const [a, b] = [r.cells[k]!, r.cells[k + 1]!];
        r.cells.splice(k, 2, a.text ? { ...a, x0: a.x0 ?? 0, x1: a.x1 ?? 0 } : b.text ? { ...b, x0: b.x0 ?? 0, x1: b.x1 ?? 0 } : { text: '' });
      }
      if (columns) columns.splice(k, 2, [columns[k]![0], columns[k + 1]![1]]);
      continue;
    }
    k++;
  }
  return rows;
}

/**
 * Figures a cell set off its row's baseline (vertically centred in a taller row, or top-aligned):
 * a line of figures, or figures that fell onto a header line ("类 款 项"), closer to a data row than
 * rows ever stand (under 0.75 of the font size) and filling cells that row leaves empty, belong to
 * that row.
 */
function settleFigures<R extends { cells: IrCell[]; y: number; size: number }>(rows: R[]): R[] {
  const out = [...rows];
  for (let k = 0; k < out.length; k++) {
    const r = out[k]!;
    const at = r.cells.flatMap((c, i) => (isAmount(c.text) ? [i] : []));
    if (at.length === 0) continue;
    // the rest of the line must not be a row of figures itself
    if (r.cells.some((c, i) => !at.includes(i) && NUMBER.test(c.text.replace(/\s/g, '')))) continue;
    const takes = (t: R | undefined) =>
      t !== undefined &&
      Math.abs(t.y - r.y) < r.size * 0.75 &&
      t.cells.length === r.cells.length &&
      hasFigure(t.cells) &&
      at.every((i) => t.cells[i]!.text === '');
    const rest = r.cells.some((c, i) => !at.includes(i) && c.text !== '');
    // figures on a header line go down to the first data row; a line of figures alone to the nearer
    const candidates = (rest ? [out[k + 1]] : [out[k - 1], out[k + 1]]).filter(takes) as R[];
    const target = candidates.sort((a, b) => Math.abs(a.y - r.y) - Math.abs(b.y - r.y))[0];
    if (!target) continue;
    for (const i of at) {
      target.cells[i] = r.cells[i]!;
      r.cells[i] = { text: '' };
    }
    if (!rest) out.splice(k--, 1);
  }
  return out;
}

/** What a page hands the next: the columns of a table running off its foot. */
export interface PageCarry {
  /** lines printed at the same height with the same words on most pages: running headers and footers */
  running?: Set<string> | undefined;
  columns?: [number, number][] | undefined;
  /** the table's first header line, which a continued page prints again */
  head?: string | undefined;
  /** the table's last row, which a row broken over the page ends on the next */
  lastRow?: IrLine | undefined;
}

/**
 * The rest of a row broken over a page (a name's last line: 出, 的补助): each of its pieces ends the
 * last page's last row in the cell it stands under, which must hold a name (never a figure). Says
 * whether it did; the row is changed only when every piece fits.
 */
function endRow(last: IrLine, cells: IrCell[]): boolean {
  const at = cells.flatMap((c, k) => (c.text !== '' ? [k] : []));
  const fits = (k: number) => {
    const into = last.cells[k];
    const text = cells[k]!.text;
    return (
      into !== undefined &&
      into.text !== '' &&
      !NUMBER.test(into.text.replace(/\s/g, '')) &&
      !NUMBER.test(text.replace(/\s/g, '')) &&
      !TITLE_LIKE.test(text) &&
      !ROW_START.test(text) &&
      [...text].length <= 8
    );
  };
  if (at.length === 0 || last.cells.length !== cells.length || !at.every(fits)) return false;
  for (const k of at) last.cells[k]!.text = joinBroken(last.cells[k]!.text, cells[k]!.text);
  return true;
}

/**
 * Rows with no header of their own (their first line a body row: a figure or a code), every piece
 * inside one of the last page's columns, as many cells as those columns or fewer.
 */
function continues(block: Line[], columns: [number, number][]): boolean {
  const first = block[0];
  if (!first || !opensBody(first.segments.map((s) => s.text))) return false;
  // a figure may stand a little wider than the figures the columns were drawn from: it overlaps one
  // (a code and its name, set flush left, may run past the widest name the last page printed: it starts inside a column)
  const inside = (s: Segment) =>
    columns.some(([a, b]) => s.x0 >= a - 3 && s.x1 <= b + 3) ||
    (NUMBER.test(s.text) && (columns.some(([a, b]) => Math.abs(s.x1 - b) < 3) || columns.filter(([a, b]) => s.x0 < b && s.x1 > a).length === 1)) ||
    (!NUMBER.test(s.text) && columns.some(([a, b]) => s.x0 >= a - 3 && s.x0 < b));
  // the rows that print a code or a figure (a 合计 row's label may stand wider than the codes)
  const segs = block.filter((l) => opensBody(l.segments.map((s) => s.text))).flatMap((l) => l.segments.filter((s) => NUMBER.test(s.text) || /^\d{3,7}/.test(s.text)));
  return segs.filter(inside).length >= segs.length * 0.9;
}

/**
 * One page's lines (pageLines) → lines of positional cells: lines from baselines, cells from gaps, columns
 * from the alignment of the block's fuller rows; a name wrapped onto a line of its own inside a
 * table is joined to the row whose figures sit beside it; page numbers are dropped.
 */
export function layoutPage(baselines: PageLines, page: number, carry: PageCarry = {}): IrLine[] {
  const lines = joinSplitRows(baselines);
  // page numbers, running headers and footers (their top and bottom lines, twice for a header over a page number)
  const edge = (l: Line) => isPageNumber(l) || (carry.running?.has(edgeKey(l) ?? '') ?? false);
  let kept = lines;
  for (let n = 0; n < 2; n++) {
    if (kept.length > 0 && edge(kept[0]!)) kept = kept.slice(1);
    if (kept.length > 0 && edge(kept[kept.length - 1]!)) kept = kept.slice(0, -1);
  }
  const out: IrLine[] = [];
  let i = 0;
  // the rest of a row broken over the page (a name's last line, 出) right above the rows carried on:
  // it ends the last page's last row, in the cell where that row's name stands (never a figure's)
  const last = carry.lastRow;
  const rest = kept[0];
  if (last && rest && carry.columns && kept[1] && continues([kept[1]], carry.columns)) {
    // (the rests of names in blocks side by side, 的补助 … 用, each end their own cell)
    const cells = cellsOf(rest, carry.columns);
    const apart = rest.segments.filter((s) => !s.soft).length === cells.filter((c) => c.text !== '').length;
    if (apart && endRow(last, cells)) i = 1;
  }
  // the carried table's rows that print a name alone at the top of the page (a summary's expenditure
  // side running on: 二十六、债务发行费用支出 …), each inside one of its columns, then a row that
  // continues it: rows of that table, not text above a new one
  let leadFrom = -1;
  let leadTo = -1;
  if (carry.columns) {
    const cols = carry.columns;
    const alone = (k: number) => {
      const l = kept[k];
      if (!l || l.segments.filter((s) => !s.soft).length !== 1) return false;
      const text = l.segments.map((s) => s.text).join('');
      if (TITLE_LIKE.test(text) || /^(注|备注|说明)/.test(text) || NUMBER.test(text.replace(/\s/g, ''))) return false;
      const x0 = l.segments[0]!.x0;
      const x1 = l.segments[l.segments.length - 1]!.x1;
      // (a name may run past its column's right edge, drawn from the names above it: it starts inside one)
      return cols.some(([a, b]) => x0 >= a - 3 && (x1 <= b + 3 || x0 < b)) && (k === i || l.y - kept[k - 1]!.y < l.size * 3.5);
    };
    let k = i;
    while (k < kept.length && alone(k)) k++;
    const next = kept[k];
    if (k > i && next && next.segments.filter((s) => !s.soft).length >= 2 && next.y - kept[k - 1]!.y < next.size * 3.5 && continues([next], cols)) {
      leadFrom = i;
      leadTo = k;
    }
  }
  // the lines just pushed on their own, since the last table
  let lone: { at: number; heading: boolean }[] = [];
  let blocks = 0;
  while (i < kept.length) {
    const line = kept[i]!;
    const inTable = (k: number) => (kept[k]?.segments.filter((seg) => !seg.soft).length ?? 0) >= 2;
    // the department and unit line over a table (部门：… 单位：万元), its name wrapped or not, is not a row
    const heading = TITLE_LIKE.test(line.segments[0]!.text) && !line.segments.some((seg) => isAmount(seg.text));
    if ((!inTable(i) || heading) && i !== leadFrom) {
      const own = { ...line, segments: line.segments.map((seg) => ({ ...seg })) };
      const next = kept[i + 1];
      const wrapped = heading && next !== undefined && next.y - line.y <= line.size * 1.5 && absorbWrapped(own, next);
      const box = { x0: own.segments[0]!.x0, x1: own.segments[own.segments.length - 1]!.x1, y0: line.y - line.size * 0.85, y1: line.y + line.size * 0.15 };
      out.push({ cells: [{ text: own.segments.map((s) => s.text).join(' '), ...box }], location: { page, line: out.length + 1 } });
      // a table title or any text above a table: the page's first table is a new one
      lone.push({ at: i, heading: heading && !TABLE_TITLE.test(own.segments.map((s) => s.text).join('')) });
      i += wrapped ? 2 : 1;
      continue;
    }
    // a block: rows of two or more cells, and short single-cell lines wedged between them (wrapped
    // names); a note (注：…) or a heading ends it
    const wedged = (k: number) => {
      const l = kept[k];
      const seg = l?.segments[0];
      const hard = l?.segments.filter((x) => !x.soft).length ?? 0;
      const span = l ? l.segments[l.segments.length - 1]!.x1 - l.segments[0]!.x0 : 0;
      if (l === undefined || seg === undefined || hard !== 1 || /^(注|备注|说明)/.test(seg.text)) return false;
      // a paragraph in a column of text right of the figures (广州's 绩效目标): its lines run on
      // above, beside and below their row's figures
      if (proseAt(k)) return true;
      if (span > l.size * 20) return false;
      // the next table's title, unit and department lines are not rows of this one
      const text = l.segments.map((x) => x.text).join('');
      if (TITLE_LIKE.test(text)) return false;
      // a figure its cell set off the row's baseline, all but on the row beside it (settleFigures)
      if (NUMBER.test(seg.text) && l.segments.length === 1)
        return (inTable(k + 1) && kept[k + 1]!.y - l.y < l.size * 0.75) || l.y - kept[k - 1]!.y < l.size * 0.75;
      if (inTable(k + 1) && kept[k + 1]!.y - kept[k - 1]!.y < l.size * 4.5) return true;
      // a row with a name and no figure between two rows, in tall rows spaced evenly (重庆's 八、事业单位
      // 经营收入资金 under a side that has ended): as far from either as the rows above from each other
      if (inTable(k + 1) && k - i >= 3) {
        const gaps: number[] = [];
        for (let q = i + 1; q < k; q++) gaps.push(kept[q]!.y - kept[q - 1]!.y);
        const pitch = gaps.sort((a, b) => a - b)[gaps.length >> 1]!;
        const even = (gap: number) => gap > 0 && Math.abs(gap - pitch) <= pitch * 0.2;
        if (even(l.y - kept[k - 1]!.y) && even(kept[k + 1]!.y - l.y) && seg.x0 >= Math.min(...kept.slice(i, k).map((r) => r.segments[0]!.x0)) - l.size) return true;
      }
      // the last line of a name wrapped below the table's last row: aligned with a cell above it
      const near = l.y - kept[k - 1]!.y < l.size * 2.2;
      const aligned = kept.slice(Math.max(0, k - 3), k).some((p) => p.segments.some((q) => Math.abs(q.x0 - seg.x0) < l.size * 0.5));
      // a row with nothing but its coded name (222 粮油物资储备支出), inside the table's width
      const rows = kept.slice(i, k);
      const left = Math.min(...rows.map((r) => r.segments[0]!.x0));
      const right = Math.max(...rows.map((r) => r.segments[r.segments.length - 1]!.x1));
      const coded = ROW_START.test(text) && seg.x0 >= left - l.size && l.segments[l.segments.length - 1]!.x1 <= right + l.size;
      // the rest of a name wrapped and centred under it (费支出 under 机关事业单位基本养老保险缴: 广州):
      // short, left of every figure of the rows above
      let figuresFrom = Number.POSITIVE_INFINITY;
      for (const r of rows) for (const x of r.segments) if (x.x0 < figuresFrom && isAmount(x.text)) figuresFrom = x.x0;
      const named = [...text].length <= 8 && seg.x0 >= left - l.size && l.segments[l.segments.length - 1]!.x1 < figuresFrom && !NUMBER.test(text);
      return near && (aligned || coded || named);
    };
    // a column of text right of every figure of the rows so far (绩效目标), and a line standing
    // in it alone, close under the line above
    const proseAt = (k: number) => {
      const l = kept[k]!;
      if (l.y - kept[k - 1]!.y > l.size * 3.5) return false;
      // (folded, not spread into Math.max: a hostile page may hold more pieces than a call takes arguments)
      let figuresEnd = Number.NEGATIVE_INFINITY;
      let right = Number.NEGATIVE_INFINITY;
      for (let q = i; q < k; q++)
        for (const x of kept[q]!.segments) {
          if (isAmount(x.text) && x.x1 > figuresEnd) figuresEnd = x.x1;
          if (x.x1 > right) right = x.x1;
        }
      if (!Number.isFinite(figuresEnd)) return false;
      let prose = false;
      for (let q = i; q < k && !prose; q++) prose = kept[q]!.segments.some((x) => x.x0 > figuresEnd && !NUMBER.test(x.text));
      if (!prose) return false;
      // (its lines may run past the header over them, 绩效目标, set narrow and centred)
      return l.segments[0]!.x0 > figuresEnd && l.segments[0]!.x0 < right;
    };
    let j = i === leadFrom ? leadTo : i;
    const extend = () => {
      while (j + 1 < kept.length && (inTable(j + 1) || wedged(j + 1))) j++;
    };
    extend();
    // header rows with no figure yet, then header cells each on a line of its own (功能分类, 科目名称,
    // 科目编码), then the rows: one table
    for (;;) {
      if (kept.slice(i, j + 1).some((l) => l.segments.some((seg) => isAmount(seg.text)))) break;
      let k = j + 1;
      const single = (l: Line | undefined) =>
        l !== undefined && l.segments.length === 1 && !NUMBER.test(l.segments[0]!.text) && !/^(注|备注|说明)/.test(l.segments[0]!.text) && l.segments[0]!.x1 - l.segments[0]!.x0 < l.size * 8;
      while (k < kept.length && k - j <= 4 && single(kept[k]) && kept[k]!.y - kept[k - 1]!.y < kept[k]!.size * 3.5) k++;
      if (k === j + 1 || k >= kept.length || !inTable(k) || kept[k]!.y - kept[k - 1]!.y > kept[k]!.size * 3.5) break;
      j = k;
      extend();
    }
    // header cells standing on lines of their own above the table's first full row (预算数 and 决算数
    // over the columns they head, centred in a tall header): the table's, not the page's text
    const left = Math.min(...kept.slice(i, j + 1).map((l) => l.segments[0]!.x0));
    const right = Math.max(...kept.slice(i, j + 1).map((l) => l.segments[l.segments.length - 1]!.x1));
    const headerCell = (l: Line, below: Line) => {
      const text = l.segments.map((x) => x.text).join('');
      return (
        l.segments.filter((x) => !x.soft).length === 1 &&
        // (eight characters set tight, 一般公共预算拨款, are as short: 西安)
        (l.segments[l.segments.length - 1]!.x1 - l.segments[0]!.x0 < l.size * 8 || [...text].length <= 8) &&
        l.segments[0]!.x0 >= left - l.size &&
        l.segments[l.segments.length - 1]!.x1 <= right + l.size &&
        below.y - l.y < l.size * 2.5 &&
        !NUMBER.test(text) &&
        !TITLE_LIKE.test(text) &&
        !ROW_START.test(text) &&
        !/[。；;：:]/.test(text)
      );
    };
    while (lone.length > 0 && lone[lone.length - 1]!.at === i - 1 && headerCell(kept[i - 1]!, kept[i]!)) {
      lone.pop();
      out.pop();
      i--;
    }
    // only the page's first table may carry on the last page's, with nothing above it but the
    // 部门/单位 line its header repeats
    const firstBlock = blocks++ === 0 && lone.every((x) => x.heading);
    const headingsAbove = lone.length;
    lone = [];
    const block = joinWrappedHeaderCells(joinCentredItems(kept.slice(i, j + 1)));
    // a table carried over from the last page with no header of its own keeps that page's columns,
    // so its cells line up with the rows above the page break
    const headText = block[0]!.segments.map((x) => x.text).join('').replace(/\s/g, '');
    const carried: [number, number][] | null =
      firstBlock && carry.columns && (i === leadFrom || continues(block, carry.columns) || (carry.head === headText && !block[0]!.segments.some((x) => isAmount(x.text))))
        ? carry.columns
        : null;
    // the 部门/单位 line printed again over the carried table's header is that header's, not a heading
    if (carried) out.splice(out.length - headingsAbove, headingsAbove);
    const columns = carried ? [...carried] : columnsOf(block);
    const all: { cells: IrCell[]; y: number; size: number }[] = carried
      ? settleFigures(block.map((l) => ({ cells: cellsOf(l, columns), y: l.y, size: l.size })))
      : mergeComplementary(settleFigures(block.map((l) => ({ cells: cellsOf(l, columns), y: l.y, size: l.size }))), columns);
    const runsOff = j === kept.length - 1 || kept.slice(j + 1).every((l) => isPageNumber(l));
    carry.head = runsOff ? (carried ? carry.head : headText) : undefined;
    carry.columns = runsOff ? columns : undefined;
    // a line that starts with a code or an enumerator (一、 （二） 3.) is a row of its own, not the
    // rest of a name
    const opensRow = (r: (typeof all)[number]) => ROW_START.test(r.cells.find((c) => c.text !== '')?.text ?? '');
    const isFragment = (r: (typeof all)[number]) =>
      !hasFigure(r.cells) && r.cells.filter((c) => c.text !== '').length <= 2 && !r.cells.some((c) => /^(注|备注)/.test(c.text)) && !opensRow(r);
    // a name wrapped over lines, its row's figures between them: a fragment goes to the row below
    // when that row's cell is still empty, else to the row above
    const rows: typeof all = [];
    const owed = new Map<(typeof all)[number], (typeof all)[number]>();
    // the table's row pitch: the commonest distance between lines (a wrapped name's lines stand closer)
    // among the body rows (a wrapped header's lines stand closer still)
    const gaps = new Map<number, number>();
    const bodyFrom = all.findIndex((r) => opensBody(r.cells.map((c) => c.text)));
    const whole = all.slice(Math.max(bodyFrom, 0)).filter((r) => !isFragment(r));
    whole.slice(1).forEach((r, k) => {
      const g = Math.round((r.y - whole[k]!.y) * 2) / 2;
      if (g > 0) gaps.set(g, (gaps.get(g) ?? 0) + 1);
    });
    const pitch = [...gaps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? Infinity;
    // a row with no figure whose cells wrap (人员经费合 / 计 over the totals printed on the next row):
    // two lines closer to each other than to the rows around them, each cell going on where it
    // started: one row
    for (let k = 0; k + 1 < all.length; k++) {
      const a = all[k]!;
      const b = all[k + 1]!;
      const filled = (r: typeof a) => r.cells.flatMap((c, n) => (c.text !== '' ? [n] : []));
      // (the cell a wrapped line goes on: the one starting where it does, whichever column it fell in)
      const owner = (r: typeof a, c: IrCell) => r.cells.find((o) => o.text !== '' && o.x0 !== undefined && c.x0 !== undefined && Math.abs(o.x0 - c.x0) < 0.5);
      const above = all[k - 1];
      const below = all[k + 2];
      if (
        isFragment(a) &&
        isFragment(b) &&
        !opensRow(b) &&
        b.y - a.y < a.size * 1.6 &&
        (above === undefined || a.y - above.y > (b.y - a.y) * 1.1) &&
        (below === undefined || below.y - b.y > (b.y - a.y) * 1.1) &&
        filled(b).every((n) => owner(a, b.cells[n]!) !== undefined)
      ) {
        for (const n of filled(b)) {
          const into = owner(a, b.cells[n]!)!;
          into.text = joinBroken(into.text, b.cells[n]!.text);
        }
        all.splice(k + 1, 1);
      }
    }
    for (let k = 0; k < all.length; k++) {
      const r = all[k]!;
      // (the first line of a name centred over three lines may begin with its enumerator: 二、政府性基)
      const head = !isFragment(r) && opensRow(r) && !hasFigure(r.cells) && r.cells.filter((c) => c.text !== '').length === 1;
      if (!isFragment(r) && !head) {
        rows.push(r);
        continue;
      }
      // the rest of a row broken over the page, set under the header printed again (…缴费支 / 出):
      // it ends the last page's last row, in the cell where that row's name stands
      if (!head && carried && last && k > 0 && k === bodyFrom - 1 && !isFragment(all[k - 1]!) && endRow(last, r.cells)) continue;
      // the last line of a name whose first line went to the front of its row
      const owner = owed.get(r);
      if (owner) {
        r.cells.forEach((c, i) => {
          if (c.text !== '') owner.cells[i]!.text = joinBroken(owner.cells[i]!.text, c.text);
        });
        continue;
      }
      const prev = rows[rows.length - 1];
      const next = all.slice(k + 1).find((x) => !isFragment(x));
      const fits = (target: (typeof all)[number] | undefined, empty: boolean) =>
        target !== undefined &&
        hasFigure(target.cells) &&
        !isColumnNumberCells(target.cells) &&
        Math.abs(target.y - r.y) < r.size * 2.6 &&
        r.cells.every((c, i) => c.text === '' || (target.cells[i]!.text === '') === empty);
      // a name over three lines, centred on its row: the line above the row's own as far above it
      // as the line below is below it goes to the front of the row's cell
      const nextAt = next ? all.indexOf(next) : -1;
      const below = nextAt >= 0 ? all[nextAt + 1] : undefined;
      if (
        next &&
        below &&
        isFragment(below) &&
        hasFigure(next.cells) &&
        next.y - r.y < r.size * 2.6 &&
        next.y - r.y < pitch * 0.9 &&
        Math.abs(below.y - next.y - (next.y - r.y)) < r.size * 0.3 &&
        r.cells.every((c, i) => c.text === '' || (next.cells[i]!.text !== '' && below.cells[i]!.text !== ''))
      ) {
        r.cells.forEach((c, i) => {
          if (c.text !== '') next.cells[i]!.text = joinBroken(c.text, next.cells[i]!.text);
        });
        owed.set(below, next);
        continue;
      }
      if (head) {
        rows.push(r);
        continue;
      }
      if (fits(next, true) && !(prev && hasFigure(prev.cells) && fits(prev, false) && prev.y + r.size * 1.3 > r.y && next!.y - r.y > r.size * 1.3)) {
        r.cells.forEach((c, i) => {
          if (c.text !== '') next!.cells[i]!.text = c.text;
        });
        all[all.indexOf(next!)] = { ...next!, cells: next!.cells };
        continue;
      }
      if (fits(prev, false)) {
        r.cells.forEach((c, i) => {
          if (c.text !== '') prev!.cells[i]!.text = joinBroken(prev!.cells[i]!.text, c.text);
        });
        continue;
      }
      rows.push(r);
    }
    for (const r of rows) out.push({ cells: r.cells, location: { page, line: out.length + 1 } });
    carry.lastRow = runsOff ? out[out.length - 1] : undefined;
    i = j + 1;
  }
  return out;
}
