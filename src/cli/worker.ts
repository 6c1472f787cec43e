import { parentPort, workerData } from 'node:worker_threads';
import { extract, extractBytes, type ExtractOptions } from '../index.js';
import { ownThread } from './own-thread.js';
import type { Task } from './pool.js';
import { render, type OutputSpec } from './render.js';

// this thread is the CLI's own; a worker of `disclose report` draws pages
ownThread({ draws: (workerData as { draws?: boolean } | null)?.draws === true });

// One conversion at a time; the pool ends the worker when an input overruns its --timeout or the
// worker its memory. It is told what the input is as soon as its bytes are read (so that a stopped
// input's record still names them). The document is written out here, in the command's format: only
// that text goes back.
parentPort?.on('message', async ({ id, task, options, output }: { id: number; task: Task; options: ExtractOptions; output: OutputSpec }) => {
  const onRead = (read: { format: 'text' | 'pdf'; sha256: string; size: number }) => parentPort?.postMessage({ id, read });
  if (output.command === 'report') {
    const { reportRendered } = await import('./report.js');
    parentPort?.postMessage({ id, result: await reportRendered(task, { ...options, onRead }, output) });
    return;
  }
  const doc = typeof task === 'string' ? await extract(task, { ...options, onRead }) : await extractBytes(task.bytes, { ...options, path: task.path, onRead });
  parentPort?.postMessage({ id, result: render(doc, output) });
});
