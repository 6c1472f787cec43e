export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** `strayNul`: NUL bytes taken out of otherwise good text. */
export type Decoded = { ok: true; text: string; encoding: Encoding; strayNul: number } | { ok: false; reason: 'empty' | 'binary' };

function tryDecode(bytes: Uint8Array, encoding: Encoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-16 without a BOM: most of the odd (LE) or even (BE) bytes are zero in CJK-and-ASCII text. */
function utf16Guess(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  if (odd > n / 8 && even < n / 64) return 'utf-16le';
  if (even > n / 8 && odd < n / 64) return 'utf-16be';
  return null;
}

/** Characters a disclosure is written in: CJK, its punctuation and full-width forms, ASCII, spaces, general punctuation, circled and Roman numerals, check boxes. */
const TEXTUAL = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u0020-\u007e\s\u00b7\u2000-\u206f\u2150-\u218f\u2460-\u24ff\u25a0-\u25ff\u2600-\u26ff\u2e80-\u2fdf\uf900-\ufaff]/g;

/** The share of a text's characters that text of a disclosure is made of: near 1 for real text, far lower for bytes read in the wrong encoding. */
function textualShare(text: string): number {
  if (text.length === 0) return 0;
  return (text.match(TEXTUAL) ?? []).length / text.length;
}

/**
 * Bytes of a text disclosure → text. UTF-8 with or without BOM, UTF-16 by BOM, by its zero bytes or,
 * for text of CJK alone (which has no zero bytes in UTF-16), by which reading is text; else GB18030
 * (a superset of GBK, in which many official text files come). A few stray NUL bytes in otherwise
 * good text (a broken download, a bad copy) are taken out and counted; empty input and binary input
 * (many NUL bytes, or bytes valid in none of these) are refused, not guessed at.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return { ok: false, reason: 'empty' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode(bytes.subarray(2), 'utf-16le');
    return text === null ? { ok: false, reason: 'binary' } : { ok: true, text, encoding: 'utf-16le', strayNul: 0 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode(bytes.subarray(2), 'utf-16be');
    return text === null ? { ok: false, reason: 'binary' } : { ok: true, text, encoding: 'utf-16be', strayNul: 0 };
  }
  const utf16 = utf16Guess(bytes);
  if (utf16) {
    const text = tryDecode(bytes, utf16);
    if (text !== null) return { ok: true, text, encoding: utf16, strayNul: 0 };
  }
  let zeros = 0;
  for (const b of bytes) if (b === 0) zeros++;
  // UTF-16 without a BOM whose zero bytes did not tell it (CJK has none): the readings that are
  // text (asked for only where UTF-8 is not the answer)
  const utf16Readings = () => {
    const readings: { text: string; encoding: Encoding; share: number }[] = [];
    if (bytes.length % 2 === 0)
      for (const encoding of ['utf-16le', 'utf-16be'] as const) {
        const text = tryDecode(bytes, encoding);
        if (text !== null && cjkShare(text) > 0.2 && controlShare(text) < 0.01) readings.push({ text, encoding, share: textualShare(text) });
      }
    return readings;
  };
  const best = (readings: { text: string; encoding: Encoding; share: number }[]) => readings.filter((r) => r.share > 0.9).sort((a, b) => b.share - a.share)[0];
  if (zeros > Math.max(2, bytes.length / 1000)) {
    const utf16 = best(utf16Readings());
    return utf16 ? { ok: true, text: utf16.text, encoding: utf16.encoding, strayNul: 0 } : { ok: false, reason: 'binary' };
  }
  const clean = zeros > 0 ? bytes.filter((b) => b !== 0) : bytes;
  const start = clean[0] === 0xef && clean[1] === 0xbb && clean[2] === 0xbf ? 3 : 0;
  const utf8 = tryDecode(clean.subarray(start), 'utf-8');
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8', strayNul: zeros };
  const readings = zeros === 0 ? utf16Readings() : [];
  const gb = tryDecode(clean, 'gb18030');
  // GB18030 decodes almost any byte string: accept it only where it reads as CJK text, not noise
  if (gb !== null && cjkShare(gb) > 0.2 && controlShare(gb) < 0.01) readings.push({ text: gb, encoding: 'gb18030', share: textualShare(gb) + 0.001 });
  const found = best(readings);
  if (found) return { ok: true, text: found.text, encoding: found.encoding, strayNul: found.encoding === 'gb18030' ? zeros : 0 };
  return { ok: false, reason: 'binary' };
}

function cjkShare(text: string): number {
  const visible = text.replace(/\s/g, '');
  if (visible.length === 0) return 0;
  return (visible.match(/[\u4e00-\u9fff]/g) ?? []).length / visible.length;
}

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  return (text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g) ?? []).length / text.length;
}
