import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract.js';
import { normalizeGlyphs } from '../src/read/pdf.js';
import { DocumentSchema, type Document } from '../src/schema/index.js';
import { SEED_000, extractValid, readFixture } from './helpers/seeds.js';

const pdf = async (name: string): Promise<Document> => {
  const doc = await extractBytes(new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url))), { path: name });
  return DocumentSchema.parse(doc);
};

/** A table as data: what must agree between the PDF and the text of the same document. */
function figures(doc: Document, kinds: string[]) {
  return doc.tables
    .filter((t) => kinds.includes(t.kind))
    .map((t) => ({
      kind: t.kind,
      number: t.number,
      declaredUnit: t.declaredUnit,
      empty: t.empty,
      columns: t.columns.map((c) => [c.key, c.number]),
      rows: t.rows.map(({ location: _location, ...r }) => ({ ...r, name: r.name?.normalize('NFKC') ?? null })),
    }));
}

describe('PDF', () => {
  const text = extractValid(readFixture(SEED_000), SEED_000);
  const kinds = ['income_expenditure_summary', 'income'];

  it.each(['tables-xlsx-calc.pdf', 'tables-html-writer.pdf', 'tables-docx-tagged.pdf', 'nonembedded-stsong-unigb-ucs2.pdf', 'nonembedded-simsun-gbk-euc.pdf'])(
    '%s gives the figures, row keys and column keys of the text',
    async (name) => {
      const doc = await pdf(name);
      const expected = figures(text, kinds).filter((t) => doc.tables.some((d) => d.kind === t.kind));
      expect(expected.length).toBeGreaterThan(0);
      expect(figures(doc, kinds)).toEqual(expected);
      expect(doc.source).toMatchObject({ format: 'pdf', pages: expect.any(Number) });
      for (const t of doc.tables) expect(t.location.page).toBeGreaterThanOrEqual(1);
      expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
    },
  );

  it('splits cells pdfjs joined, joins names wrapped around their figures', async () => {
    const doc = await pdf('tables-html-writer.pdf');
    const income = doc.tables.find((t) => t.kind === 'income')!;
    expect(income.rows.find((r) => 'code' in r && r.code === '2080505')).toMatchObject({ name: '机关事业单位基本养老保险缴费支出', values: { total: 151_000 } });
    const summary = doc.tables.find((t) => t.kind === 'income_expenditure_summary')!;
    expect(summary.rows.find((r) => 'line' in r && r.line === 32)).toMatchObject({ name: '一、一般公共服务支出', values: { amount: 13_622_500 } });
  });

  it('maps the glyph code points pdf.js returns to the text a copy holds, keeping full-width punctuation', () => {
    // ⼀ (U+2F00 KANGXI RADICAL ONE), ３ (full-width digit), 　 (ideographic space)
    expect(normalizeGlyphs('⼀般公共服务（境）：１２３．　费')).toBe('一般公共服务（境）：123． 费');
  });

  it('refuses an encrypted PDF, naming it', async () => {
    const doc = await pdf('encrypted.pdf');
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'pdf-encrypted' });
    expect(doc.diagnostics[0]?.message).toContain('encrypted.pdf');
  });

  it('refuses a truncated PDF, naming it', async () => {
    expect((await pdf('truncated.pdf')).diagnostics[0]).toMatchObject({ severity: 'error', code: 'pdf-corrupt' });
  });

  it('says a page without a text layer needs OCR', async () => {
    const doc = await pdf('scanned-page.pdf');
    expect(doc.diagnostics.map((d) => [d.code, d.location])).toEqual([
      ['needs-ocr', {}],
      ['page-needs-ocr', { page: 1 }],
    ]);
  });
});
