import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract.js';
import { TABLE_KINDS, type Document } from '../src/schema/index.js';

// Seeds 000–002 typeset by LibreOffice Writer (fixtures/pdf/seeds/make.mjs: ruled grid, names
// wrapping in narrow cells, tables running over pages with and without their header printed again,
// 002 on landscape pages, 001 under a running header and footer). The PDF must give what the text
// gives: the same tables, row keys, names, column keys and figures.
const SEEDS = {
  '000': '000_44aabd3afaab2ce1.txt',
  '001': '001_3243ea677d3b48ef.txt',
  '002': '002_cb1a81c422be5525.txt',
} as const;

// every standard table the text gives, the PDF gives alike (a kind the text lacks, 002's 国有资本
// table, the PDF must lack too)
const KINDS = TABLE_KINDS.filter((k) => k !== 'project_expenditure');

const read = (path: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));

/** A table as the comparison sees it: rows by key (side, 行次, code, stage, group, name) with figures. */
function view(doc: Document, kind: string) {
  const table = doc.tables.find((t) => t.kind === kind);
  if (!table) return null;
  return {
    empty: table.empty,
    columns: table.columns?.map((c) => c.key) ?? [],
    rows: table.rows.map((r) => {
      const row = r as Record<string, unknown> & { values: Record<string, number | null> };
      const values = Object.fromEntries(Object.entries(row.values).sort(([a], [b]) => a.localeCompare(b)));
      return { side: row.side, line: row.line, code: row.code, stage: row.stage, group: row.group, name: row.name, values };
    }),
  };
}

describe.each(Object.keys(SEEDS) as (keyof typeof SEEDS)[])('seed %s typeset as a PDF', (id) => {
  let text: Document;
  let pdf: Document;
  beforeAll(async () => {
    text = await extractBytes(read(SEEDS[id]), { path: SEEDS[id] });
    pdf = await extractBytes(read(`pdf/seeds/${id}.pdf`), { path: `${id}.pdf` });
  });

  it('is read as the same document, every table the text has found under its kind', () => {
    expect(pdf.document).toEqual(text.document);
    expect(pdf.tables.map((t) => t.kind).sort()).toEqual(expect.arrayContaining(text.tables.map((t) => t.kind).sort()));
    for (const t of pdf.tables) expect(t.location.page, t.kind).toBeGreaterThan(1);
  });

  it('fails the same checks as the text, with the same figures', () => {
    const failed = (doc: Document) =>
      doc.checks
        .filter((c) => c.status === 'fail')
        .map((c) => ({ rule: c.rule, table: c.table, formula: c.formula, expected: c.expected, actual: c.actual }));
    expect(failed(pdf)).toEqual(failed(text));
    expect(failed(pdf).length).toBeGreaterThan(0);
  });

  it.each(KINDS)('%s: the same rows, names, columns and figures', (kind) => {
    expect(view(pdf, kind)).toEqual(view(text, kind));
  });
});

describe('a row Writer broke over a page break', () => {
  it('ends the row on the last page: 001 公开04表 line 56 is read whole, not as a heading of page 6', async () => {
    const pdf = await extractBytes(read('pdf/seeds/001.pdf'), { path: '001.pdf' });
    const fiscal = pdf.tables.find((t) => t.kind === 'fiscal_summary')!;
    const rows = fiscal.rows as { side?: string; line?: number | null; name: string | null }[];
    expect(rows.find((r) => r.side === 'expenditure' && r.line === 56)?.name).toBe('二十四、债务还本支出');
    expect(rows.filter((r) => r.name === '出')).toEqual([]);
  });
});
