import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inputError, sha256, type ExtractOptions } from '../extract.js';
import { extract } from '../index.js';
import type { Document } from '../schema/index.js';
import { UsageError } from './inputs.js';

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
 * 12 MB, ~370 MB, in the same time (text conversions ~10 % slower in a worker; measured by
 * interleaved runs, see the README's bench section).
 */
export function workerLimits(env: Record<string, string | undefined> = process.env): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new UsageError(`${name} takes a whole number of megabytes, ${min} or more, not "${raw}"`);
    return Number(raw);
  };
  return { maxOldGenerationSizeMb: read('DISCLOSE_WORKER_HEAP_MB', 512, 1), maxYoungGenerationSizeMb: read('DISCLOSE_WORKER_YOUNG_MB', 12, 1) };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface PoolOptions {
  jobs: number;
  /** seconds a file may take, or 0 for no limit */
  timeout: number;
  extract: ExtractOptions;
  /** where DISCLOSE_WORKER_HEAP_MB and DISCLOSE_WORKER_YOUNG_MB are read: process.env when not given */
  env?: Record<string, string | undefined>;
}

function timedOut(path: string, seconds: number, options: ExtractOptions): Document {
  return inputError({ path, format: 'text', sha256: sha256(new Uint8Array()), pages: null }, 'timeout', `${path} took longer than ${seconds} s and was stopped.`, options);
}

/**
 * Convert paths on worker threads, `jobs` at a time; results come back through `onResult` in input
 * order. A file that overruns the timeout has its worker ended and gets a timeout record.
 */
export async function convertAll(paths: string[], options: PoolOptions, onResult: (index: number, doc: Document) => void): Promise<void> {
  if (options.jobs <= 1 && options.timeout <= 0) {
    for (let i = 0; i < paths.length; i++) onResult(i, await extract(paths[i]!, options.extract));
    return;
  }
  const file = workerFile();
  const limits = workerLimits(options.env);
  const workerOptions = { resourceLimits: limits };
  let next = 0;
  let flushed = 0;
  const done = new Map<number, Document>();
  const deliver = (i: number, doc: Document) => {
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
      while (next < paths.length) {
        const i = next++;
        const path = paths[i]!;
        const doc = await new Promise<Document>((resolvePromise) => {
          let timer: NodeJS.Timeout | undefined;
          const finish = (d: Document) => {
            if (timer) clearTimeout(timer);
            worker.removeAllListeners('message');
            worker.removeAllListeners('error');
            resolvePromise(d);
          };
          worker.on('message', (m: { id: number; doc: Document }) => finish(m.doc));
          worker.on('error', (err: Error) => {
            const hint = /memory limit/.test(err.message) ? ` (a worker may use ${limits.maxOldGenerationSizeMb} MB; DISCLOSE_WORKER_HEAP_MB raises it)` : '';
            finish(inputError({ path, format: 'text', sha256: sha256(new Uint8Array()), pages: null }, 'read-failed', `${path}: ${err.message}${hint}`, options.extract));
            worker = new Worker(file, workerOptions);
          });
          // setTimeout holds a 32-bit count of ms: a longer limit would fire at once, so it is no limit
          if (options.timeout > 0 && options.timeout * 1000 <= MAX_TIMER_MS)
            timer = setTimeout(() => {
              void worker.terminate();
              worker = new Worker(file, workerOptions);
              finish(timedOut(path, options.timeout, options.extract));
            }, options.timeout * 1000);
          worker.postMessage({ id: i, path, options: options.extract });
        });
        deliver(i, doc);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, paths.length)) }, lane));
}
