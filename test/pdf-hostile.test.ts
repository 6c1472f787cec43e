import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { extractBytes } from '../src/extract.js';
import { readPdf } from '../src/read/pdf.js';
import { DocumentSchema, type Document } from '../src/schema/index.js';
import { buildPdf, pagesPdf, stream } from './helpers/pdf-build.js';

// PDFs a scraper brings home that no office meant to publish: every one gives a document with a
// clear diagnostic (or an error naming the file), never an exception. (encrypted, truncated and
// scanned PDFs: test/pdf.test.ts)
const read = async (name: string, bytes: Uint8Array): Promise<Document> => DocumentSchema.parse(await extractBytes(bytes, { path: name }));
const codes = (doc: Document) => doc.diagnostics.map((d) => d.code);

/** One page whose content stream is `content`. */
const onePage = (content: string, catalogExtra = '') =>
  buildPdf([
    `<< /Type /Catalog /Pages 2 0 R${catalogExtra} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream(content),
  ]);

describe('hostile PDFs', () => {
  it('zero pages: nothing to read, said so', async () => {
    const doc = await read('zero.pdf', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']));
    expect(doc.source.pages).toBe(0);
    expect(doc.diagnostics).toEqual([{ severity: 'error', code: 'not-a-disclosure', message: 'zero.pdf has no text to read.', location: {} }]);
  });

  it('thousands of pages: the first 1,000 read, the limit said', async () => {
    const doc = await read('long.pdf', pagesPdf(3000, (p) => `Section ${p}: notes`));
    expect(doc.source.pages).toBe(3000);
    expect(doc.diagnostics.find((d) => d.code === 'page-limit')).toMatchObject({ severity: 'warning', location: { page: 1001 }, message: 'Only the first 1000 of 3000 pages were read.' });
  }, 60_000);

  it('text that is no disclosure: said so, not an empty success', async () => {
    const doc = await read('letter.pdf', pagesPdf(1, () => 'Dear reader, 1,234.56 thanks'));
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'not-a-disclosure', message: 'letter.pdf holds no budget, final-accounts or performance tables and names none.' });
  });

  it('image-only (blank) pages: each said to need OCR', async () => {
    const doc = await read('blank.pdf', pagesPdf(3, () => ''));
    expect(codes(doc)).toEqual(['needs-ocr', 'page-needs-ocr', 'page-needs-ocr', 'page-needs-ocr']);
    expect(doc.diagnostics[0]?.message).toBe('blank.pdf has no text layer (scanned pages): it needs OCR before it can be read.');
  });

  it('a page tree that loops: an error naming the file, no exception', async () => {
    const doc = await read(
      'loop.pdf',
      buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']),
    );
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'pdf-corrupt' });
    expect(doc.diagnostics[0]?.message).toMatch(/^loop\.pdf is not a readable PDF \(no page could be read: .*circular/);
  });

  it('a page tree nested 5,000 deep: read down to its page', async () => {
    const n = 5000;
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
    for (let k = 0; k < n; k++) objects.push(`<< /Type /Pages /Kids [${k + 3} 0 R] /Count 1 >>`);
    objects.push(`<< /Type /Page /Parent ${n + 1} 0 R /MediaBox [0 0 595 842] /Contents ${n + 3} 0 R >>`, stream(''));
    const doc = await read('deep-tree.pdf', buildPdf(objects));
    expect(doc.source.pages).toBe(1);
    expect(codes(doc)).toEqual(['needs-ocr', 'page-needs-ocr']);
  });

  it('an object nested 100,000 deep: an error naming the file', async () => {
    const doc = await read('deep-array.pdf', onePage('', ` /X ${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'pdf-corrupt' });
    expect(doc.diagnostics[0]?.message).toMatch(/^deep-array\.pdf is not a readable PDF/);
  });

  it('garbage after the header, or the header alone: an error naming the file', async () => {
    const garbage = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))]));
    for (const [name, bytes] of [['garbage.pdf', garbage], ['header.pdf', new Uint8Array(Buffer.from('%PDF-1.4\n'))]] as const) {
      const doc = await read(name, bytes);
      expect(doc.diagnostics).toEqual([{ severity: 'error', code: 'pdf-corrupt', message: `${name} is not a readable PDF (Invalid PDF structure.).`, location: {} }]);
    }
  });

  it('a page pdf.js would take minutes over (graphics states nested 40,000 deep): the CLI ends it at --timeout', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'disclose-hostile-'));
    writeFileSync(join(folder, 'nested.pdf'), onePage(`${'q '.repeat(40_000)}${'Q '.repeat(40_000)}`));
    let stdout = '';
    let stderr = '';
    const started = Date.now();
    const code = await run(['extract', join(folder, 'nested.pdf'), '--timeout', '2'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'timeout', message: `${join(folder, 'nested.pdf')} took longer than 2 s and was stopped.` } });
    expect(stderr).toContain('nested.pdf took longer than 2 s');
  }, 30_000);

  it('the same page through standard input: converted in a worker, ended at --timeout, its record naming what was read, the next input converted', async () => {
    const bytes = onePage(`${'q '.repeat(40_000)}${'Q '.repeat(40_000)}`);
    const seed = fileURLToPath(new URL('../fixtures/000_44aabd3afaab2ce1.txt', import.meta.url));
    let stdout = '';
    const started = Date.now();
    const code = await run(['extract', '-', seed, '--timeout', '2', '--format', 'ndjson', '--quiet'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true, isTTY: false },
      stdin: Readable.from([Buffer.from(bytes)]),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(2);
    const [first, second] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Document & { error?: { code: string; message: string } });
    expect(first).toMatchObject({
      source: { path: '-', format: 'pdf', sha256: createHash('sha256').update(bytes).digest('hex'), pages: null },
      error: { code: 'timeout', message: '- took longer than 2 s and was stopped.' },
    });
    expect(second!.source.path).toBe(seed);
    expect(second!.tables.length).toBeGreaterThan(5);
  }, 30_000);

  it('standard input that never ends: Ctrl-C stops the wait, what is done is written', async () => {
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    const never = { [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }) };
    setTimeout(() => controller.abort('SIGINT'), 300);
    const code = await run(['extract', '-', '--format', 'ndjson'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      stdin: never,
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toContain('interrupted: 0 of 1 inputs done and written');
  });

  it.skipIf(typeof (Worker.prototype as { getHeapStatistics?: unknown }).getHeapStatistics !== 'function')(
    'a flate bomb: its worker ended past the buffer limit, a too-large record naming the file, the next file converted',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'disclose-bomb-'));
      // 160 MB of spaces in a 160 kB stream, the limit lowered to 64 MB (a real PDF needs up to ~45 MB,
      // pdf.js's own data included): seconds of inflating, so that the watch sees it however busy the
      // machine
      const spaces = deflateSync(Buffer.alloc(160 << 20, 0x20), { level: 9 }).toString('latin1');
      const bomb = buildPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
        `<< /Length ${spaces.length} /Filter /FlateDecode >>\nstream\n${spaces}\nendstream`,
      ]);
      writeFileSync(join(folder, 'a-bomb.pdf'), bomb);
      copyFileSync(fileURLToPath(new URL('../fixtures/pdf/tables-html-writer.pdf', import.meta.url)), join(folder, 'b-good.pdf'));
      let stdout = '';
      const code = await run(['extract', folder, '--jobs', '2', '--format', 'ndjson', '--quiet'], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: () => true, isTTY: false },
        env: { DISCLOSE_WORKER_BUFFERS_MB: '64' },
      });
      expect(code).toBe(2);
      const [first, second] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Document & { error?: { code: string; message: string } });
      expect(first).toMatchObject({
        source: { path: join(folder, 'a-bomb.pdf'), format: 'pdf', sha256: createHash('sha256').update(bomb).digest('hex') },
        error: {
          code: 'too-large',
          message: `${join(folder, 'a-bomb.pdf')} decodes to more than the 64 MB a worker may hold beyond the file (a stream that inflates without end?) and was stopped (DISCLOSE_WORKER_BUFFERS_MB raises it).`,
        },
      });
      expect(second).not.toHaveProperty('error');
      expect(second!.tables.length).toBeGreaterThan(0);
    },
    30_000,
  );

  it('a document that needs more memory than a worker may use: a read-failed record naming the file and the way out', () => {
    const pdf = fileURLToPath(new URL('../fixtures/pdf/seeds/000.pdf', import.meta.url));
    const bin = fileURLToPath(new URL('../bin/disclose.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'extract', pdf], { env: { ...process.env, DISCLOSE_WORKER_HEAP_MB: '8' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'read-failed' } });
    expect(r.stderr).toMatch(/000\.pdf: .*memory limit.*\(a worker may use 8 MB; DISCLOSE_WORKER_HEAP_MB raises it\)/);
  }, 30_000);

  it('running headers go, but a figure printed at the same place on every page stays', async () => {
    const lines = async (bytes: Uint8Array) => (await readPdf(bytes)).ir.pages.map((p) => p.lines.map((l) => l.cells.map((c) => c.text).join(' ')));
    expect(await lines(pagesPdf(3, (p) => `Annual report, page ${p}`))).toEqual([[], [], []]);
    expect(await lines(pagesPdf(3, (p) => `Total ${p},234.56`))).toEqual([['Total 1,234.56'], ['Total 2,234.56'], ['Total 3,234.56']]);
  });
});

// Operator-level garbage (issue 14): a text item's geometry from a Tz, Tm or Td of NaN or beyond any
// page, and a MediaBox 5·10⁷ pt wide. Each gives a document; a figure with a place is kept.
describe('garbage geometry', () => {
  const page = (mediaBox: string, content: string) =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [${mediaBox}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      stream(content),
    ]);
  const rows = (xLast: number, extra = '') =>
    `BT /F1 10 Tf ${[800, 786, 772, 758].map((y, k) => `1 0 0 1 40 ${y} Tm (Row${k}) Tj 1 0 0 1 200 ${y} Tm (1,234.56) Tj ${k === 3 ? extra : ''}1 0 0 1 ${xLast} ${y} Tm (2,345.67) Tj`).join(' ')} ET`;
  const texts = async (bytes: Uint8Array) => (await readPdf(bytes)).ir.pages.flatMap((p) => p.lines.map((l) => l.cells.map((c) => c.text).join(' ')));

  it('a Tz of garbage: the figure after it has no place, and is said to be left out, not cut to its first digit', async () => {
    const bytes = page('0 0 595 842', rows(300, '(x) Tz '));
    expect(await texts(bytes)).toEqual(['Row0 1,234.56 2,345.67', 'Row1 1,234.56 2,345.67', 'Row2 1,234.56 2,345.67', 'Row3 1,234.56 ']); // its third cell empty
    const doc = await readPdf(bytes);
    expect(doc.diagnostics).toEqual([
      { severity: 'warning', code: 'page-geometry', message: "Page 1: 8 text items with no valid position (garbage in the page's drawing operators) were left out.", location: { page: 1 } },
    ]);
    expect(codes(await read('nan-width.pdf', bytes))).not.toContain('internal-error');
  });

  it('a Tz of 10³⁰⁰: the same, nothing thrown', async () => {
    const bytes = page('0 0 595 842', rows(300, `${'9'.repeat(300)} Tz `));
    expect((await texts(bytes)).slice(0, 3)).toEqual(['Row0 1,234.56 2,345.67', 'Row1 1,234.56 2,345.67', 'Row2 1,234.56 2,345.67']);
    expect(codes(await read('huge-tz.pdf', bytes))).not.toContain('internal-error');
  });

  it('a Tm at NaN: the item has no place and is said to be left out, the rest read', async () => {
    const doc = await readPdf(page('0 0 595 842', `${rows(300)} BT /F1 10 Tf 1 0 0 1 (x) 700 Tm (9,999.99) Tj ET`));
    expect(doc.ir.pages[0]!.lines.map((l) => l.cells.map((c) => c.text).join(' '))).toEqual(['Row0 1,234.56 2,345.67', 'Row1 1,234.56 2,345.67', 'Row2 1,234.56 2,345.67', 'Row3 1,234.56 2,345.67']);
  });

  it('a MediaBox 5·10⁷ pt wide, a column at its far edge: read, every figure kept, in bounded memory', async () => {
    const before = process.memoryUsage().rss;
    expect(await texts(page('0 0 50000000 842', rows(49_999_900)))).toEqual(['Row0 1,234.56 2,345.67', 'Row1 1,234.56 2,345.67', 'Row2 1,234.56 2,345.67', 'Row3 1,234.56 2,345.67']);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1048576);
  });
});
