import { lineText, type IrLine } from '../ir/types.js';
import type { Diagnostic, Location, TableKind } from '../schema/index.js';
import { normLabel } from './cells.js';
import type { Block } from './context.js';
import { stackedLabels } from './grid.js';
import { PERFORMANCE_TITLE, parserList, type Parser } from './index.js';
import { isNumberText, type DeclaredUnit } from './number.js';

/** A performance table (SPEC §4) as found: parsed by the performance parser. */
export interface PerformanceBlock {
  title: string | null;
  location: Location;
  pre: IrLine[];
  grid: IrLine[];
  notes: IrLine[];
  /** every line from the title to the next title or part heading, for tables without cell structure */
  body: IrLine[];
  /**
   * for a table without a title: the nearest heading above it that names what is evaluated
   * (…宣传经费项目自评结果, …部门整体绩效自评结果), its scope and project
   */
  heading: string | null;
}

/** A heading naming a performance evaluation's subject: short, no sentence, 项目 or 部门整体 and 自评/评价. */
const EVALUATION_HEADING = /(项目|部门整体|整体支出).{0,12}(自评|评价)(结果|报告|情况|表)?$/;

export interface Segments {
  tables: Block[];
  performance: PerformanceBlock[];
  diagnostics: Diagnostic[];
  /** standard tables named (in a table of contents, or by a title) that no grid followed */
  listed: { kind: TableKind; text: string; location: Location }[];
}

const nonEmpty = (l: IrLine) => l.cells.filter((c) => c.text !== '');
const isBlank = (l: IrLine) => nonEmpty(l).length === 0;
const isGrid = (l: IrLine) => l.cells.length >= 2 && !isBlank(l);
const textOf = lineText;

type TitleKind = TableKind | 'other' | 'performance';

/** A line that could be a table's title: one short text cell naming a table kind. */
function titleKind(line: IrLine): TitleKind | null {
  const cells = nonEmpty(line);
  // a title set over a table's columns (PDF) arrives in two or three cells, none of them a figure
  // every title names a 表 (the kinds' titles and PERFORMANCE_TITLE's all do)
  if (cells.length === 0 || cells.length > 3 || !cells.some((c) => c.text.includes('表'))) return null;
  if (cells.length > 1 && cells.some((c) => isNumberText(c.text) && /[.,]/.test(c.text))) return null;
  const text = normLabel(cells.map((c) => c.text).join(''));
  if (text.length < 4 || text.length > 80 || /[。；;]$/.test(text) || /情况说明|说明$|情况$|报告$/.test(text) || /.[:：]./.test(text)) return null;
  for (const p of parserList) if (p.titles.some((re) => re.test(text))) return p.kind;
  if (
    PERFORMANCE_TITLE.test(text) &&
    /表/.test(text) &&
    !/工作开展|开展情况|结果应用|工作情况|管理工作|分析$/.test(text) &&
    !/^[(（][一二三四五六七八九十\d]+[)）]/.test(text)
  )
    return 'performance';
  // any other table's title (政府采购预算表, 机关运行经费安排情况表, 表4 基本支出总表): a grid under it is
  // output as kind "other"; a line of a contents list (（四）…表, 一、…表) has none under it
  if (/表([(（](续|[一二三四五六七八九十\d]+)[)）])?$/.test(text) && !/^[(（]?[一二三四五六七八九十\d]+[)）、.．]/.test(text) && !/^(附|公开|预算)?\d*表\d*$/.test(text)) return 'other';
  return null;
}

export function isTitleText(text: string): boolean {
  return titleKind({ cells: [{ text }], location: {} }) !== null;
}

/** A line that stands on its own in any layout: a table title, or a note printed under a table. */
export function standsAlone(text: string): boolean {
  return isTitleText(text) || /^(注|备注)\s*[:：]|^\d+\s*(表)?(行|栏)(各行)?\s*=/.test(normLabel(text));
}

/** The printed table number: 表1 from "（表 1）" or "表 1.", 公开01表 from "公开 01 表". */
export function tableNumber(text: string): string | null {
  const t = normLabel(text);
  const m = /[(（]表(\d+)[)）]/.exec(t) ?? /^表(\d+)(?:[.．、:：]|$)/.exec(t) ?? /^-?表(\d+)/.exec(t);
  if (m) return `表${m[1]}`;
  const g = /公开(\d+)表/.exec(t);
  if (g) return `公开${g[1]}表`;
  return null;
}

export function declaredUnit(texts: string[]): DeclaredUnit | null {
  for (const raw of texts) {
    const t = normLabel(raw);
    const m = /单位[:：]?(万元|元)/.exec(t) ?? /[(（](万元|元)[)）]/.exec(t);
    if (m) return m[1] as DeclaredUnit;
  }
  return null;
}

const PRE_LINE = /^(部门|单位|编制单位|编制部门|预算主管部门|预算单位|单位名称|金额单位|公开\d*|表\d|\d{4}年|填报|主管部门)/;
const NOTE_LINE = /^(注|备注|说明)[:：\s]|^注\d|(?<!\d)\d+(表)?(行|栏)(各行)?=|本表|无数据|尾数误差|^本部门|^本单位|^\d+[.、．]\s*本/;

function headerText(grid: IrLine[], stacked = false): string {
  const head: string[] = [];
  const lines: IrLine[] = [];
  for (const l of grid.slice(0, 16)) {
    if (l.cells.some((c) => isNumberText(c.text) && /[.,]/.test(c.text))) break;
    head.push(...l.cells.map((c) => normLabel(c.text)));
    lines.push(l);
  }
  if (!stacked) return head.join('|');
  // a header cell wrapped over lines (因公出 / 国 / （境） / 费) reads whole down its column
  const columns = stackedLabels(lines.map((l) => ({ cells: l.cells.map((c) => c.text) })));
  return [...head, ...columns.filter((c) => c !== '')].join('|');
}

/** A line printing an amount: a figure with decimals or separators (not a phone number or a year). */
const hasFigure = (l: IrLine) => l.cells.some((c) => isNumberText(c.text) && /[.,]/.test(c.text));

/** A grid cut where a header row (three cells or more, no figure) follows rows of figures. */
function subGrids(grid: IrLine[]): IrLine[][] {
  const parts: IrLine[][] = [[]];
  let figures = false;
  for (const l of grid) {
    if (figures && !hasFigure(l) && nonEmpty(l).length >= 3) {
      parts.push([]);
      figures = false;
    }
    if (hasFigure(l)) figures = true;
    parts[parts.length - 1]!.push(l);
  }
  return parts;
}

/**
 * A grid that prints figures as a table does (two rows or more with a figure of decimals or
 * separators), not prose broken around its figures (a row of it has its commas and full stops).
 */
function isFigureGrid(grid: IrLine[]): boolean {
  const rows = grid.filter(hasFigure);
  // (a row of prose broken into cells around its figures is no grid; a row of figures with a cell of
  // prose beside them — 广州's 绩效目标 — is)
  const figures = (l: IrLine) => l.cells.filter((c) => /^[-−]?[\d,]+\.\d+$/.test(c.text.replace(/\s/g, ''))).length;
  return rows.length >= 2 && rows.every((l) => !l.cells.some((c) => /[，。；]/.test(c.text)) || figures(l) >= 2);
}

/** Recognise a table whose title was lost from its header words, then from the notes under it. */
function recogniseByHeader(grid: IrLine[], notes: IrLine[], found: Set<TableKind>): TitleKind | null {
  const head = headerText(grid, true);
  // the indicator words in the first rows' cells (a header the title-less table's header text missed)
  const inTop = (re: RegExp) => grid.slice(0, 12).some((l) => l.cells.some((c) => re.test(normLabel(c.text))));
  if (!/一级指标/.test(head) && inTop(/一级指标/) && inTop(/二级指标|三级指标/)) return 'performance';
  if ((/一级指标/.test(head) && /二级指标|三级指标/.test(head)) || (/评价内容/.test(head) && /绩效目标/.test(head) && /完成情况/.test(head)))
    return 'performance';
  const fits = (p: Parser) =>
    p.headers.all.every((w) => head.includes(w)) &&
    (!p.headers.any || p.headers.any.some((w) => head.includes(w))) &&
    !(p.headers.none ?? []).some((w) => head.includes(w));
  const candidates = parserList.filter(fits).map((p) => p.kind);
  if (candidates.length <= 1) return candidates[0] ?? null;
  const noteText = notes.map(textOf).join('');
  const named = candidates.find(
    (k) =>
      (k === 'state_capital' && /国有资本/.test(noteText)) ||
      (k === 'government_fund' && /政府性基金/.test(noteText)) ||
      (k === 'general_budget_expenditure' && /一般公共预算/.test(noteText) && !/国有资本|政府性基金/.test(noteText)),
  );
  return named ?? candidates.find((k) => !found.has(k)) ?? candidates[0] ?? null;
}

/**
 * Cut the document into tables: a title (or, when it was lost, a grid recognised by its header),
 * the lines before the grid (部门, 单位, number), the grid, and the notes printed under it.
 * A title that no grid follows is a table of contents entry and is passed over.
 */
export function segment(lines: IrLine[], options: { flat?: boolean } = {}): Segments {
  const tables: Block[] = [];
  const performance: PerformanceBlock[] = [];
  const diagnostics: Diagnostic[] = [];
  const listed: Segments['listed'] = [];
  const found = new Set<TableKind>();
  let i = 0;
  // the segmenter asks of a line many times: each line's answer is kept by its index (not on the
  // line, whose shape every parser's property reads would then have to tell apart)
  const kinds: (TitleKind | null | undefined)[] = new Array(lines.length);
  // (a text that lost its blanks has no columns: a grid of no standard kind cannot be read from it)
  const titleAt = (l: IrLine): TitleKind | null => {
    const k = titleKind(l);
    return k === 'other' && options.flat ? null : k;
  };
  const kindAt = (k: number): TitleKind | null => (kinds[k] === undefined ? (kinds[k] = titleAt(lines[k]!)) : kinds[k]!);

  const consumeGrid = (from: number): { grid: IrLine[]; end: number } => {
    const grid: IrLine[] = [];
    let j = from;
    while (j < lines.length) {
      const l = lines[j]!;
      if (isBlank(l)) {
        j++;
        continue;
      }
      if (!isGrid(l) || kindAt(j)) break;
      grid.push(l);
      j++;
    }
    return { grid, end: j };
  };
  const consumeNotes = (from: number): { notes: IrLine[]; end: number } => {
    const notes: IrLine[] = [];
    let j = from;
    while (j < lines.length && notes.length < 12) {
      const l = lines[j]!;
      if (isBlank(l)) {
        j++;
        continue;
      }
      if (isGrid(l) || kindAt(j) || !NOTE_LINE.test(normLabel(textOf(l)))) break;
      notes.push(l);
      j++;
    }
    return { notes, end: j };
  };
  // where a performance table's body ends: at the next title or part heading (第二部分), found for
  // every line in one backward pass the first time a body is asked for
  let stops: number[] | null = null;
  const bodyEnd = (from: number): number => {
    if (stops === null) {
      stops = new Array<number>(lines.length + 1);
      stops[lines.length] = lines.length;
      for (let k = lines.length - 1; k >= 0; k--) {
        const l = lines[k]!;
        // (部 is in the raw text if in the normalised: no character NFKC maps to 部)
        stops[k] = kindAt(k) || (textOf(l).includes('部') && /^第[一二三四五六七八九十]+部分/.test(normLabel(textOf(l)))) ? k : stops[k + 1]!;
      }
    }
    return stops[from]!;
  };
  const add = (kind: TitleKind, title: IrLine | null, pre: IrLine[], grid: IrLine[], notes: IrLine[]) => {
    const location = (title ?? grid[0])!.location;
    const titleText = title ? textOf(title).trim() : null;
    if (kind === 'performance') {
      const from = lines.indexOf((title ?? grid[0])!);
      let heading: string | null = null;
      for (let k = from - 1; !title && k >= 0 && heading === null; k--) {
        const t = normLabel(textOf(lines[k]!));
        if (t.length <= 60 && !/[，。；,;]/.test(t) && EVALUATION_HEADING.test(t)) heading = textOf(lines[k]!).trim();
      }
      performance.push({ title: titleText, location, pre, grid, notes, body: lines.slice(from + 1, bodyEnd(from + 1)), heading });
      return;
    }
    // the number on the title's line or a line below it, or alone on the line above it (表3 / 支出总表)
    const at = title ? lines.indexOf(title) : -1;
    const above = at > 0 && /^(表\d+|公开\d+表|预算\d+表)$/.test(normLabel(textOf(lines[at - 1]!))) ? [textOf(lines[at - 1]!)] : [];
    const number = [titleText ?? '', ...pre.map(textOf), ...above].map(tableNumber).find((n) => n !== null) ?? null;
    if (kind === 'other') {
      // a grid of no standard kind may hold several tables one under another, each with its header
      // (机构名称 | 支出合计 …, then 机构名称 | 三公经费合计 …): each is a table of its own
      subGrids(grid).forEach((part, k) =>
        // (a part with no figure is a heading over the next: 部门负责人 … above 收入构成 …)
        part.some(hasFigure) &&
        tables.push({ kind, recognisedBy: title ? 'title' : 'header', title: k === 0 ? titleText : null, number: k === 0 ? number : null, location: k === 0 ? location : part[0]!.location, pre: k === 0 ? pre : [], grid: part, notes: k === 0 ? notes : [] }),
      );
      return;
    }
    tables.push({ kind, recognisedBy: title ? 'title' : 'header', title: titleText, number, location, pre, grid, notes });
    found.add(kind);
  };

  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const kind = kindAt(i);
    if (kind) {
      // Look ahead for the grid: past 部门/单位/number lines, never past another title or prose.
      let j = i + 1;
      const pre: IrLine[] = [];
      let gridAt = -1;
      while (j < lines.length && pre.length < 8) {
        const l = lines[j]!;
        if (isBlank(l)) {
          j++;
          continue;
        }
        if (kindAt(j)) break;
        // 编制部门：… | 单位：元 set over the table's columns is still the line before it
        const preGrid = isGrid(l) && nonEmpty(l).every((c) => PRE_LINE.test(normLabel(c.text)) || /单位[:：]/.test(c.text));
        if (isGrid(l) && !preGrid) {
          gridAt = j;
          break;
        }
        const t = normLabel(textOf(l));
        // a performance table may open with lines of project facts; a standard table only with 部门/单位
        if (!PRE_LINE.test(t) && t.length > 30 && kind !== 'performance') break;
        pre.push(l);
        j++;
      }
      if (gridAt < 0) {
        if (kind !== 'performance' && kind !== 'other') listed.push({ kind, text: textOf(line).trim(), location: line.location });
        i++;
        continue;
      }
      const { grid, end } = consumeGrid(gridAt);
      const { notes, end: after } = consumeNotes(end);
      add(kind, line, pre, grid, notes);
      i = after;
      continue;
    }
    if (isGrid(line)) {
      const { grid, end } = consumeGrid(i);
      const { notes, end: after } = consumeNotes(end);
      const k = recogniseByHeader(grid, notes, found);
      // a performance table broken by stray text lines ("分)") goes on after them
      const open = performance[performance.length - 1];
      const continues =
        !options.flat &&
        k === null &&
        open !== undefined &&
        open.body.includes(line) &&
        grid.some((l) => l.cells.some((c) => /^[≥≤><=]?\s*\d+(\.\d+)?\s*(%|条|次|期|个|篇|人|万)/.test(normLabel(c.text))));
      if (continues) open.grid.push(...grid);
      else if (k) add(k, null, [], grid, notes);
      else if (!options.flat && isFigureGrid(grid)) add('other', null, [], grid, notes);
      else if (grid.length >= 3)
        diagnostics.push({
          severity: 'info',
          code: 'unrecognised-table',
          message: `A grid of ${grid.length} rows is not one of the standard tables; it was left out.`,
          location: line.location,
          details: { header: headerText(grid).replace(/\|+/g, ' ').trim().slice(0, 120) },
        });
      i = Math.max(after, i + 1);
      continue;
    }
    i++;
  }
  return { tables, performance, diagnostics, listed };
}
