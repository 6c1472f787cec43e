import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../src/read/decode.js';

const text = '2022 年度收入支出决算总表（表 1）\n单位：万元\n';

describe('decodeBytes', () => {
  it('reads UTF-8 with and without BOM, and CRLF', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeBytes(utf8)).toEqual({ ok: true, text, encoding: 'utf-8', strayNul: 0 });
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toMatchObject({ ok: true, text });
    expect(decodeBytes(new TextEncoder().encode(text.replace(/\n/g, '\r\n')))).toMatchObject({ ok: true, text: text.replace(/\n/g, '\r\n') });
  });

  it('reads UTF-16 by BOM and without one', () => {
    const le = Buffer.from(text, 'utf16le');
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({ ok: true, text, encoding: 'utf-16le', strayNul: 0 });
    expect(decodeBytes(new Uint8Array(le))).toEqual({ ok: true, text, encoding: 'utf-16le', strayNul: 0 });
    const be = Buffer.from(le).swap16();
    expect(decodeBytes(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ ok: true, text, encoding: 'utf-16be', strayNul: 0 });
  });

  it('reads GBK (as GB18030): a GBK copy of seed 001 decodes to the seed', () => {
    const gbk = readFileSync(new URL('../fixtures/encodings/001_3243ea677d3b48ef.gbk.txt', import.meta.url));
    const utf8 = readFileSync(new URL('../fixtures/001_3243ea677d3b48ef.txt', import.meta.url), 'utf8');
    expect(decodeBytes(new Uint8Array(gbk))).toEqual({ ok: true, text: utf8, encoding: 'gb18030', strayNul: 0 });
  });

  it('refuses empty and binary input', () => {
    expect(decodeBytes(new Uint8Array())).toEqual({ ok: false, reason: 'empty' });
    expect(decodeBytes(new TextEncoder().encode(' \n\r\n'))).toEqual({ ok: false, reason: 'empty' });
    expect(decodeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]))).toEqual({ ok: false, reason: 'binary' });
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251 + 1);
    expect(decodeBytes(noise)).toEqual({ ok: false, reason: 'binary' });
  });
});

describe('decodeBytes on what copies and downloads do to text', () => {
  const seed003 = readFileSync(new URL('../fixtures/003_e7a38e6b87d50f48.txt', import.meta.url), 'utf8');

  it('reads CJK text saved as UTF-16 without a BOM, which has too few zero bytes to tell it by', () => {
    const le = new Uint8Array(Buffer.from(seed003, 'utf16le'));
    expect(decodeBytes(le)).toEqual({ ok: true, text: seed003, encoding: 'utf-16le', strayNul: 0 });
    expect(decodeBytes(new Uint8Array(Buffer.from(le).swap16()))).toEqual({ ok: true, text: seed003, encoding: 'utf-16be', strayNul: 0 });
    // and the GBK copy is still GBK, not UTF-16
    const gbk = readFileSync(new URL('../fixtures/encodings/001_3243ea677d3b48ef.gbk.txt', import.meta.url));
    expect(decodeBytes(new Uint8Array(gbk))).toMatchObject({ ok: true, encoding: 'gb18030' });
  });

  it('takes a stray NUL out of good text and counts it; many NULs are still binary', () => {
    const utf8 = new TextEncoder().encode(seed003);
    const one = new Uint8Array([...utf8.subarray(0, 500), 0, ...utf8.subarray(500)]);
    expect(decodeBytes(one)).toEqual({ ok: true, text: seed003, encoding: 'utf-8', strayNul: 1 });
    const many = utf8.map((b, i) => (i % 50 === 0 ? 0 : b));
    expect(decodeBytes(many)).toEqual({ ok: false, reason: 'binary' });
  });
});
