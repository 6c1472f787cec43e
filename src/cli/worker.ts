import { parentPort } from 'node:worker_threads';
import { extract, type ExtractOptions } from '../index.js';
import { ownThread } from './own-thread.js';
import { render, type OutputSpec } from './render.js';

// this thread is the CLI's own
ownThread();

// One conversion at a time; the pool ends the worker when a file overruns its --timeout. The
// document is written out here, in the command's format: only that text goes back.
parentPort?.on('message', async (task: { id: number; path: string; options: ExtractOptions; output: OutputSpec }) => {
  const result = render(await extract(task.path, task.options), task.output);
  parentPort?.postMessage({ id: task.id, result });
});
