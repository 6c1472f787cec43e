// A minimal PDF writer for hostile-input tests: numbered objects, a cross-reference table and a
// trailer, nothing else. The files it makes are what the tests need and no more (no fonts embedded:
// text uses the standard Helvetica).

/** Objects 1…n, in order; object 1 is the catalog. Bodies are written as given. */
export function buildPdf(objects: string[]): Uint8Array {
  const parts: string[] = ['%PDF-1.4\n'];
  const offsets: number[] = [];
  let length = Buffer.byteLength(parts[0]!, 'latin1');
  objects.forEach((body, i) => {
    offsets.push(length);
    const text = `${i + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(text);
    length += Buffer.byteLength(text, 'latin1');
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(xref, `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return new Uint8Array(Buffer.from(parts.join(''), 'latin1'));
}

/** A stream object body. */
export const stream = (content: string): string => `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;

/** A document of `count` pages, each printing `text(page)` in Helvetica (empty text: a blank page). */
export function pagesPdf(count: number, text: (page: number) => string): Uint8Array {
  // 1 catalog, 2 pages, 3 font, then a page and its content for each page
  const kids = Array.from({ length: count }, (_, k) => `${4 + 2 * k} 0 R`).join(' ');
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  for (let k = 0; k < count; k++) {
    const t = text(k + 1);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * k} 0 R >>`,
      stream(t === '' ? '' : `BT /F1 12 Tf 72 770 Td (${t}) Tj ET`),
    );
  }
  return buildPdf(objects);
}
