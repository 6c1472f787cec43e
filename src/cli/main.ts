import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { extract } from '../index.js';
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
