import fg from 'fast-glob';
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';

export interface Input {
  /** the path to read, or "-" for standard input */
  path: string;
  /** where its output goes under --out: the path relative to the argument that named it */
  rel: string;
}

/**
 * Files, directories (recursive, hidden files left out) and globs, in a stable order. A path that
 * does not exist stays in the list, so that it gets its own error record.
 */
export async function resolveInputs(args: string[], cwd = process.cwd()): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (path: string, rel: string) => {
    const key = path === '-' ? '-' : resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, rel });
  };
  for (const arg of args) {
    if (arg === '-') {
      add('-', 'stdin');
      continue;
    }
    const abs = resolve(cwd, arg);
    const st = await stat(abs).catch(() => null);
    if (st?.isDirectory()) {
      const files = await fg('**/*', { cwd: abs, onlyFiles: true, dot: false, followSymbolicLinks: false });
      for (const f of files.sort()) add(resolve(abs, f), f);
    } else if (st) add(arg, relative(dirname(abs), abs));
    else if (fg.isDynamicPattern(arg)) {
      const base = fg.generateTasks([arg])[0]?.base ?? '.';
      const files = await fg(arg, { cwd, onlyFiles: true, dot: false });
      for (const f of files.sort()) add(f, relative(resolve(cwd, base), resolve(cwd, f)));
    } else add(arg, arg);
  }
  return out;
}

/** --shard i/n: the inputs whose position in the sorted list is i − 1 modulo n. */
export function shard(inputs: Input[], spec: string): Input[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || i < 1 || i > n) throw new Error(`--shard takes i/n with 1 ≤ i ≤ n, not "${spec}"`);
  const sorted = [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.filter((_, k) => k % n === i - 1);
}
