import ExcelJS from 'exceljs';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main.js';
import { describe, expect, it } from 'vitest';
import { extractBytes, extractText } from '../src/extract.js';
import type { IrDocument } from '../src/ir/types.js';
import { countFigures } from '../src/report/common.js';
import { CSV_CHECKS_HEADER, CSV_HEADER, csvCheckLines, csvLines, stableRowKeys } from '../src/report/csv.js';
import { reportHtml } from '../src/report/html.js';
import { formatReport } from '../src/report/text.js';
import { locate, unreadFigures } from '../src/locate.js';
import { workbook } from '../src/report/xlsx.js';
import type { Document } from '../src/schema/index.js';
import { buildPdf, stream } from './helpers/pdf-build.js';
import { readFixture, root, SEED_000, SEED_002 } from './helpers/seeds.js';

const SEEDS = ['000_44aabd3afaab2ce1', '001_3243ea677d3b48ef', '002_cb1a81c422be5525', '003_e7a38e6b87d50f48', '004_37727312486c824c'];

function textWithIr(name: string, unit: 'yuan' | 'wan' = 'yuan'): { doc: Document; ir: IrDocument } {
  let ir: IrDocument | null = null;
  const doc = extractText(readFixture(`fixtures/${name}.txt`), { path: name, unit, onIr: (x) => (ir = x) });
  return { doc, ir: ir! };
}

async function pdfWithIr(path: string): Promise<{ doc: Document; ir: IrDocument }> {
  let ir: IrDocument | null = null;
  const doc = await extractBytes(readFileSync(`${root}${path}`), { path, onIr: (x) => (ir = x) });
  return { doc, ir: ir! };
}

/** A line of CSV split into fields (quoted fields with commas and doubled quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') value += line[i++];
        else if (line[i] === '"') break;
        else value += line[i];
      }
      i++;
    } else {
      const end = line.indexOf(',', i);
      value = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    }
    out.push(value);
    if (line[i] !== ',') return out;
    i++;
  }
}

describe('where each figure was printed (report/locate)', () => {
  it('finds seed 000 表1 一、一般公共预算财政拨款收入 1,409.82 on its own line, and every figure of the seed', () => {
    const { doc, ir } = textWithIr(SEEDS[0]!);
    const located = locate(doc, ir);
    const t = doc.tables.findIndex((x) => x.kind === 'income_expenditure_summary');
    const row = doc.tables[t]!.rows[0]!;
    expect(row.values['amount']).toBe(14098200);
    const mark = located.figures.find((f) => f.table === t && f.row === 0)!;
    expect(mark.line).toBe(row.location.line);
    const cell = ir.pages[0]!.lines.find((l) => l.location.line === mark.line)!.cells[mark.cell]!;
    expect(cell.text).toBe('1,409.82');
    const figures = countFigures(doc);
    expect(located.figures).toHaveLength(figures);
    expect(located.notFound).toEqual([]);
  });

  it('says a figure that is not what its line prints, and leaves the printed amount unplaced', () => {
    const { doc, ir } = textWithIr(SEEDS[0]!);
    const t = doc.tables.findIndex((x) => x.kind === 'income_expenditure_summary');
    doc.tables[t]!.rows[0]!.values['amount'] = 14098300; // a misreading: 1,409.83
    const located = locate(doc, ir);
    expect(located.notFound).toEqual([{ table: t, row: 0, column: 'amount', value: 14098300 }]);
    const line = doc.tables[t]!.rows[0]!.location.line;
    expect(located.unplaced.filter((u) => u.line === line)).toHaveLength(1);
  });

  it('finds every figure of a PDF seed on its page, with the cell’s box on the page', async () => {
    const { doc, ir } = await pdfWithIr('fixtures/pdf/seeds/001.pdf');
    const located = locate(doc, ir);
    expect(located.notFound).toEqual([]);
    const figures = countFigures(doc);
    expect(figures).toBeGreaterThan(150);
    expect(located.figures).toHaveLength(figures);
    for (const f of located.figures.slice(0, 50)) {
      const cell = ir.pages[f.page! - 1]!.lines.find((l) => l.location.line === f.line)!.cells[f.cell]!;
      expect(cell.x0! < cell.x1! && cell.y0! < cell.y1!).toBe(true);
      expect(f.page).toBe(doc.tables[f.table]!.rows[f.row]!.location.page);
    }
  });
});

describe('CSV in long form (issue 20)', () => {
  it.each(SEEDS)('%s: one line a figure, the row key unique in the document, the value in yuan whatever --unit', (name) => {
    const { doc } = textWithIr(name);
    const { doc: wan } = textWithIr(name, 'wan');
    const lines = csvLines(doc).map(fields);
    const at = (k: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(k);
    expect(lines.every((l) => l.length === CSV_HEADER.length)).toBe(true);
    const keys = lines.map((l) => `${l[at('row_key')]}|${l[at('column')]}`);
    expect(new Set(keys).size).toBe(keys.length);
    // the row's own part of the key (past the table id) is never blank nor a bare side
    expect(lines.every((l) => /^[a-z_]+(#\d+)?\/[^/:]/.test(l[at('row_key')]!) && !l[at('row_key')]!.endsWith(':') && l[at('year')] === String(doc.document.year))).toBe(true);
    // the same figures under --unit wan: value_yuan is yuan all the same
    expect(csvLines(wan).map((l) => fields(l)[at('value_yuan')])).toEqual(lines.map((l) => l[at('value_yuan')]));
    // every figure of the JSON, once
    let figures = 0;
    for (const t of doc.tables) for (const r of t.rows) figures += Object.keys(r.values).length;
    expect(lines).toHaveLength(figures);
  });

  it('keys summary rows without 行次 by side and name, and repeats by occurrence', () => {
    const table = {
      kind: 'other',
      rows: [
        { code: null, name: '合计', values: {}, location: {} },
        { code: null, name: null, values: {}, location: {} },
        { code: null, name: null, values: {}, location: {} },
      ],
    } as unknown as Document['tables'][number];
    expect(stableRowKeys(table)).toEqual(['合计', 'row', 'row#2']);
    const summary = { kind: 'income_expenditure_summary', rows: [{ side: 'income', line: null, code: null, name: '本年收入合计', values: {} }, { side: 'income', line: null, code: null, name: '本年收入合计', values: {} }] } as unknown as Document['tables'][number];
    expect(stableRowKeys(summary)).toEqual(['income:本年收入合计', 'income:本年收入合计#2']);
  });

  it('writes the checks a line each, failed first, with the unit of their amounts', () => {
    const doc = extractText(readFixture(SEED_000), { path: 'seed-000.txt' });
    const lines = csvCheckLines(doc).map(fields);
    const at = (k: (typeof CSV_CHECKS_HEADER)[number]) => CSV_CHECKS_HEADER.indexOf(k);
    expect(lines).toHaveLength(doc.checks.length);
    const failed = doc.checks.filter((c) => c.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(lines[0]!.slice(at('status'), at('rule') + 1)).toEqual(['fail', failed[0]!.rule]);
    expect([lines[0]![at('expected')], lines[0]![at('actual')], lines[0]![at('amount_unit')], lines[0]![at('line')]]).toEqual([String(failed[0]!.expected), String(failed[0]!.actual), 'yuan', String(failed[0]!.location.line)]);
    expect(lines.slice(1).every((l) => l[at('status')] !== 'fail')).toBe(true);
  });
});

describe('the Excel workbook (issue 20)', () => {
  it('names each sheet as Excel allows: no [ ] : * ? / \\, at most 31 characters, no apostrophe at either end, none twice', async () => {
    const doc = extractText(readFixture(SEED_002), { path: 'seed-002.txt' });
    // (sheet "1 预预…预'尾": the apostrophe 31st, where the name is cut)
    doc.tables[0]!.number = null;
    doc.tables[0]!.title = `${'预'.repeat(28)}'尾`;
    doc.tables[1]!.title = "收支总表[2020]:*?/\\ 表";
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await workbook(doc)).buffer as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.every((n) => n.length <= 31 && !/[[\]:*?/\\]/.test(n) && !/^'|'$/.test(n))).toBe(true);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('holds every table figure by figure in its printed unit, a checks sheet failed first, and a document sheet', async () => {
    const doc = extractText(readFixture(SEED_002), { path: 'seed-002.txt' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await workbook(doc)).buffer as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('document');
    expect(names[names.length - 1]).toBe('checks');
    expect(names).toHaveLength(doc.tables.length + 2);
    let compared = 0;
    doc.tables.forEach((t, ti) => {
      const ws = wb.worksheets[ti + 1]!;
      const keys = (ws.getRow(4).values as unknown[]).slice(6) as string[];
      const header = ws.getRow(3).values as unknown[];
      expect(String(ws.getRow(2).getCell(2).value)).toBe(`单位：${t.declaredUnit ?? '元'}`);
      const rowKeys = stableRowKeys(t);
      t.rows.forEach((r, ri) => {
        const row = ws.getRow(5 + ri);
        expect(row.getCell(1).value).toBe(rowKeys[ri]);
        for (const [k, v] of Object.entries(r.values)) {
          const col = keys.indexOf(k);
          expect(col).toBeGreaterThanOrEqual(0);
          expect(String(header[col + 6])).toContain(t.declaredUnit ?? '元');
          const cell = row.getCell(col + 6).value as number | null;
          if (v === null) expect(cell).toBeNull();
          else {
            const divisor = t.declaredUnit === '万元' ? 10_000 : 1;
            expect(cell).toBeCloseTo(v / divisor, 8);
            compared++;
          }
        }
      });
    });
    expect(compared).toBeGreaterThan(200);
    const checks = wb.getWorksheet('checks')!;
    expect(checks.rowCount).toBe(doc.checks.length + 1);
    const statuses = doc.checks.map((c) => c.status);
    const failed = statuses.filter((s) => s === 'fail').length;
    expect(failed).toBeGreaterThan(0);
    for (let i = 0; i < failed; i++) expect(checks.getRow(2 + i).getCell(1).value).toBe('fail');
    expect(checks.getRow(2 + failed).getCell(1).value).not.toBe('fail');
    expect(wb.getWorksheet('document')!.getRow(7).values).toEqual([undefined, 'department', doc.document.department]);
  });
});

/** Every id of a page, and every link and data-row target: each target an id, and no id twice. */
function links(html: string): { ids: string[]; missing: string[] } {
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
  const have = new Set(ids);
  const targets = [...html.matchAll(/ href="#([^"]*)"/g), ...html.matchAll(/ data-row="([^"]+)"/g)].map((m) => m[1]!);
  return { ids, missing: [...new Set(targets.filter((t) => !have.has(t)))] };
}

describe('the HTML report, as text (issue 20; the browser test opens it)', () => {
  it.each([
    ['a text seed', async () => textWithIr(SEEDS[2]!)],
    ['a PDF seed, its pages drawn', async () => ({ ...(await pdfWithIr('fixtures/pdf/seeds/002.pdf')), drawn: true })],
    ['a PDF seed whose pages could not be drawn', async () => pdfWithIr('fixtures/pdf/seeds/002.pdf')],
    ['a scanned PDF', async () => pdfWithIr('fixtures/pdf/scanned-page.pdf')],
    ['an empty input', async () => ({ doc: extractText('', { path: 'empty.txt' }), ir: null })],
  ])('%s: every link and row reference lands on an id, and no id is used twice', async (_, make) => {
    const { doc, ir, drawn } = (await make()) as { doc: Document; ir: IrDocument | null; drawn?: boolean };
    // (drawn pages stand in for pdf.js's images: their sizes are all the marks need)
    const pages = drawn && ir ? ir.pages.map((p) => ({ number: p.number!, width: 595.3, height: 841.9, image: 'data:image/jpeg;base64,' })) : null;
    const { html } = reportHtml({ doc, ir, pages });
    const { ids, missing } = links(html);
    expect(missing).toEqual([]);
    expect(ids.length).toBe(new Set(ids).size);
    expect(html.match(/href="#/g)?.length ?? 0).toBeGreaterThan(0);
  });


  it('marks every located figure and each failed check’s line, and escapes what the document prints', () => {
    const { doc, ir } = textWithIr(SEEDS[0]!);
    const t = doc.tables.find((x) => x.kind === 'expenditure')!;
    t.rows[1]!.name = '<script>alert(1)</script>';
    const { html, summary } = reportHtml({ doc, ir, pages: null });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html.match(/class="c m fig"/g)).toHaveLength(summary.located);
    expect(summary.located).toBe(summary.figures);
    const failed = doc.checks.flatMap((c, i) => (c.status === 'fail' ? [i] : []));
    expect(failed.length).toBe(1);
    for (const i of failed) {
      expect(html).toContain(`<a href="#c${i}">`);
      expect(html).toMatch(new RegExp(`<span class="ln m chk" id="l-0-${doc.checks[i]!.location.line}"[^>]*><span id="c${i}">`));
    }
    // no network: nothing fetched from elsewhere
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('disclose report (the command)', () => {
  async function cli(argv: string[]) {
    let stderr = '';
    const code = await run(argv, { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s), isTTY: false } });
    return { code, stderr };
  }

  it('writes a page a document and an index of them; an input it cannot read is listed with its reason, the rest written, exit 2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'disclose-report-in-'));
    const out = mkdtempSync(join(tmpdir(), 'disclose-report-out-'));
    copyFileSync(`${root}${SEED_002}`, join(folder, 'b.txt'));
    writeFileSync(join(folder, 'empty.txt'), '');
    const { code, stderr } = await cli(['report', folder, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('empty.txt is empty');
    expect(readdirSync(out).sort()).toEqual(['b.txt.html', 'empty.txt.html', 'index.html']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="b.txt.html">');
    expect(index).toContain('empty-input: ');
    const doc = extractText(readFixture(SEED_002));
    expect(index).toContain(`<td>${doc.document.department}</td><td>2020</td><td>budget</td><td class="n">${doc.tables.length}</td>`);
    expect(readFileSync(join(out, 'b.txt.html'), 'utf8')).toContain(`${doc.checks.filter((c) => c.status === 'fail').length} failed checks of ${doc.checks.length}`);
  });

  it('stops a file that overruns --timeout (its worker ended), says so on its page, and writes the rest', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'disclose-report-slow-'));
    const out = mkdtempSync(join(tmpdir(), 'disclose-report-slow-out-'));
    // a page pdf.js would take minutes over: graphics states nested 40,000 deep
    writeFileSync(
      join(folder, 'nested.pdf'),
      buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', stream(`${'q '.repeat(40_000)}${'Q '.repeat(40_000)}`)]),
    );
    copyFileSync(`${root}${SEED_002}`, join(folder, 'seed.txt'));
    const started = Date.now();
    const { code, stderr } = await cli(['report', folder, '--out', out, '--timeout', '2', '--jobs', '1']);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(code).toBe(2);
    expect(stderr).toContain('nested.pdf took longer than 2 s and was stopped.');
    expect(readFileSync(join(out, 'nested.pdf.html'), 'utf8')).toContain('timeout: ');
    expect(readFileSync(join(out, 'seed.txt.html'), 'utf8')).toContain('class="c m fig"');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/nested\.pdf<\/a>.*took longer than 2 s.*seed\.txt<\/a>/s);
  }, 40_000);

  it('writes a failed input\'s error record instead of a workbook, and refuses an input that would overwrite the index', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'disclose-report-bad-'));
    const out = mkdtempSync(join(tmpdir(), 'disclose-report-bad-out-'));
    writeFileSync(join(folder, 'empty.txt'), '');
    writeFileSync(join(out, 'empty.txt.xlsx'), 'stale');
    expect((await cli(['report', folder, '--format', 'xlsx', '--out', out, '--quiet'])).code).toBe(2);
    expect(readdirSync(out)).toEqual(['empty.txt.error.json']);
    expect(JSON.parse(readFileSync(join(out, 'empty.txt.error.json'), 'utf8'))).toMatchObject({ error: { code: 'empty-input' } });
    writeFileSync(join(folder, 'index'), 'x');
    const clash = await cli(['report', join(folder, 'index'), '--out', out]);
    expect(clash.code).toBe(64);
    expect(clash.stderr).toContain("report would be written over the batch's index.html");
  });

  it('writes the checks as CSV with --what checks, and says --what checks needs --format csv', async () => {
    let stdout = '';
    const code = await run(['extract', `${root}${SEED_002}`, '--format', 'csv', '--what', 'checks'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined, isTTY: false } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`\ufeff${CSV_CHECKS_HEADER.join(',')}`);
    const doc = extractText(readFixture(SEED_002), { path: `${root}${SEED_002}` });
    expect(lines.slice(1)).toEqual(csvCheckLines(doc));
    expect(lines.slice(1).filter((l) => fields(l)[4] === 'fail')).toHaveLength(2);
    const bad = await cli(['extract', `${root}${SEED_002}`, '--what', 'checks']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--what checks goes with --format csv');
  });

  it('writes a workbook a document with --format xlsx, and refuses an --out that is a file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'disclose-report-xlsx-'));
    expect((await cli(['report', `${root}${SEED_000}`, '--format', 'xlsx', '--out', out, '--quiet'])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '000_44aabd3afaab2ce1.txt.xlsx'));
    expect(wb.getWorksheet('document')!.getRow(1).values).toEqual([undefined, 'path', `${root}${SEED_000}`]);
    const file = join(out, 'a-file');
    writeFileSync(file, '');
    const bad = await cli(['report', `${root}${SEED_000}`, '--out', file]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('is a file; name a directory');
  });
});

describe('figures printed on table rows that no table took: figures-unread (SPEC §6, issue 18)', () => {
  it('says seed 003’s 年度收入情况 row (岳阳市岳阳楼区融媒体中心 260.48 | 260.48), which no table was read from', () => {
    const doc = extractText(readFixture('fixtures/003_e7a38e6b87d50f48.txt'), { path: '003.txt' });
    expect(doc.diagnostics.filter((d) => d.code === 'figures-unread')).toEqual([
      {
        severity: 'warning',
        code: 'figures-unread',
        message: 'Line 85: 2 amounts printed on 1 table row were read into no table; they are not in the output.',
        location: { line: 85 },
        details: { amounts: 2, lines: [85] },
      },
    ]);
    // … and check's report says it beside what adds up
    expect(formatReport(doc, doc.diagnostics).split('\n')[1]).toBe('  3 tables, 2 performance tables; checks: 0 failed, 3 passed, 3 skipped; 2 printed amounts read into no table');
  });

  it('says nothing where every table row was read (the other seeds), nor of a figure set in a sentence', () => {
    for (const name of [SEEDS[0]!, SEEDS[1]!, SEEDS[2]!, SEEDS[4]!]) expect(textWithIr(name).doc.diagnostics.filter((d) => d.code === 'figures-unread')).toEqual([]);
    // a sentence a letter-spaced figure broke into cells, between two lines of prose
    // (a document of these lines alone)
    const doc = { ...textWithIr(SEEDS[0]!).doc, tables: [], performance: [], diagnostics: [] };
    const prose = { cells: [{ text: '大厅日常运维支出155.15万元，用于市信访大厅日常维护，包括设备' }], location: { line: 1 } };
    const broken = { cells: [{ text: '大厅律师服务支出' }, { text: '120' }, { text: '万元（含结转' }, { text: '6.90' }, { text: '万' }], location: { line: 2 } };
    const ir: IrDocument = { format: 'text', pages: [{ number: null, lines: [prose, broken, { ...prose, location: { line: 3 } }] }] };
    expect(unreadFigures(doc, ir)).toEqual([]);
    // nor of a performance target a reading did not take for one
    ir.pages[0]!.lines.push({ cells: [{ text: '成本指标' }, { text: '工程结算金额' }, { text: '≤14.75' }, { text: '万元' }], location: { line: 4 } });
    ir.pages[0]!.lines.push({ cells: [{ text: '' }, { text: '项目资金' }, { text: '1,219.51' }, { text: '100.00' }], location: { line: 5 } });
    expect(unreadFigures(doc, ir).map((d) => d.location)).toEqual([{ line: 5 }]);
    ir.pages[0]!.lines.pop();
    // … and a row of figures there is said
    ir.pages[0]!.lines.splice(1, 1, { cells: [{ text: '水务纸媒宣传项目' }, { text: '43.50' }, { text: '43.50' }, { text: '43.50' }], location: { line: 2 } });
    expect(unreadFigures(doc, ir).map((d) => d.message)).toEqual(['Line 2: 3 amounts printed on 1 table row were read into no table; they are not in the output.']);
  });
});
