import { openPdf } from '../read/pdf.js';

/** A PDF page drawn for the report: its size in PDF points (the IR's coordinates) and a JPEG data URL. */
export interface PageImage {
  number: number;
  width: number;
  height: number;
  /** data:image/jpeg;base64,… — or null where pdf.js could not draw the page */
  image: string | null;
  error?: string;
}

export interface RenderOptions {
  /** pixels per PDF point (default 1.25: an A4 page 745 × 1053 px, legible without zoom) */
  scale?: number;
  /** JPEG quality 0–100 (default 55: ~80 KB a page) */
  quality?: number;
  /** pages drawn at most (default 1000, as many as are read) */
  maxPages?: number;
}

/**
 * Draws each page of a PDF with pdf.js's own renderer on @napi-rs/canvas (the canvas pdf.js supports
 * in Node), as a JPEG: a page of figures is legible at 1.25 px a point, and 241 pages make a 26 MB report.
 * Loaded only here, so extraction never loads the native addon.
 */
export async function renderPages(bytes: Uint8Array, options: RenderOptions = {}): Promise<PageImage[]> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const scale = options.scale ?? 1.25;
  const quality = options.quality ?? 55;
  const { task } = await openPdf(bytes);
  const out: PageImage[] = [];
  try {
    const doc = await task.promise;
    const limit = Math.min(doc.numPages, options.maxPages ?? 1000);
    for (let p = 1; p <= limit; p++) {
      let width = 595;
      let height = 842;
      try {
        const page = await doc.getPage(p);
        const base = page.getViewport({ scale: 1 });
        width = base.width;
        height = base.height;
        const viewport = page.getViewport({ scale });
        const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
        const context = canvas.getContext('2d');
        // a white page under what is drawn: a PDF's page is white unless it paints otherwise
        context.fillStyle = '#fff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        // (pdf.js's types name the DOM's canvas; @napi-rs/canvas is the one it supports in Node)
        await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
        const jpeg = await canvas.encode('jpeg', quality);
        out.push({ number: p, width, height, image: `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}` });
        page.cleanup();
      } catch (err) {
        out.push({ number: p, width, height, image: null, error: (err as Error).message });
      }
    }
  } finally {
    await task.destroy();
  }
  return out;
}
