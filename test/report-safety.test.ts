import { describe, expect, it } from 'vitest';
import { extractText } from '../src/extract.js';
import { csvLines } from '../src/report/csv.js';
import { formatReport, printable } from '../src/report/text.js';
import { readFixture, SEED_002 } from './helpers/seeds.js';

// Text a document prints reaches a spreadsheet and a terminal: neither may run it (issue 14 #7).
describe('hostile text in the reports', () => {
  it('a CSV cell that would be a formula shows as printed, with a leading quote; numbers and a lone "-" stay as they are', () => {
    const doc = extractText(readFixture(SEED_002), { path: '-' });
    const t = doc.tables.find((x) => x.kind === 'expenditure')!;
    const row = t.rows.find((r) => r.name !== null)! as { name: string | null };
    row.name = '=HYPERLINK("http://evil.example/","合计")';
    const lines = csvLines(doc);
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example/"",""合计"")"`))).toBe(true);
    expect(lines.some((l) => /,=|,"=/.test(l))).toBe(false);
    expect(lines.every((l) => l.startsWith('-,'))).toBe(true); // standard input's path is no formula
    for (const start of ['+1', '-1+2', '@SUM(A1)', '\tx']) {
      row.name = start;
      expect(csvLines(doc).some((l) => l.includes(`'${start}`))).toBe(true);
    }
  });

  it('the terminal report drops the control characters a document prints (ESC, BEL), keeping its text', () => {
    expect(printable('财政\u001b]0;pwned\u0007局\u001b[2J\ttab')).toBe('财政]0;pwned局[2J tab');
    const doc = extractText(readFixture(SEED_002), { path: 'evil\u001b[2J.txt' });
    doc.document.department = '江汉区\u0007融媒体中心';
    const out = formatReport(doc, doc.diagnostics, { color: 0 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('江汉区融媒体中心');
    expect(out).toContain('evil[2J.txt');
  });
});
