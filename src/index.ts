import { readFile, stat } from 'node:fs/promises';
import { extractBytes, inputError, sha256, tooLarge, type ExtractOptions } from './extract.js';
import type { Document } from './schema/index.js';

export { extractBytes, extractText, extractTextBytes, extractFromIr, FATAL_CODES, LIMITS, type ExtractOptions } from './extract.js';
export { rules, type CheckResult, type Rule } from './checks/index.js';
export { compareYears, pairYears, yearFacts, type YearFacts } from './checks/years.js';

import { checkDocument, type CheckResult } from './checks/index.js';

/**
 * Verify every identity of an extracted document (SPEC §5) and return the results; the document
 * is not changed. `extract` already runs this and stores the result in `checks`.
 */
export function check(document: Document): CheckResult {
  return checkDocument(document);
}
export * from './schema/index.js';
export type { IrDocument, IrPage, IrLine, IrCell } from './ir/types.js';

/**
 * Extract one disclosure into a SPEC v1 document.
 * @param input a file path, or the file's bytes
 * @returns a schema-valid document; problems with the content are in `diagnostics`, not thrown
 */
export async function extract(input: string | Uint8Array, options: ExtractOptions = {}): Promise<Document> {
  if (typeof input === 'string') {
    const read = await readInput(input, options);
    return read instanceof Uint8Array ? await extractBytes(read, { ...options, path: options.path ?? input }) : read;
  }
  return await extractBytes(input, options);
}

/** A file's bytes, or the record of why they could not be read (too large from its size alone, missing, a folder, no permission). */
export async function readInput(input: string, options: ExtractOptions = {}): Promise<Uint8Array | Document> {
  const path = options.path ?? input;
  try {
    // too large to read at all: said from its size, before its bytes are in memory
    const st = await stat(input);
    const big = st.isFile() ? tooLarge(path, st.size, options) : null;
    if (big) return inputError({ path, format: 'text', sha256: sha256(new Uint8Array()), pages: null }, 'too-large', big, options);
    return await readFile(input);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return inputError({ path, format: 'text', sha256: sha256(new Uint8Array()), pages: null }, 'read-failed', `${path}: ${why}.`, options);
  }
}
