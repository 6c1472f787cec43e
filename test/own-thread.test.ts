import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/seeds.js';

/** In a fresh process: pdf.js loaded (as the CLI's threads load it, or as the library does), then whether a native addon is mapped. */
function addonMapped(asCli: boolean): boolean {
  const script = `
    const { ownThread } = await import(${JSON.stringify(`${root}dist/cli/own-thread.js`)});
    if (${asCli}) ownThread();
    await import('pdfjs-dist/legacy/build/pdf.mjs');
    const maps = (await import('node:fs')).readFileSync('/proc/self/maps', 'utf8');
    console.log(JSON.stringify({ mapped: /\\.node$/m.test(maps), domMatrix: globalThis.DOMMatrix?.name }));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(res.stderr).toBe('');
  return (JSON.parse(res.stdout) as { mapped: boolean }).mapped;
}

// Linux only (/proc), and only where pdf.js's optional canvas is installed and Node can hook a require
const canTell = existsSync('/proc/self/maps') && existsSync(`${root}node_modules/@napi-rs/canvas`) && typeof (module as { registerHooks?: unknown }).registerHooks === 'function';

describe.runIf(canTell)('the CLI’s own threads', () => {
  it('read PDFs without loading the native canvas addon, which the library in a caller’s process still loads', () => {
    expect(addonMapped(true)).toBe(false);
    expect(addonMapped(false)).toBe(true);
  });
});
