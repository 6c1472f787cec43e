import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { check, extract } from '../index.js';
import { formatReport } from '../report/text.js';
import type { Document } from '../schema/index.js';
import { jsonSchema } from '../schema/index.js';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export const EXIT = { ok: 0, checksFailed: 1, inputFailed: 2, usage: 64 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
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

  program
    .command('extract')
    .description('extract the tables of one or more disclosures as SPEC v1 JSON')
    .argument('<files...>', 'input files')
    .addOption(new Option('--unit <unit>', 'unit of the amounts in the output').choices(['yuan', 'wan']).default('yuan'))
    .action(async (files: string[], opts: { unit: 'yuan' | 'wan' }) => {
      for (const file of files) {
        try {
          const doc = await extract(file, { unit: opts.unit });
          io.stdout.write(files.length === 1 ? `${JSON.stringify(doc, null, 2)}\n` : `${JSON.stringify(doc)}\n`);
        } catch (err) {
          io.stderr.write(`disclose: ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
          code = EXIT.inputFailed;
        }
      }
    });

  program
    .command('check')
    .description('verify every identity of one or more disclosures and report what does not add up')
    .argument('<files...>', 'input files')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails (error), or also on warnings').choices(['error', 'warning', 'never']).default('error'))
    .option('--verbose', 'also list passed and skipped checks and info diagnostics')
    .action(async (files: string[], opts: { format: 'text' | 'json'; failOn: 'error' | 'warning' | 'never'; verbose?: boolean }) => {
      let failed = false;
      for (const file of files) {
        let doc: Document;
        try {
          doc = await extract(file);
        } catch (err) {
          io.stderr.write(`disclose: ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
          code = EXIT.inputFailed;
          continue;
        }
        const fails = doc.checks.some((c) => c.status === 'fail') || doc.diagnostics.some((d) => d.severity === 'error');
        const warns = doc.diagnostics.some((d) => d.severity === 'warning');
        if ((opts.failOn !== 'never' && fails) || (opts.failOn === 'warning' && warns)) failed = true;
        if (opts.format === 'json')
          io.stdout.write(`${JSON.stringify({ source: doc.source, document: doc.document, checks: doc.checks, diagnostics: doc.diagnostics })}\n`);
        else io.stdout.write(formatReport(doc, doc.diagnostics, { verbose: opts.verbose ?? false }));
      }
      if (failed && code === EXIT.ok) code = EXIT.checksFailed;
    });

  program
    .command('schema')
    .description("print the output's JSON Schema")
    .action(() => {
      io.stdout.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    throw err;
  }
  return code;
}
