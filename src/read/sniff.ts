/**
 * Inputs of a type disclose does not read, told from their bytes (and, for source code, which no
 * byte tells from text, from the name's extension): each gets a record that names the type and what
 * to do, instead of a conversion of its text or a "binary" refusal that says nothing.
 */
export interface Unsupported {
  /** what the input is, for the message: "a Word document (.docx)" */
  type: string;
  /** what the user can do instead */
  advice: string;
}

const SAVE_AS_PDF = 'save or print it as PDF (or as text) and convert that';

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function extension(path: string | null | undefined): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(path ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

/** The first non-blank characters of a text input, BOM and leading whitespace skipped, lower-cased. */
function head(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512));
  return text.replace(/^\ufeff/, '').trimStart().slice(0, 200).toLowerCase();
}

const CODE_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'jsx', 'tsx', 'py', 'sh', 'css', 'java', 'c', 'h', 'go', 'rs', 'rb', 'php']);

/**
 * What an input is when disclose does not read it, or null for a PDF or text that it does. `path`
 * is only a hint: a PDF or a text named `.docx` is still read.
 */
export function unsupportedType(bytes: Uint8Array, path?: string | null): Unsupported | null {
  const ext = extension(path);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const zip = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    if (ext === 'docx' || zip.includes('word/')) return { type: 'a Word document (.docx)', advice: SAVE_AS_PDF };
    if (ext === 'xlsx' || zip.includes('xl/')) return { type: 'an Excel workbook (.xlsx)', advice: SAVE_AS_PDF };
    if (ext === 'pptx' || zip.includes('ppt/')) return { type: 'a PowerPoint file (.pptx)', advice: SAVE_AS_PDF };
    if (ext === 'odt' || ext === 'ods' || zip.includes('opendocument')) return { type: 'an OpenDocument file', advice: SAVE_AS_PDF };
    return { type: 'a ZIP archive', advice: 'unpack it and convert the files inside' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { type: `an old Office file (${ext ? `.${ext}` : '.doc or .xls'})`, advice: SAVE_AS_PDF };
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return { type: 'a rich-text document (.rtf)', advice: SAVE_AS_PDF };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) || startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return { type: 'an image', advice: 'run OCR on it first (a scanned page holds no text to read)' };
  if (startsWith(bytes, [0x1f, 0x8b])) return { type: 'a gzip archive', advice: 'unpack it and convert the file inside' };
  const h = head(bytes);
  if (h.startsWith('<!doctype html') || h.startsWith('<html') || (ext === 'html' || ext === 'htm' ? h.startsWith('<') : false))
    return { type: 'an HTML page', advice: 'save or print the page as PDF and convert that' };
  if (h.startsWith('{') && /"schemaversion"\s*:/.test(h))
    return { type: "disclose's own JSON output", advice: 're-check it with `disclose check --json`' };
  if (ext === 'json' || ext === 'ndjson') return { type: 'a JSON file', advice: 'give the disclosure itself (PDF or text), or `disclose check --json` for disclose’s own output' };
  if (ext === 'xml' || h.startsWith('<?xml')) return { type: 'an XML file', advice: SAVE_AS_PDF };
  if (CODE_EXTENSIONS.has(ext)) return { type: `source code (.${ext})`, advice: 'give the disclosure itself (PDF or text)' };
  return null;
}
