import { Command, CommanderError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Document } from '../schema/index.js';
import type { Input } from './inputs.js';

type Work = typeof import('./work.js');
let work: Work | undefined;
/** The library behind the commands, loaded on first use (start-up stays short for --version). */
async function load(): Promise<Work> {
  work ??= await import('./work.js');
  return work;
}

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin?: AsyncIterable<Uint8Array | string>;
}

export const EXIT = { ok: 0, checksFailed: 1, inputFailed: 2, usage: 64 } as const;

type FailOn = 'error' | 'warning' | 'never';

/**
 * Seconds a file may take before its worker is ended. pdf.js can spend minutes on a pathological
 * page (content nested 100,000 deep) without yielding, so only a worker's end bounds it; a real
 * document takes well under a second.
 */
const DEFAULT_TIMEOUT = 120;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function fatal(doc: Document) {
  return doc.diagnostics.find((d) => work!.FATAL_CODES.has(d.code));
}

/** The record a failed input gets instead of a document: the file and the reason. */
function errorRecord(doc: Document) {
  const d = fatal(doc)!;
  return { schemaVersion: doc.schemaVersion, source: doc.source, error: { code: d.code, message: d.message } };
}

function gated(doc: Document, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const fails = doc.checks.some((c) => c.status === 'fail') || doc.diagnostics.some((d) => d.severity === 'error');
  return fails || (failOn === 'warning' && doc.diagnostics.some((d) => d.severity === 'warning'));
}

async function readStdin(io: Io): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin ?? []) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return new Uint8Array(Buffer.concat(chunks));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

class Progress {
  private readonly start = Date.now();
  private done = 0;
  constructor(
    private readonly io: Io,
    private readonly total: number,
    private readonly on: boolean,
  ) {}
  tick(): void {
    this.done++;
    if (!this.on) return;
    const secs = (Date.now() - this.start) / 1000;
    const rate = this.done / Math.max(secs, 0.001);
    const eta = Math.round((this.total - this.done) / Math.max(rate, 0.001));
    const width = 24;
    const filled = Math.round((this.done / this.total) * width);
    this.io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} files, ${rate.toFixed(1)}/s, ETA ${eta}s `);
    if (this.done === this.total) this.io.stderr.write('\n');
  }
}

interface Totals {
  files: number;
  failed: number;
  tables: number;
  figures: number;
  failedChecks: number;
}

function summarise(t: Totals): string {
  return `${t.files} files: ${t.files - t.failed} converted, ${t.failed} failed; ${t.tables} tables, ${t.figures} figures, ${t.failedChecks} failed checks\n`;
}

/** The command line as a function: argv in, exit code out. Never calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command()
    .name('disclose')
    .description('Turn Chinese budget and final-accounts disclosures into structured, verified JSON')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const convert = async (
    args: string[],
    opts: { unit: 'yuan' | 'wan'; jobs?: string; shard?: string; timeout?: string },
    each: (input: Input, doc: Document) => Promise<void> | void,
    quiet: boolean,
  ): Promise<Totals> => {
    const { resolveInputs, shard, extractBytes, convertAll } = await load();
    let inputs = await resolveInputs(args);
    if (opts.shard) inputs = shard(inputs, opts.shard);
    const totals: Totals = { files: inputs.length, failed: 0, tables: 0, figures: 0, failedChecks: 0 };
    const progress = new Progress(io, inputs.length, !quiet && io.stderr.isTTY === true && inputs.length > 1);
    const jobs = opts.jobs ? Number(opts.jobs) : availableParallelism();
    const timeout = opts.timeout !== undefined ? Number(opts.timeout) : DEFAULT_TIMEOUT;
    if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs takes a whole number of 1 or more, not "${opts.jobs}"`);
    if (!(timeout >= 0)) throw new Error(`--timeout takes seconds, not "${opts.timeout}"`);
    const record = async (input: Input, doc: Document) => {
      const f = fatal(doc);
      if (f) {
        totals.failed++;
        io.stderr.write(`disclose: ${f.message}\n`);
      }
      totals.tables += doc.tables.length;
      totals.figures += doc.tables.reduce((s, t) => s + t.rows.reduce((n, r) => n + Object.values(r.values).filter((v) => v !== null).length, 0), 0);
      totals.failedChecks += doc.checks.filter((c) => c.status === 'fail').length;
      await each(input, doc);
      progress.tick();
    };
    const files = inputs.filter((i) => i.path !== '-');
    for (const input of inputs.filter((i) => i.path === '-')) await record(input, await extractBytes(await readStdin(io), { unit: opts.unit, path: '-' }));
    const pending: Promise<void>[] = [];
    await convertAll(
      files.map((i) => i.path),
      { jobs: inputs.length > 1 || timeout > 0 ? jobs : 1, timeout, extract: { unit: opts.unit } },
      (k, doc) => pending.push(record(files[k]!, doc)),
    );
    await Promise.all(pending);
    if (totals.failed > 0) code = EXIT.inputFailed;
    return totals;
  };

  program
    .command('extract')
    .description('extract the tables of disclosures (files, directories, globs, - for stdin) as SPEC v1 JSON')
    .argument('<inputs...>', 'files, directories, globs, or - for standard input')
    .addOption(new Option('--format <format>', 'output format (default: json for one input, ndjson for several)').choices(['json', 'ndjson', 'csv']))
    .option('--out <dir>', 'write one <name>.json per input under this directory, mirroring relative paths')
    .addOption(new Option('--unit <unit>', 'unit of the amounts in the output').choices(['yuan', 'wan']).default('yuan'))
    .option('--jobs <n>', 'conversions at once, on worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'convert only shard i of n of the sorted inputs')
    .option('--timeout <seconds>', `stop a file that takes longer, with an error record (default ${DEFAULT_TIMEOUT}; 0: never)`)
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails (error) or on warnings').choices(['error', 'warning', 'never']).default('never'))
    .option('--quiet', 'no progress and no summary on stderr')
    .action(async (args: string[], opts: { format?: 'json' | 'ndjson' | 'csv'; out?: string; unit: 'yuan' | 'wan'; jobs?: string; shard?: string; timeout?: string; failOn: FailOn; quiet?: boolean }) => {
      const { resolveInputs, CSV_BOM, CSV_HEADER, csvLines } = await load();
      const quiet = opts.quiet ?? false;
      let gate = false;
      let count = 0;
      let csvStarted = false;
      const inputsCount = (await resolveInputs(args)).length;
      const format = opts.format ?? (inputsCount === 1 && !opts.out ? 'json' : 'ndjson');
      const totals = await convert(
        args,
        opts,
        async (input, doc) => {
          count++;
          if (gated(doc, opts.failOn)) gate = true;
          const body = fatal(doc) ? errorRecord(doc) : doc;
          if (opts.out) {
            const target = join(opts.out, `${input.rel.replace(/\.[^./\\]+$/, '')}${fatal(doc) ? '.error' : ''}.json`);
            await writeAtomic(target, `${JSON.stringify(body, null, 2)}\n`);
            return;
          }
          if (format === 'csv') {
            if (!csvStarted) io.stdout.write(`${CSV_BOM}${CSV_HEADER.join(',')}\n`);
            csvStarted = true;
            for (const line of csvLines(doc)) io.stdout.write(`${line}\n`);
            return;
          }
          io.stdout.write(format === 'json' ? `${JSON.stringify(body, null, 2)}\n` : `${JSON.stringify(body)}\n`);
        },
        quiet,
      );
      if (format === 'csv' && !csvStarted) io.stdout.write(`${CSV_BOM}${CSV_HEADER.join(',')}\n`);
      if (!quiet && count > 1) io.stderr.write(summarise(totals));
      if (gate && code === EXIT.ok) code = EXIT.checksFailed;
    });

  program
    .command('check')
    .description('verify every identity of disclosures and report what does not add up')
    .argument('<inputs...>', 'files, directories, globs, or - for standard input')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails (error), or also on warnings').choices(['error', 'warning', 'never']).default('error'))
    .option('--verbose', 'also list passed and skipped checks and info diagnostics')
    .option('--jobs <n>', 'conversions at once, on worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'check only shard i of n of the sorted inputs')
    .option('--timeout <seconds>', `stop a file that takes longer, with an error record (default ${DEFAULT_TIMEOUT}; 0: never)`)
    .option('--quiet', 'no progress and no summary on stderr')
    .action(async (args: string[], opts: { format: 'text' | 'json'; failOn: FailOn; verbose?: boolean; jobs?: string; shard?: string; timeout?: string; quiet?: boolean }) => {
      const { formatReport } = await load();
      let gate = false;
      let count = 0;
      const totals = await convert(
        args,
        { ...opts, unit: 'yuan' },
        (_input, doc) => {
          count++;
          if (fatal(doc)) {
            if (opts.format === 'json') io.stdout.write(`${JSON.stringify(errorRecord(doc))}\n`);
            return;
          }
          if (gated(doc, opts.failOn)) gate = true;
          if (opts.format === 'json')
            io.stdout.write(`${JSON.stringify({ source: doc.source, document: doc.document, checks: doc.checks, diagnostics: doc.diagnostics })}\n`);
          else io.stdout.write(formatReport(doc, doc.diagnostics, { verbose: opts.verbose ?? false }));
        },
        opts.quiet ?? false,
      );
      if (!opts.quiet && count > 1) io.stderr.write(summarise(totals));
      if (gate && code === EXIT.ok) code = EXIT.checksFailed;
    });

  program
    .command('schema')
    .description("print the output's JSON Schema")
    .action(async () => {
      const { jsonSchema } = await load();
      io.stdout.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof Error && /^--(shard|jobs|timeout) /.test(err.message)) {
      io.stderr.write(`disclose: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  return code;
}
