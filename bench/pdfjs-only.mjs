// pdf.js alone, loaded as disclose loads it: every page's text content, nothing built from it. The
// floor under disclose's PDF figures in npm run bench.
import { openPdf } from '../dist/read/pdf.js';

export async function pdfjsOnly(bytes) {
  const { task } = await openPdf(bytes);
  const doc = await task.promise;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    await page.getTextContent();
    page.cleanup();
  }
  await task.destroy();
}
