import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { extractBytes } from '../src/extract.js';
import type { IrDocument } from '../src/ir/types.js';
import { countFigures } from '../src/report/common.js';
import { openPdf } from '../src/read/pdf.js';
import type { Document } from '../src/schema/index.js';
import { root } from './helpers/seeds.js';

/**
 * The HTML report opened in a real browser, as a person looks at it: Debian's chromium (installed by
 * .ci/run), driven by playwright-core. Where no chromium is installed the tests are skipped, except
 * on CI, where that is a failure: the report would go untested.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present && process.env['CI']) throw new Error(`no chromium at ${CHROMIUM}: .ci/run installs Debian's chromium for the browser tests`);

const SOURCE = 'fixtures/pdf/seeds/001.pdf';
/** Screenshots kept for a person to look at after a CI run. */
const ARTIFACTS = join(root, '.ci', 'artifacts');

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk: Buffer, _e, done) => (write(chunk.toString()), done()) });
  const code = await run(argv, { stdout: sink(() => undefined) as never, stderr: sink((s) => (stderr += s)) as never, stdin: process.stdin, env: {} });
  return { code, stderr };
}

describe.skipIf(!present)('the HTML report in a browser (issue 20)', () => {
  let browser: Browser;
  let page: Page;
  let doc: Document;
  let ir: IrDocument;
  const errors: string[] = [];
  let file: string;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'disclose-report-'));
    const { code } = await cli(['report', `${root}${SOURCE}`, '--out', out, '--quiet']);
    expect(code).toBe(0);
    file = join(out, '001.pdf.html');
    let got: IrDocument | null = null;
    doc = await extractBytes(readFileSync(`${root}${SOURCE}`), { path: SOURCE, onIr: (x) => (got = x) });
    ir = got!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`fetched ${r.url()}`);
    });
    await page.goto(`file://${file}`);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows each page drawn, the summary, and every figure read over its page', async () => {
    expect(await page.locator('.page img').count()).toBe(doc.source.pages);
    const first = page.locator('#p-1 img');
    await first.scrollIntoViewIfNeeded();
    // (lazy: drawn once scrolled to; an A4 page, 595.3 points wide, at 1.25 px a point: 745 px)
    await expect.poll(() => first.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(745);
    const figures = countFigures(doc);
    expect(await page.locator('.page .m.fig').count()).toBe(figures);
    expect(await page.locator('#failed-count').textContent()).toBe(`${doc.checks.filter((c) => c.status === 'fail').length} failed checks of ${doc.checks.length}`);
    await page.screenshot({ path: join(ARTIFACTS, 'report-top.png') });
  });

  it('puts a failed check’s highlight over the line it names, and its link jumps there', async () => {
    const i = doc.checks.findIndex((c) => c.status === 'fail' && c.location.line !== undefined && c.location.page !== undefined);
    expect(i).toBeGreaterThanOrEqual(0);
    const check = doc.checks[i]!;
    // where the line stands on the page, from the PDF's own geometry
    const line = ir.pages[check.location.page! - 1]!.lines.find((l) => l.location.line === check.location.line)!;
    const cells = line.cells.filter((c) => c.y0 !== undefined);
    const top = Math.min(...cells.map((c) => c.y0!));
    const left = Math.min(...cells.map((c) => c.x0!));
    const { task } = await openPdf(readFileSync(`${root}${SOURCE}`));
    const pdf = await task.promise;
    const view = (await pdf.getPage(check.location.page!)).getViewport({ scale: 1 });
    await task.destroy();

    await page.click(`#checks a[href="#c${i}"]`);
    const mark = page.locator(`#c${i}`);
    await expect.poll(() => mark.evaluate((e) => e.classList.contains('flash') || e.parentElement!.classList.contains('flash'))).toBe(true);
    const box = (await mark.boundingBox())!;
    const sheet = (await page.locator(`#p-${check.location.page}`).boundingBox())!;
    // on screen after the jump
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(1000);
    // over the printed line: within a hair of where the PDF puts it
    expect(Math.abs((box.y - sheet.y) / sheet.height - top / view.height)).toBeLessThan(0.004);
    expect(Math.abs((box.x - sheet.x) / sheet.width - left / view.width)).toBeLessThan(0.004);
    expect(await mark.getAttribute('title')).toContain(check.formula);
    await page.screenshot({ path: join(ARTIFACTS, 'report-failed-check.png') });
  });

  it('names the table, row and column of a figure on hover, and a click finds its row beside the page', async () => {
    const t = doc.tables.findIndex((x) => x.kind === 'expenditure');
    const fig = page.locator(`.page .m.fig[data-row^="t${t}-r"]`).first();
    await fig.scrollIntoViewIfNeeded();
    const title = (await fig.getAttribute('title'))!;
    expect(title).toContain('[expenditure]');
    expect(title).toMatch(/column (total|basic|project) /);
    await fig.click();
    const row = page.locator(`#${(await fig.getAttribute('data-row'))!}`);
    await expect.poll(() => row.evaluate((e) => e.classList.contains('hit'))).toBe(true);
  });

  it('logs no error and fetches nothing from the network', () => {
    expect(errors).toEqual([]);
  });
});
