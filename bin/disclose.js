#!/usr/bin/env node
import { run } from '../dist/cli/main.js';
import { ownThread } from '../dist/cli/own-thread.js';

// this process is the CLI's own (see src/cli/own-thread.ts); `disclose report` draws pages with the canvas
ownThread({ draws: process.argv.slice(2).find((a) => !a.startsWith('-')) === 'report' });

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Ctrl-C or SIGTERM: the run writes what is done, leaves no temporary file and ends 130 or 143; a
// second signal ends it at once.
const interrupted = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    interrupted.abort(sig);
    process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
  });

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, signal: interrupted.signal });
