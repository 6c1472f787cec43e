import type { IrDocument, IrLine } from '../ir/types.js';

/** Tab-separated text (the most common converter output): one line a row, a tab between cells. */
export function readTabText(text: string): IrDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines: IrLine[] = source.split(/\r\n|\r|\n/).map((raw, i) => ({
    cells: raw.split('\t').map((t) => ({ text: t.trim() })),
    location: { line: i + 1 },
  }));
  return { format: 'text', pages: [{ number: null, lines }] };
}
