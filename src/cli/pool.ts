import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inputError, sha256, type ExtractOptions } from '../extract.js';
import { extract, extractBytes } from '../index.js';
import type { Document } from '../schema/index.js';
import { UsageError } from './inputs.js';
import { render, type OutputSpec, type Rendered } from './render.js';

function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  // run from the TypeScript sources (tests): the worker is the built one
  const built = here.endsWith('.ts') ? fileURLToPath(new URL('../../dist/cli/worker.js', import.meta.url)) : fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`the worker ${built} is not built: run npm run build`);
  return built;
}

/**
 * A worker's heap is capped so that V8 collects early instead of growing toward its default limit
 * (a few GB on a large machine): a batch's memory stays bounded whatever its length. A document that
 * needs more ends its worker, and gets a read-failed record; the batch goes on.
 *
 * Its young generation is capped too: left to V8 on Node 24, a worker's grows to hold far more than
 * a document's short-lived objects, and a batch of 160 PDFs on two workers peaked at ~610 MB; at
 * 24 MB, ~380 MB. Smaller costs text its speed (at 12–16 MB a worker converted text ~30 % slower,
 * its objects promoted and collected again); measured by interleaved runs (README, bench).
 */
export function workerLimits(env: Record<string, string | undefined> = process.env): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; buffersMb: number } {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new UsageError(`${name} takes a whole number of megabytes, ${min} or more, not "${raw}"`);
    return Number(raw);
  };
  return {
    maxOldGenerationSizeMb: read('DISCLOSE_WORKER_HEAP_MB', HEAP_MB, 1),
    maxYoungGenerationSizeMb: read('DISCLOSE_WORKER_YOUNG_MB', 24, 1),
    buffersMb: read('DISCLOSE_WORKER_BUFFERS_MB', BUFFERS_MB, 1),
  };
}

/**
 * A worker's heap: the 152 PDFs of the fixtures and corpora use at most ~80 MB of it. A worker that
 * reached this cap on a 200 MB PDF took the process to 930 MB (at 512 MB, to 1.05 GB).
 */
const HEAP_MB = 384;

/**
 * Memory a worker may hold outside its heap, beyond twice the input's own bytes: the streams
 * pdf.js inflates (content, fonts, object streams) live in buffers the heap cap does not count, so a
 * 1 MB flate bomb once grew a worker to 1.7 GB and a 4 MB one to 6.3 GB. The 152 PDFs of the
 * fixtures and corpora need at most 43 MB; pdf.js grows a buffer by doubling, so a worker stopped
 * past 160 MB holds at most ~400 MB.
 */
const BUFFERS_MB = 160;
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** How often a busy worker's memory is read (it is answered between two of its JavaScript steps, however busy). */
const WATCH_MS = 25;

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface PoolOptions {
  jobs: number;
  /** seconds a file may take, or 0 for no limit */
  timeout: number;
  extract: ExtractOptions;
  /** what each document is written as: made in the worker, so that only text crosses threads */
  output: OutputSpec;
  /** where DISCLOSE_WORKER_HEAP_MB and DISCLOSE_WORKER_YOUNG_MB are read: process.env when not given */
  env?: Record<string, string | undefined>;
  /**
   * false: each result as soon as it is done (one file per input needs no order, and a slow first
   * file then holds nothing back); true (default): in input order
   */
  ordered?: boolean;
  /** aborted (Ctrl-C, SIGTERM): no new file is started, the workers are ended, what is done is delivered */
  signal?: AbortSignal;
}

/** A file to convert by its path, or an input already read (standard input) with the name it goes by. */
export type Task = string | { path: string; bytes: Uint8Array };

/** What a worker said it had read before it was stopped: a stopped file's record still names its format and hash. */
type Read = { format: 'text' | 'pdf'; sha256: string; size: number };

function stopped(path: string, read: Read | null, code: 'timeout' | 'read-failed' | 'too-large', message: string, options: ExtractOptions): Document {
  const { format, sha256: hash } = read ?? { format: 'text', sha256: sha256(new Uint8Array()) };
  return inputError({ path, format, sha256: hash, pages: null }, code, message, options);
}

/**
 * Convert inputs on worker threads, `jobs` at a time; results come back through `onResult`, in
 * input order unless `ordered` is false. An input that overruns the timeout has its worker ended and
 * gets a timeout record; standard input is converted in a worker like a file, under the same limits.
 */
export async function convertAll(tasks: Task[], options: PoolOptions, onResult: (index: number, result: Rendered) => void): Promise<void> {
  const signal = options.signal;
  if (options.jobs <= 1 && options.timeout <= 0) {
    for (let i = 0; i < tasks.length && !signal?.aborted; i++) {
      const task = tasks[i]!;
      if (options.output.command === 'report') {
        const { reportRendered } = await import('./report.js');
        onResult(i, await reportRendered(task, options.extract, options.output));
        continue;
      }
      const doc = typeof task === 'string' ? await extract(task, options.extract) : await extractBytes(task.bytes, { ...options.extract, path: task.path });
      onResult(i, render(doc, options.output));
    }
    return;
  }
  const file = workerFile();
  const { buffersMb, ...limits } = workerLimits(options.env);
  // (a worker of `disclose report` keeps the canvas it draws pages with)
  const workerOptions = { resourceLimits: limits, workerData: { draws: options.output.command === 'report' } };
  let next = 0;
  let flushed = 0;
  const done = new Map<number, Rendered>();
  const delivered: Promise<void>[] = [];
  const deliver = (i: number, doc: Rendered) => {
    if (options.ordered === false) return onResult(i, doc);
    done.set(i, doc);
    while (done.has(flushed)) {
      onResult(flushed, done.get(flushed)!);
      done.delete(flushed);
      flushed++;
    }
  };
  const lane = async (): Promise<void> => {
    let worker = new Worker(file, workerOptions);
    try {
      while (next < tasks.length && !signal?.aborted) {
        const i = next++;
        const task = tasks[i]!;
        const path = typeof task === 'string' ? task : task.path;
        const doc = await new Promise<Rendered | null>((resolvePromise) => {
          let timer: NodeJS.Timeout | undefined;
          let read: Read | null = null;
          const stop = () => {
            void worker.terminate();
            finish(null);
          };
          const finish = (d: Rendered | null) => {
            if (timer) clearTimeout(timer);
            clearInterval(watch);
            signal?.removeEventListener('abort', stop);
            worker.removeAllListeners('message');
            worker.removeAllListeners('error');
            resolvePromise(d);
          };
          signal?.addEventListener('abort', stop, { once: true });
          worker.on('message', (m: { id: number; read: Read } | { id: number; result: Rendered }) => ('read' in m ? (read = m.read) : finish(m.result)));
          worker.on('error', (err: Error) => {
            const hint = /memory limit/.test(err.message) ? ` (a worker may use ${limits.maxOldGenerationSizeMb} MB; DISCLOSE_WORKER_HEAP_MB raises it)` : '';
            finish(render(stopped(path, read, 'read-failed', `${path}: ${err.message}${hint}`, options.extract), options.output));
            worker = new Worker(file, workerOptions);
          });
          // setTimeout holds a 32-bit count of ms: a longer limit would fire at once, so it is no limit
          if (options.timeout > 0 && options.timeout * 1000 <= MAX_TIMER_MS)
            timer = setTimeout(() => {
              void worker.terminate();
              worker = new Worker(file, workerOptions);
              finish(render(stopped(path, read, 'timeout', `${path} took longer than ${options.timeout} s and was stopped.`, options.extract), options.output));
            }, options.timeout * 1000);
          // standard input's bytes are handed over, not copied
          // memory outside the heap, watched while the worker converts (Node ≥ 22.16 can read it);
          // the input's own bytes are allowed for, twice (pdf.js keeps a copy)
          const size = typeof task === 'string' ? sizeOf(task) : task.bytes.length;
          const busy = worker;
          const watch = setInterval(() => {
            if (typeof busy.getHeapStatistics !== 'function') return clearInterval(watch);
            busy.getHeapStatistics().then(
              (stats) => {
                const external = (stats as { external_memory?: number }).external_memory ?? 0;
                if (busy !== worker || external <= buffersMb * 1048576 + 2 * size) return;
                void worker.terminate();
                worker = new Worker(file, workerOptions);
                const message = `${path} decodes to more than the ${buffersMb} MB a worker may hold beyond the file (a stream that inflates without end?) and was stopped (DISCLOSE_WORKER_BUFFERS_MB raises it).`;
                finish(render(stopped(path, read, 'too-large', message, options.extract), options.output));
              },
              () => {},
            );
          }, WATCH_MS);
          worker.postMessage({ id: i, task, options: options.extract, output: options.output }, typeof task === 'string' ? [] : [task.bytes.buffer as ArrayBuffer]);
        });
        // the next file goes to the worker before this result is written out, so that the worker
        // converts while this thread serialises (in turn, they left each other idle a third of the time)
        if (doc) delivered.push(new Promise<void>((resolveDelivery) => setImmediate(() => resolveDelivery(deliver(i, doc)))));
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, tasks.length)) }, lane));
  await Promise.all(delivered);
  // interrupted: what is done goes out, in order, past the files that were not
  for (const i of [...done.keys()].sort((a, b) => a - b)) onResult(i, done.get(i)!);
}
