import { readFile } from 'node:fs/promises';
import { extractTextBytes, type ExtractOptions } from './extract.js';
import type { Document } from './schema/index.js';

export { extractText, extractTextBytes, extractFromIr, type ExtractOptions } from './extract.js';
export * from './schema/index.js';
export type { IrDocument, IrPage, IrLine, IrCell } from './ir/types.js';

/**
 * Extract one disclosure into a SPEC v1 document.
 * @param input a file path, or the file's bytes
 * @returns a schema-valid document; problems with the content are in `diagnostics`, not thrown
 */
export async function extract(input: string | Uint8Array, options: ExtractOptions = {}): Promise<Document> {
  if (typeof input === 'string') {
    const bytes = await readFile(input);
    return extractTextBytes(bytes, { ...options, path: options.path ?? input });
  }
  return extractTextBytes(input, options);
}
