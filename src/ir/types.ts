import type { Location } from '../schema/index.js';

/**
 * The intermediate representation every input becomes: pages of lines of cells.
 * Cells are positional: cell i of a line sits in column i of its grid (empty cells are "").
 * Producers (tab-separated text, other text layouts, PDF) fill it; table parsers read only it.
 */
export interface IrCell {
  text: string;
  /** left and right edge on the page, for producers that know them (PDF) */
  x0?: number;
  x1?: number;
  /** top and bottom of its text on the page (y grows downward), for producers that know them (PDF) */
  y0?: number;
  y1?: number;
}

export interface IrLine {
  cells: IrCell[];
  location: Location;
}

export interface IrPage {
  /** 1-based page number, or null for text input that has no pages */
  number: number | null;
  lines: IrLine[];
}

export interface IrDocument {
  format: 'text' | 'pdf';
  pages: IrPage[];
}

export function cellTexts(line: IrLine): string[] {
  return line.cells.map((c) => c.text);
}

export function allLines(doc: IrDocument): IrLine[] {
  // a loop, not flatMap: V8's flatMap is slow, and a text document is one page of a thousand lines
  const out: IrLine[] = [];
  for (const p of doc.pages) for (const l of p.lines) out.push(l);
  return out;
}

const TEXT = Symbol('lineText');

/**
 * A line's non-empty cells joined by a space: the line as a person reads it. Parsers ask for it
 * again and again once the IR is made (which is not changed after): it is made once a line and kept
 * on it under a symbol, one string each time, whose hash a lookup keyed by it computes only once.
 */
export function lineText(line: IrLine): string {
  const l = line as IrLine & { [TEXT]?: string };
  let text = l[TEXT];
  if (text === undefined) {
    text = line.cells
      .map((c) => c.text)
      .filter((t) => t !== '')
      .join(' ')
      .trim();
    l[TEXT] = text;
  }
  return text;
}
