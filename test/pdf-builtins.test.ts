import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract.js';

// pdfjs-dist's legacy build carries core-js, which replaces a built-in wherever the engine differs
// from the standard in some corner. On Node 20 it replaced push and JSON with JavaScript 25× slower;
// Node 22 and later meet the standard there, and reading a PDF must leave the process with its own:
// a batch converts text and writes JSON after its first PDF.
describe('built-ins after a PDF is read', () => {
  const push = Array.prototype.push;
  const stringify = JSON.stringify;
  const parse = JSON.parse;

  it('Array.prototype.push, JSON.stringify and JSON.parse are the engine’s own', async () => {
    const doc = await extractBytes(new Uint8Array(readFileSync(new URL('../fixtures/pdf/tables-html-writer.pdf', import.meta.url))), { path: 'tables.pdf' });
    expect(doc.tables.length).toBeGreaterThan(0);
    expect(Array.prototype.push).toBe(push);
    expect(JSON.stringify).toBe(stringify);
    expect(JSON.parse).toBe(parse);
    expect(String(Array.prototype.push)).toBe('function push() { [native code] }');
  });
});
