import { parentPort } from 'node:worker_threads';
import { extract, type ExtractOptions } from '../index.js';
import { ownThread } from './own-thread.js';

// this thread is the CLI's own
ownThread();

// One conversion at a time; the pool ends the worker when a file overruns its --timeout.
parentPort?.on('message', async (task: { id: number; path: string; options: ExtractOptions }) => {
  const doc = await extract(task.path, task.options);
  parentPort?.postMessage({ id: task.id, doc });
});
