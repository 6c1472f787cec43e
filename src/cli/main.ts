import { Command, CommanderError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { UsageError, type Input } from './inputs.js';
import type { FailOn, OutputSpec, Rendered } from './render.js';
import type { Task } from './pool.js';
import type { YearFacts } from '../checks/years.js';

type Work = typeof import('./work.js');
let work: Work | undefined;
/** The library behind the commands, loaded on first use (start-up stays short for --version). */
async function load(): Promise<Work> {
  work ??= await import('./work.js');
  return work;
}

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stdin?: AsyncIterable<Uint8Array | string>;
  /** the environment (NO_COLOR, FORCE_COLOR); process.env when not given */
  env?: Record<string, string | undefined>;
  /** aborted by Ctrl-C or SIGTERM (its reason "SIGINT" or "SIGTERM"): what is done is written, the run ends 130 or 143 */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, checksFailed: 1, inputFailed: 2, usage: 64, interrupted: 130, terminated: 143 } as const;

type ColorLevel = 0 | 1 | 2 | 3;

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

/**
 * Standard input, read up to `max` bytes: past that, null (the input is too large), the rest not
 * read; undefined when the run is interrupted while it waits for input.
 */
async function readStdin(io: Io, max = Infinity): Promise<Uint8Array | null | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!io.stdin) return new Uint8Array();
  const source = io.stdin[Symbol.asyncIterator]();
  const interrupted = new Promise<'interrupted'>((resolveAbort) => {
    if (io.signal?.aborted) resolveAbort('interrupted');
    io.signal?.addEventListener('abort', () => resolveAbort('interrupted'), { once: true });
  });
  for (;;) {
    const next = await Promise.race([source.next(), interrupted]);
    if (next === 'interrupted') {
      void source.return?.();
      return undefined;
    }
    if (next.done) break;
    const chunk = Buffer.from(next.value);
    size += chunk.length;
    if (size > max) {
      void source.return?.();
      return null;
    }
    chunks.push(chunk);
  }
  // a copy of its own (not a slice of Node's shared pool), so that it can be handed to a worker
  return new Uint8Array(Buffer.concat(chunks));
}

function tmpName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Written to a temporary file beside the target, then renamed: a reader never sees half a file. */
async function writeAtomic(path: string, text: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tmpName(path);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await rename(tmp, path).catch(async (err: unknown) => {
    await rm(tmp, { force: true });
    throw err;
  });
}

/**
 * Colours as every CLI treats them: the command line first (`--no-color`, `--color`), then the
 * environment (a non-empty `NO_COLOR` off; `FORCE_COLOR` 1–3 on, 0 or false off), and otherwise a
 * terminal gets them and a pipe or file does not.
 */
function colorLevel(flag: boolean | undefined, env: Record<string, string | undefined>, tty: boolean): ColorLevel {
  if (flag === false) return 0;
  const force = env['FORCE_COLOR'];
  const forced = force === undefined || force === '0' || force === 'false' ? null : Number(force) >= 1 && Number(force) <= 3 ? (Number(force) as ColorLevel) : 1;
  if (flag === true) return forced ?? 1;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (force !== undefined) return forced ?? 0;
  return tty ? 1 : 0;
}

/**
 * The progress line on a terminal's stderr: one line, cut to the terminal's width so that it never
 * wraps, and cleared before any message is written so that the two never run into each other.
 */
class Progress {
  private readonly start = Date.now();
  private done = 0;
  private drawn = false;
  constructor(
    private readonly io: Io,
    private readonly total: number,
    private readonly on: boolean,
  ) {}
  private clear(): void {
    if (this.drawn) this.io.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
  /** A message on stderr, on a line of its own. */
  say(text: string): void {
    this.clear();
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    this.draw();
  }
  tick(): void {
    this.done++;
    this.draw();
    if (this.done === this.total && this.drawn) {
      this.io.stderr.write('\n');
      this.drawn = false;
    }
  }
  private draw(): void {
    if (!this.on || this.done === 0) return;
    const secs = (Date.now() - this.start) / 1000;
    const rate = this.done / Math.max(secs, 0.001);
    const eta = Math.round((this.total - this.done) / Math.max(rate, 0.001));
    const columns = Math.max(20, (this.io.stderr.columns ?? 80) - 1);
    const text = ` ${this.done}/${this.total} files, ${rate.toFixed(1)}/s, ETA ${eta}s`;
    const width = Math.max(0, Math.min(24, columns - text.length - 2));
    const filled = Math.round((this.done / this.total) * width);
    const bar = width > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]` : '';
    this.io.stderr.write(`\r${`${bar}${text}`.slice(0, columns)}\x1b[K`);
    this.drawn = true;
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

const REPORT_EXAMPLES = `
Examples:
  $ disclose report report.pdf --out report/               report/report.pdf.html and report/index.html
  $ disclose report reports/ --out review/                 a page a document, and review/index.html listing them
  $ disclose report report.pdf --format xlsx --out xlsx/   xlsx/report.pdf.xlsx: a sheet a table, checks, document

An HTML report is one self-contained file (no network): each PDF page drawn with every figure the
tool read outlined over it (its colour is its column; hover for the table, row and column), amounts
no table took dashed in orange, the lines of failed checks in red; beside the pages, each table as
read in its printed unit; at the top the failed checks and diagnostics, each linking to its line.
Exit codes: 0 done; 2 an input could not be read (its report says why; the rest were written); 64 usage.
`;

const EXTRACT_EXAMPLES = `
Examples:
  $ disclose extract report.pdf > report.json            one document, as JSON
  $ disclose extract reports/ > all.ndjson               a folder (recursive): one JSON document a line
  $ disclose extract 'reports/**/*.pdf' --out converted/ one file each: converted/<path>.pdf.json
  $ disclose extract reports/ --out figures.csv          every figure of the folder, one CSV file
  $ disclose extract reports/ --format csv > figures.csv
  $ cat report.txt | disclose extract -                  standard input

Output: one input named as a file prints JSON; a folder, a glob or several inputs print NDJSON
(one document a line), whatever the count. --out DIR writes one file per input, named after the
input with its extension kept (report.txt → report.txt.json; a failed input → report.txt.error.json);
--out FILE.ndjson / FILE.csv / FILE.json writes one file for the whole run.
Exit codes: 0 done; 1 a check failed at --fail-on; 2 an input could not be converted (the rest
were); 64 usage.
`;

const CHECK_EXAMPLES = `
Examples:
  $ disclose check report.pdf                     what does not add up, figures as printed
  $ disclose check reports/ --fail-on warning     in CI: exit 1 on any failed check or warning
  $ disclose check reports/ --format json         one JSON record a document
  $ disclose check --json converted/              re-check disclose's own JSON output

Exit codes: 0 all good; 1 a check failed at --fail-on; 2 an input could not be read; 64 usage.
`;

/** The command line as a function: argv in, exit code out. Never calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const env = io.env ?? process.env;
  // --color / --no-color may stand anywhere on the line, as in every CLI that takes them
  let colorFlag: boolean | undefined;
  argv = argv.filter((a) => {
    if (a === '--no-color') colorFlag = false;
    else if (a === '--color') colorFlag = true;
    else return true;
    return false;
  });
  const color = colorLevel(colorFlag, env, io.stdout.isTTY === true);
  let code: number = EXIT.ok;
  const program = new Command()
    .name('disclose')
    .description('Turn Chinese budget and final-accounts disclosures into structured, verified JSON')
    .version(version())
    .exitOverride()
    .showHelpAfterError('see disclose --help')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      'after',
      `
Options for every command: --no-color (or NO_COLOR=1) for no colours, --color (or FORCE_COLOR=1) for colours in a pipe.

Examples:
  $ disclose extract report.pdf > report.json
  $ disclose check reports/
  $ disclose schema > disclose.schema.json
`,
    );

  /** Say a usage error as a user needs it: what was wrong, then where the help is. */
  const usage = (command: string | undefined, message: string): number => {
    io.stderr.write(`disclose: ${message}\nsee disclose ${command ? `${command} ` : ''}--help\n`);
    return EXIT.usage;
  };

  /** Counts one document into the run's totals and says why it failed, if it did. */
  const tally = (totals: Totals, result: Rendered, progress: Progress) => {
    totals.files++;
    if (result.fatal) {
      totals.failed++;
      progress.say(`disclose: ${result.fatal.message}`);
    }
    totals.tables += result.tables;
    totals.figures += result.figures;
    totals.failedChecks += result.failedChecks;
  };

  const convert = async (
    inputs: Input[],
    opts: { unit: 'yuan' | 'wan'; jobs?: string; timeout?: string; ordered?: boolean; maxSize?: string; maxLine?: string },
    output: OutputSpec,
    each: (input: Input, result: Rendered) => Promise<void> | void,
    progress: Progress,
  ): Promise<Totals> => {
    const { convertAll, inputError, sha256, render, LIMITS, megabytes } = await load();
    const limits = {
      maxBytes: opts.maxSize !== undefined ? Number(opts.maxSize) * 1048576 : LIMITS.maxBytes,
      maxLineChars: opts.maxLine !== undefined ? Number(opts.maxLine) : LIMITS.maxLineChars,
    };
    const totals: Totals = { files: 0, failed: 0, tables: 0, figures: 0, failedChecks: 0 };
    // each worker may hold its heap cap: more workers than 4 a core add memory, not speed
    const most = availableParallelism() * 4;
    const asked = opts.jobs ? Number(opts.jobs) : availableParallelism();
    const jobs = Math.min(asked, most);
    if (asked > most) progress.say(`disclose: --jobs ${asked} is more than this machine can use; running ${most} (4 a core).`);
    const timeout = opts.timeout !== undefined ? Number(opts.timeout) : DEFAULT_TIMEOUT;
    const record = async (input: Input, result: Rendered) => {
      tally(totals, result, progress);
      await each(input, result);
      progress.tick();
    };
    const blank = { format: 'text' as const, sha256: sha256(new Uint8Array()), pages: null };
    // inputs known to be unreadable (a folder without permission, a FIFO) get their record unopened
    for (const input of inputs.filter((i) => i.problem))
      await record(input, render(inputError({ path: input.path, ...blank }, input.problem!.code, input.problem!.message, { unit: opts.unit }), output));
    // standard input is read here (no further than --max-size), then converted in a worker like a file
    const files: Input[] = [];
    const tasks: Task[] = [];
    for (const input of inputs.filter((i) => !i.problem)) {
      if (input.path !== '-') {
        files.push(input);
        tasks.push(input.path);
        continue;
      }
      const bytes = await readStdin(io, limits.maxBytes);
      if (bytes === undefined) continue;
      if (bytes === null)
        await record(input, render(inputError({ path: '-', ...blank }, 'too-large', `- (standard input) is more than the ${megabytes(limits.maxBytes)} MB an input may be (--max-size raises it).`, { unit: opts.unit }), output));
      else {
        files.push(input);
        tasks.push({ path: '-', bytes });
      }
    }
    // results are written one after another, in the order they are delivered: two writes that
    // interleave at an await would put a CSV header twice or a later document before an earlier one
    let written: Promise<void> = Promise.resolve();
    // the first output that cannot be written stops the run: no file more is converted for nothing
    let writeFault: { error: unknown } | null = null;
    const stop = new AbortController();
    const signal = io.signal ? AbortSignal.any([io.signal, stop.signal]) : stop.signal;
    await convertAll(
      tasks,
      { jobs: files.length > 1 || timeout > 0 ? jobs : 1, timeout, extract: { unit: opts.unit, ...limits }, output, env, ordered: opts.ordered ?? true, signal },
      (k, result) =>
        (written = written
          .then(() => (writeFault ? undefined : record(files[k]!, result)))
          .catch((error: unknown) => {
            writeFault ??= { error };
            stop.abort();
          })),
    );
    await written;
    if (writeFault) throw (writeFault as { error: unknown }).error;
    if (totals.failed > 0) code = EXIT.inputFailed;
    if (io.signal?.aborted) {
      progress.say(`disclose: interrupted: ${totals.files} of ${inputs.length} inputs done and written; the rest were not converted.`);
      code = io.signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    }
    return totals;
  };

  /** The inputs of a command, or the reason to stop before converting any (exit 2 or 64). */
  const inputsOf = async (args: string[], opts: { jobs?: string; shard?: string; timeout?: string; maxSize?: string; maxLine?: string }) => {
    const { resolveInputs, shard, workerLimits } = await load();
    workerLimits(env);
    if (opts.jobs !== undefined && !(/^\d+$/.test(opts.jobs) && Number(opts.jobs) >= 1)) throw new UsageError(`--jobs takes a whole number of 1 or more, not "${opts.jobs}"`);
    if (opts.timeout !== undefined && !(/^\d+(\.\d+)?$/.test(opts.timeout) && Number.isFinite(Number(opts.timeout)))) throw new UsageError(`--timeout takes seconds (0 for no limit), not "${opts.timeout}"`);
    if (opts.maxSize !== undefined && !(/^\d+(\.\d+)?$/.test(opts.maxSize) && Number(opts.maxSize) > 0)) throw new UsageError(`--max-size takes megabytes, not "${opts.maxSize}"`);
    if (opts.maxLine !== undefined && !(/^\d+$/.test(opts.maxLine) && Number(opts.maxLine) > 0)) throw new UsageError(`--max-line takes a number of characters, not "${opts.maxLine}"`);
    const resolved = await resolveInputs(args);
    for (const arg of resolved.unmatched) io.stderr.write(`disclose: ${arg}: matches no file\n`);
    if (resolved.unmatched.length > 0) code = EXIT.inputFailed;
    let inputs = resolved.inputs;
    if (opts.shard) inputs = shard(inputs, opts.shard);
    return { inputs, expanded: resolved.expanded, nothing: resolved.inputs.length === 0 };
  };

  program
    .command('extract')
    .description('extract the tables of disclosures (files, directories, globs, - for stdin) as SPEC v1 JSON')
    .argument('<inputs...>', 'files, directories, globs, or - for standard input')
    .addOption(new Option('--format <format>', 'output format (default: json for one file, ndjson for a folder, a glob or several inputs)').choices(['json', 'ndjson', 'csv']))
    .option('--out <dir-or-file>', 'a directory: one file per input, mirroring relative paths; a .json, .ndjson or .csv file: the whole run in one file')
    .addOption(new Option('--what <what>', 'with --format csv: a line a figure (figures), or a line a check (checks)').choices(['figures', 'checks']).default('figures'))
    .addOption(new Option('--unit <unit>', 'unit of the amounts in the output').choices(['yuan', 'wan']).default('yuan'))
    .option('--jobs <n>', 'conversions at once, on worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'convert only shard i of n of the sorted inputs')
    .option('--timeout <seconds>', `stop a file that takes longer, with an error record (default ${DEFAULT_TIMEOUT}; 0: never)`)
    .option('--max-size <MB>', 'inputs larger than this get a too-large record, unread (default 256)')
    .option('--max-line <chars>', 'a text whose line is longer than this gets a too-large record (default 1000000)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails (error) or on warnings').choices(['error', 'warning', 'never']).default('never'))
    .option('--quiet', 'no progress and no summary on stderr')
    .showHelpAfterError('see disclose extract --help')
    .addHelpText('after', EXTRACT_EXAMPLES)
    .action(async (args: string[], opts: { format?: 'json' | 'ndjson' | 'csv'; what: 'figures' | 'checks'; out?: string; unit: 'yuan' | 'wan'; jobs?: string; shard?: string; timeout?: string; maxSize?: string; maxLine?: string; failOn: FailOn; quiet?: boolean }) => {
      const { CSV_BOM, CSV_HEADER, CSV_CHECKS_HEADER } = await load();
      const quiet = opts.quiet ?? false;
      const { inputs, expanded, nothing } = await inputsOf(args, opts);
      const several = expanded || inputs.length > 1;

      // where the output goes: stdout, one file per input under a directory, or one file
      let outDir: string | null = null;
      let outFile: string | null = null;
      let format = opts.format;
      if (opts.out !== undefined) {
        const st = await stat(opts.out).catch(() => null);
        const ext = extname(opts.out).toLowerCase();
        if (!st?.isDirectory() && !/[\\/]$/.test(opts.out) && ['.json', '.ndjson', '.jsonl', '.csv'].includes(ext)) {
          outFile = opts.out;
          const implied = ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : 'ndjson';
          if (format && format !== implied) throw new UsageError(`--out ${opts.out} is a ${ext} file but --format is ${format}; name a .${format === 'csv' ? 'csv' : format === 'json' ? 'json' : 'ndjson'} file, or a directory`);
          format = implied;
        } else if (st && !st.isDirectory()) throw new UsageError(`--out ${opts.out} is a file; name a directory, or a .json, .ndjson or .csv file for the whole run`);
        else outDir = opts.out;
      }
      format ??= outDir ? 'json' : several ? 'ndjson' : 'json';
      if (opts.what === 'checks' && format !== 'csv') throw new UsageError(`--what checks goes with --format csv (JSON and NDJSON hold the checks already)`);
      if (format === 'json' && several && !outDir)
        throw new UsageError(
          `--format json prints one document, and these inputs are ${inputs.length === 1 ? 'a folder or a glob' : `${inputs.length} files`}: use --format ndjson (one JSON document a line), --out DIR (one .json file each), or --out FILE.ndjson`,
        );
      if (nothing) {
        code = EXIT.inputFailed;
        return;
      }

      // under --out DIR: one name per input, checked before anything is written
      const targets = new Map<Input, string>();
      if (outDir) {
        const suffix = format === 'csv' ? '.csv' : format === 'ndjson' ? '.ndjson' : '.json';
        const owner = new Map<string, Input>();
        for (const input of inputs) {
          const base = join(outDir, input.rel);
          for (const t of [`${base}${suffix}`, `${base}.error.json`]) {
            const other = owner.get(resolve(t));
            if (other) throw new UsageError(`${other.path} and ${input.path} would both be written to ${t}; convert them in two runs or into two --out directories`);
            owner.set(resolve(t), input);
          }
          targets.set(input, `${base}${suffix}`);
        }
      }

      // one file for the whole run: written to a temporary file, renamed when the run is done
      let sink: { write(s: string): Promise<void>; done(): Promise<void>; abandon(): Promise<void> } | null = null;
      if (outFile) {
        const target = outFile;
        await mkdir(dirname(resolve(target)), { recursive: true });
        const tmp = tmpName(target);
        const handle = await open(tmp, 'w');
        sink = {
          write: async (s) => {
            await handle.write(s);
          },
          done: async () => {
            await handle.close();
            await rename(tmp, target);
          },
          abandon: async () => {
            await handle.close().catch(() => undefined);
            await rm(tmp, { force: true });
          },
        };
      }
      const write = async (s: string) => (sink ? sink.write(s) : void io.stdout.write(s));

      const progress = new Progress(io, inputs.length, !quiet && io.stderr.isTTY === true && inputs.length > 1);
      let gate = false;
      let csvStarted = false;
      const csvHead = `${CSV_BOM}${(opts.what === 'checks' ? CSV_CHECKS_HEADER : CSV_HEADER).join(',')}\n`;
      const converting = convert(
        inputs,
        // one file per input: each written as soon as it is done
        { ...opts, ordered: outDir === null },
        { command: 'extract', format, failOn: opts.failOn, what: opts.what },
        async (input, result) => {
          if (result.gated) gate = true;
          const target = targets.get(input);
          if (target) {
            const errorTarget = `${join(outDir!, input.rel)}.error.json`;
            await writeAtomic(result.errorJson ? errorTarget : target, result.errorJson ?? (format === 'csv' ? `${csvHead}${result.text}` : result.text));
            // a rerun leaves no stale record of the other outcome beside this one
            await rm(result.errorJson ? target : errorTarget, { force: true });
            return;
          }
          if (format === 'csv' && !csvStarted) {
            csvStarted = true;
            await write(csvHead);
          }
          await write(result.text);
        },
        progress,
      );
      // a run that fails to write leaves no temporary file behind
      const totals = await converting.catch(async (err: unknown) => {
        await sink?.abandon();
        throw err;
      });
      if (format === 'csv' && !csvStarted && !outDir) await write(csvHead);
      await sink?.done();
      if (!quiet && inputs.length > 1) io.stderr.write(summarise(totals));
      if (gate && code === EXIT.ok) code = EXIT.checksFailed;
    });

  program
    .command('check')
    .description('verify every identity of disclosures and report what does not add up')
    .argument('<inputs...>', 'files, directories, globs, or - for standard input')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails (error), or also on warnings').choices(['error', 'warning', 'never']).default('error'))
    .option('--json', "the inputs are disclose's own JSON or NDJSON output: check those documents again")
    .option('--verbose', 'also list passed and skipped checks and info diagnostics')
    .option('--jobs <n>', 'conversions at once, on worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'check only shard i of n of the sorted inputs')
    .option('--timeout <seconds>', `stop a file that takes longer, with an error record (default ${DEFAULT_TIMEOUT}; 0: never)`)
    .option('--max-size <MB>', 'inputs larger than this get a too-large record, unread (default 256)')
    .option('--max-line <chars>', 'a text whose line is longer than this gets a too-large record (default 1000000)')
    .option('--quiet', 'no progress and no summary on stderr')
    .showHelpAfterError('see disclose check --help')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (args: string[], opts: { format: 'text' | 'json'; failOn: FailOn; json?: boolean; verbose?: boolean; jobs?: string; shard?: string; timeout?: string; maxSize?: string; maxLine?: string; quiet?: boolean }) => {
      const { inputs, nothing } = await inputsOf(args, opts);
      if (nothing) {
        code = EXIT.inputFailed;
        return;
      }
      let gate = false;
      const progress = new Progress(io, inputs.length, !(opts.quiet ?? false) && io.stderr.isTTY === true && inputs.length > 1);
      const output: OutputSpec = { command: 'check', format: opts.format, failOn: opts.failOn, verbose: opts.verbose ?? false, color };
      const years: YearFacts[] = [];
      const report = (result: Rendered) => {
        if (result.gated) gate = true;
        if (result.years) years.push(result.years);
        io.stdout.write(result.text);
      };
      const totals = opts.json ? await recheck(inputs, output, report, progress, opts.maxSize) : await convert(inputs, { ...opts, unit: 'yuan' }, output, (_input, result) => report(result), progress);
      // a department's documents of consecutive years: this year's text against last year's figures
      const { pairYears, compareYears, formatYears, SCHEMA_VERSION } = await load();
      for (const [current, previous] of pairYears(years)) {
        const checks = compareYears(current, previous);
        if (checks.length === 0) continue;
        if (opts.format === 'text') io.stdout.write(formatYears(current.source, previous.source, checks, { verbose: opts.verbose ?? false, color }));
        else io.stdout.write(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, years: { current: current.source, previous: previous.source }, checks })}\n`);
        if (opts.failOn !== 'never' && checks.some((c) => c.status === 'fail')) gate = true;
      }
      if (!opts.quiet && inputs.length > 1) io.stderr.write(summarise(totals));
      if (gate && code === EXIT.ok) code = EXIT.checksFailed;
    });

  /** check --json: disclose's own output read back, each document checked again as it stands. */
  const recheck = async (inputs: Input[], output: OutputSpec, report: (result: Rendered) => void, progress: Progress, maxSize?: string): Promise<Totals> => {
    const { reread, render, LIMITS, tooLarge, megabytes } = await load();
    const maxBytes = maxSize !== undefined ? Number(maxSize) * 1048576 : LIMITS.maxBytes;
    const totals: Totals = { files: 0, failed: 0, tables: 0, figures: 0, failedChecks: 0 };
    for (const input of inputs) {
      if (io.signal?.aborted) {
        code = io.signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
        break;
      }
      let text = '';
      try {
        if (input.problem) text = '';
        else if (input.path === '-') {
          const bytes = await readStdin(io, maxBytes);
          if (bytes === null) input.problem = { code: 'too-large', message: `- (standard input) is more than the ${megabytes(maxBytes)} MB an input may be (--max-size raises it).` };
          else text = Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
        } else {
          const big = tooLarge(input.path, (await stat(input.path)).size, { maxBytes });
          if (big) input.problem = { code: 'too-large', message: big };
          else text = await readFile(input.path, 'utf8');
        }
      } catch (err) {
        text = '';
        input.problem = { code: 'read-failed', message: `${input.path}: ${(err as Error).message}` };
      }
      for (const doc of reread(input.path, text, input.problem)) {
        const result = render(doc, output);
        tally(totals, result, progress);
        report(result);
      }
      progress.tick();
    }
    if (totals.failed > 0 && code === EXIT.ok) code = EXIT.inputFailed;
    return totals;
  };

  program
    .command('report')
    .description('show what was read: an HTML page a document (its pages drawn, every figure read marked over them, the checks that fail), or an Excel workbook')
    .argument('<inputs...>', 'files, directories, globs, or - for standard input')
    .requiredOption('--out <dir>', 'the directory to write into: one file per input, mirroring relative paths, and index.html for HTML')
    .addOption(new Option('--format <format>', 'html: a page per document over its page images; xlsx: a workbook per document').choices(['html', 'xlsx']).default('html'))
    .addOption(new Option('--unit <unit>', 'unit of the amounts in hover texts and the checks (tables show their printed units)').choices(['yuan', 'wan']).default('yuan'))
    .option('--jobs <n>', 'reports made at once, on worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'report only shard i of n of the sorted inputs')
    .option('--timeout <seconds>', `stop a file that takes longer, its report saying so (default ${DEFAULT_TIMEOUT}; 0: never)`)
    .option('--max-size <MB>', 'inputs larger than this get a too-large record, unread (default 256)')
    .option('--quiet', 'no progress and no summary on stderr')
    .showHelpAfterError('see disclose report --help')
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (args: string[], opts: { out: string; format: 'html' | 'xlsx'; unit: 'yuan' | 'wan'; jobs?: string; shard?: string; timeout?: string; maxSize?: string; quiet?: boolean }) => {
      const { inputs, nothing } = await inputsOf(args, opts);
      const st = await stat(opts.out).catch(() => null);
      if (st && !st.isDirectory()) throw new UsageError(`--out ${opts.out} is a file; name a directory (one report a document is written into it)`);
      if (nothing) {
        code = EXIT.inputFailed;
        return;
      }
      const { indexHtml } = await import('../report/html.js');
      const suffix = `.${opts.format}`;
      // a shard's index names its shard: shards writing into one --out do not overwrite each other's
      const indexName = opts.shard ? `index-${opts.shard.replace('/', '-of-')}.html` : 'index.html';
      const owner = new Map<string, Input | null>([[resolve(join(opts.out, indexName)), null]]);
      for (const input of inputs) {
        for (const t of [resolve(join(opts.out, `${input.rel}${suffix}`)), resolve(join(opts.out, `${input.rel}.error.json`))]) {
          if (owner.has(t)) {
            const other = owner.get(t);
            throw new UsageError(other ? `${other.path} and ${input.path} would both be written to ${t}; report them in two runs or into two --out directories` : `${input.path}'s report would be written over the batch's ${indexName}; report it into another --out directory`);
          }
          owner.set(t, input);
        }
      }
      const progress = new Progress(io, inputs.length, !opts.quiet && io.stderr.isTTY === true && inputs.length > 1);
      const order = new Map(inputs.map((input, k) => [input, k]));
      const entries: { at: number; href: string; summary: NonNullable<Rendered['summary']> }[] = [];
      let failedChecks = 0;
      // each report written as soon as it is made (in workers, --timeout each: drawing a page is pdf.js's slowest work)
      await convert(
        inputs,
        { ...opts, ordered: false },
        { command: 'report', format: opts.format },
        async (input, result) => {
          const file = `${input.rel}${suffix}`;
          const target = join(opts.out, file);
          const errorTarget = join(opts.out, `${input.rel}.error.json`);
          // an input with no workbook (it could not be read) gets its error record, as extract --out DIR writes it
          const written = result.text !== '' ? file : `${input.rel}.error.json`;
          await writeAtomic(result.text !== '' ? target : errorTarget, result.text !== '' ? (result.base64 ? Buffer.from(result.text, 'base64') : result.text) : (result.errorJson ?? ''));
          // a rerun leaves no stale report of the other outcome beside this one
          await rm(result.text !== '' ? errorTarget : target, { force: true });
          if (result.summary) entries.push({ at: order.get(input) ?? 0, href: written.split(/[\\/]/).map(encodeURIComponent).join('/'), summary: result.summary });
          failedChecks += result.failedChecks;
        },
        progress,
      );
      entries.sort((a, b) => a.at - b.at);
      if (opts.format === 'html') await writeAtomic(join(opts.out, indexName), indexHtml(entries));
      if (!opts.quiet) {
        const n = entries.length;
        const open = opts.format === 'html' ? ` (open ${join(opts.out, n === 1 ? `${inputs[0]!.rel}${suffix}` : indexName)})` : '';
        io.stderr.write(`disclose: ${n} report${n === 1 ? '' : 's'} written to ${opts.out}${open}; ${failedChecks} failed check${failedChecks === 1 ? '' : 's'}.\n`);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of every record the tool writes (documents, check reports, error records)')
    .showHelpAfterError('see disclose schema --help')
    .action(async () => {
      const { jsonSchema } = await load();
      io.stdout.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
    });

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) return usage(program.args[0], err.message);
    if (isWriteFault(err)) {
      io.stderr.write(`disclose: could not write the output: ${(err as Error).message}\n`);
      return EXIT.inputFailed;
    }
    throw err;
  }
  return code;
}

/**
 * A failure to write the output (a read-only or full disk, a folder that cannot be made): one line,
 * exit 2. Inputs are read inside the per-file boundary, so a system error that reaches the command
 * is the output's.
 */
function isWriteFault(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}
