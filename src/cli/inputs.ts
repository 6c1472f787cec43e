import fg from 'fast-glob';
import { readdir } from 'node:fs';
import { realpath as realpathAsync, stat as statAsync } from 'node:fs/promises';
import { basename, normalize, relative, resolve, sep } from 'node:path';

export interface Input {
  /** the path to read, or "-" for standard input */
  path: string;
  /** where its output goes under --out: the path relative to the argument that named it */
  rel: string;
  /** why it cannot be read, known before it is opened (an unreadable folder, a FIFO) */
  problem?: { code: 'read-failed' | 'too-large'; message: string };
}

export interface Resolved {
  inputs: Input[];
  /** arguments (globs, folders) that matched no file */
  unmatched: string[];
  /** true when an argument was a folder or a glob: the output is then NDJSON, whatever the count */
  expanded: boolean;
}

/**
 * A path as it may stand under --out: never above it, never absolute (`../../x.txt` → `x.txt`,
 * `/tmp/a.txt` → `tmp/a.txt`).
 */
export function safeRel(path: string): string {
  const parts = normalize(path)
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length > 0 ? parts.join(sep) : basename(path) || 'input';
}

function kindOf(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The fs fast-glob walks with: a folder it may not read is recorded, not thrown, so that the walk
 * goes on and the folder gets an error record of its own.
 */
function recordingFs(failures: { path: string; error: NodeJS.ErrnoException }[]) {
  return {
    readdir: ((path: string, options: unknown, callback: (err: NodeJS.ErrnoException | null, entries: unknown[]) => void) =>
      readdir(path, options as { withFileTypes: true }, (err, entries) => {
        if (err) {
          failures.push({ path, error: err });
          callback(null, []);
        } else callback(null, entries);
      })) as unknown as typeof readdir,
  };
}

function why(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

/**
 * Files, directories (recursive, hidden files left out) and globs, in a stable order. A path that
 * does not exist stays in the list, so that it gets its own error record; so do a folder that
 * cannot be read and anything that is not a regular file (a FIFO would block its reader). Symbolic
 * links to files are followed, links to folders are not (a link loop cannot make the walk endless),
 * and a file reached twice (by two arguments, or by a link) is read once.
 */
export async function resolveInputs(args: string[], cwd = process.cwd()): Promise<Resolved> {
  const out: Input[] = [];
  const unmatched: string[] = [];
  let expanded = false;
  const seen = new Set<string>();
  const add = async (path: string, rel: string, problem?: Input['problem']) => {
    let key = path === '-' ? '-' : resolve(cwd, path);
    if (!problem && path !== '-') key = await realpathAsync(key).catch(() => key);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(problem ? { path, rel, problem } : { path, rel });
  };
  /** The entries of one folder walk or glob, each a file to read or a record to give. */
  const walk = async (pattern: string, options: { cwd: string; absolute: boolean }, relOf: (entry: string) => string, label: string) => {
    const failures: { path: string; error: NodeJS.ErrnoException }[] = [];
    const entries = await fg(pattern, {
      cwd: options.cwd,
      absolute: options.absolute,
      onlyFiles: false,
      dot: false,
      followSymbolicLinks: false,
      objectMode: true,
      fs: recordingFs(failures),
    });
    let found = 0;
    for (const e of entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const full = resolve(options.cwd, e.path);
      const d = e.dirent;
      if (d.isDirectory()) continue;
      if (d.isFile()) {
        found++;
        await add(e.path, relOf(e.path));
        continue;
      }
      if (d.isSymbolicLink()) {
        const st = await statAsync(full).catch(() => null);
        if (st?.isDirectory()) continue; // a link to a folder is not followed
        found++;
        if (!st) await add(e.path, relOf(e.path), { code: 'read-failed', message: `${e.path}: a symbolic link to nothing (its target does not exist).` });
        else if (st.isFile()) await add(e.path, relOf(e.path));
        else await add(e.path, relOf(e.path), { code: 'read-failed', message: `${e.path}: ${kindOf(st)}, not a file; it was not read.` });
        continue;
      }
      found++;
      await add(e.path, relOf(e.path), { code: 'read-failed', message: `${e.path}: ${kindOf(d)}, not a file; it was not read.` });
    }
    for (const f of failures.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      found++;
      const shown = `${options.absolute ? f.path : relative(cwd, f.path) || '.'}${sep}`;
      await add(shown, safeRel(relative(options.cwd, f.path)) || 'folder', { code: 'read-failed', message: `${shown}: a folder that could not be read (${why(f.error)}); the files in it were not converted.` });
    }
    if (found === 0) unmatched.push(label);
  };

  for (const arg of args) {
    if (arg === '-') {
      await add('-', 'stdin');
      continue;
    }
    const abs = resolve(cwd, arg);
    const st = await statAsync(abs).catch(() => null);
    if (st?.isDirectory()) {
      expanded = true;
      await walk('**/*', { cwd: abs, absolute: true }, (entry) => relative(abs, entry), arg);
    } else if (st?.isFile()) await add(arg, basename(abs));
    else if (st) await add(arg, basename(abs), { code: 'read-failed', message: `${arg}: ${kindOf(st)}, not a file; it was not read.` });
    else if (fg.isDynamicPattern(arg)) {
      expanded = true;
      const base = resolve(cwd, fg.generateTasks([arg])[0]?.base ?? '.');
      await walk(arg, { cwd, absolute: false }, (entry) => safeRel(relative(base, resolve(cwd, entry))), arg);
    } else await add(arg, safeRel(arg));
  }
  return { inputs: out, unmatched, expanded };
}

/** --shard i/n: the inputs whose position in the sorted list is i − 1 modulo n. */
export function shard(inputs: Input[], spec: string): Input[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || i < 1 || i > n) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, not "${spec}"`);
  const sorted = [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.filter((_, k) => k % n === i - 1);
}

/** A command line that cannot be carried out as given: exit 64, with the command's --help named. */
export class UsageError extends Error {}
