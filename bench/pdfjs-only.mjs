// pdf.js alone, as disclose loads it: every page's text content, nothing built from it. The floor
// under disclose's PDF figures in npm run bench.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export async function pdfjsOnly(bytes) {
  const task = lib.getDocument({
    data: bytes.slice(),
    cMapUrl: join(root, 'cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: join(root, 'standard_fonts/'),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  });
  const doc = await task.promise;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    await page.getTextContent();
    page.cleanup();
  }
  await task.destroy();
}
