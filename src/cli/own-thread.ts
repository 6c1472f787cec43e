import module from 'node:module';

type RegisterHooks = (hooks: {
  resolve?: (specifier: string, context: unknown, next: (specifier: string, context: unknown) => unknown) => unknown;
  load?: (url: string, context: unknown, next: (url: string, context: unknown) => unknown) => unknown;
}) => unknown;

const NO_CANVAS = 'disclose:no-canvas';

/** Stands where rendering would need a DOMMatrix or a Path2D: a thread that extracts text never draws. */
class NotRendered {
  constructor() {
    throw new Error('disclose reads text only: this thread renders nothing (no canvas was loaded)');
  }
}

/**
 * Settings for a process or worker thread the CLI owns (the library leaves its caller's globals
 * alone).
 *
 * - pdf.js, given a DecompressionStream, inflates every content stream through it, an async zlib
 *   stream a time, and waits on each; without one it inflates in place (pdf.js 6 on Node 24: the
 *   corpus read ~35 % faster, npm run bench's "as the CLI reads" against "by the library").
 * - pdf.js's display layer loads the native @napi-rs/canvas at import, for the DOMMatrix and Path2D
 *   that only rendering uses; the addon scans every system font and holds ~13 MB a thread. These
 *   threads extract text and never draw, so the import resolves to an empty module and the two
 *   names to a class that says so if anything ever constructs one. (Node ≥ 22.15 and 24 have
 *   `module.registerHooks`; on 22.13–22.14 the addon loads as before.) A thread that renders pages
 *   is told so (`draws`: `disclose report` draws the pages) and keeps the canvas.
 */
export function ownThread(options: { draws?: boolean } = {}): void {
  delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
  if (options.draws) return;
  const register = (module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (!register) return;
  register({
    resolve: (specifier, context, next) => (specifier === '@napi-rs/canvas' ? { url: NO_CANVAS, format: 'commonjs', shortCircuit: true } : next(specifier, context)),
    load: (url, context, next) => (url === NO_CANVAS ? { format: 'commonjs', source: 'module.exports = {};', shortCircuit: true } : next(url, context)),
  });
  const g = globalThis as { DOMMatrix?: unknown; Path2D?: unknown };
  g.DOMMatrix ??= NotRendered;
  g.Path2D ??= NotRendered;
}
