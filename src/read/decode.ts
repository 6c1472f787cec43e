export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: 'empty' | 'binary' };

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

/**
 * Bytes of a text disclosure → text. UTF-8 with or without BOM, UTF-16 by BOM or by its zero bytes,
 * else GB18030 (a superset of GBK, in which many official text files come). Empty input and binary
 * input (NUL bytes, or bytes valid in none of these) are refused, not guessed at.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return { ok: false, reason: 'empty' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode(bytes.subarray(2), 'utf-16le');
    return text === null ? { ok: false, reason: 'binary' } : { ok: true, text, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode(bytes.subarray(2), 'utf-16be');
    return text === null ? { ok: false, reason: 'binary' } : { ok: true, text, encoding: 'utf-16be' };
  }
  const utf16 = utf16Guess(bytes);
  if (utf16) {
    const text = tryDecode(bytes, utf16);
    if (text !== null) return { ok: true, text, encoding: utf16 };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary' };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const utf8 = tryDecode(bytes.subarray(start), 'utf-8');
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };
  const gb = tryDecode(bytes, 'gb18030');
  // GB18030 decodes almost any byte string: accept it only where it reads as CJK text, not noise
  if (gb !== null && cjkShare(gb) > 0.2 && controlShare(gb) < 0.01) return { ok: true, text: gb, encoding: 'gb18030' };
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

/** Bytes → text for callers that already know it is text (kept for the text path's tests). */
export function decodeText(bytes: Uint8Array): string {
  const d = decodeBytes(bytes);
  return d.ok ? d.text : '';
}
