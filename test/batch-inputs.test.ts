import { Ajv2020 } from 'ajv/dist/2020.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { jsonSchema } from '../src/schema/index.js';
import { SEED_000, SEED_001, SEED_002, root } from './helpers/seeds.js';

async function cli(argv: string[], env: Record<string, string | undefined> = {}, tty = false) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
  });
  return { code, stdout, stderr };
}

const validate = new Ajv2020({ strict: false, allErrors: true }).compile(jsonSchema() as object);
const records = (ndjson: string) => ndjson.trim().split('\n').map((l) => JSON.parse(l) as { source: { path: string }; error?: { code: string; message: string } });

/**
 * A folder as a scraper leaves it: the same report as .txt, .md and .pdf (names that once mapped to
 * one output file), a .docx, an .html page, a script, the tool's own JSON output, a PNG, a symbolic
 * link to a good file and one to a folder above (a loop), and a sub-folder disclose may not read.
 */
let folder: string;
let ownJson: string;
const asRoot = process.getuid?.() === 0;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'disclose-inputs-'));
  mkdirSync(join(folder, 'a'));
  copyFileSync(`${root}${SEED_000}`, join(folder, 'a', 'report.txt'));
  copyFileSync(`${root}${SEED_001}`, join(folder, 'a', 'report.md'));
  copyFileSync(`${root}fixtures/pdf/tables-html-writer.pdf`, join(folder, 'a', 'report.pdf'));
  // a .docx is a ZIP holding word/document.xml
  writeFileSync(join(folder, 'b.docx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]), Buffer.from('\0'.repeat(16) + 'word/document.xml')]));
  writeFileSync(join(folder, 'c.html'), '<!DOCTYPE html>\n<html><body><h1>2024年部门预算</h1><table><tr><td>收支总表</td></tr></table></body></html>\n');
  writeFileSync(join(folder, 'd.mjs'), "// 表1 收入支出决算总表\nexport const title = '2022年度部门决算';\n");
  ownJson = join(folder, 'e.json');
  writeFileSync(ownJson, (await cli(['extract', `${root}${SEED_002}`])).stdout);
  writeFileSync(join(folder, 'f.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
  symlinkSync(join(folder, 'a', 'report.txt'), join(folder, 'g-link.txt'));
  symlinkSync(folder, join(folder, 'a', 'loop'));
  mkdirSync(join(folder, 'locked'));
  copyFileSync(`${root}${SEED_002}`, join(folder, 'locked', 'hidden-from-us.txt'));
  chmodSync(join(folder, 'locked'), 0o000);
  // as root no folder is locked: the test runs the CLI as `nobody` then (below)
  if (asRoot) chmodSync(folder, 0o777);
});

/** The CLI as a separate process: as `nobody` when the tests run as root, so that permissions hold. */
function spawnCli(args: string[], cwd = folder) {
  const res = spawnSync(process.execPath, [`${root}bin/disclose.js`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  if (res.error) throw new Error(`could not run ${process.execPath}${asRoot ? ' as nobody (is it readable by all?)' : ''}: ${res.error.message}`);
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('a batch of everything a folder holds', () => {
  it('gives one record per input, names each failure and what to do, and converts the rest', () => {
    const { code, stdout, stderr } = spawnCli(['extract', '.', '--quiet', '--jobs', '2']);
    expect(code).toBe(2);
    const got = records(stdout).map((r) => [r.source.path.replace(`${folder}/`, ''), r.error?.code ?? null]);
    expect(got).toEqual([
      ['locked/', 'read-failed'],
      ['a/report.md', null],
      ['a/report.pdf', null],
      ['a/report.txt', null],
      ['b.docx', 'unsupported-type'],
      ['c.html', 'unsupported-type'],
      ['d.mjs', 'unsupported-type'],
      ['e.json', 'unsupported-type'],
      ['f.png', 'unsupported-type'],
    ]);
    const messages = Object.fromEntries(records(stdout).filter((r) => r.error).map((r) => [r.source.path.replace(`${folder}/`, ''), r.error!.message]));
    expect(messages['locked/']).toBe(`${folder}/locked/: a folder that could not be read (permission denied); the files in it were not converted.`);
    expect(messages['b.docx']).toContain('is a Word document (.docx), which disclose does not read: save or print it as PDF');
    expect(messages['e.json']).toContain("is disclose's own JSON output, which disclose does not read: re-check it with `disclose check --json`");
    expect(messages['f.png']).toContain('is an image');
    // the link to a.txt is the same file: read once; the link to the folder above is not followed
    expect(stdout).not.toContain('g-link.txt');
    expect(stdout).not.toContain('loop');
    for (const r of records(stdout)) expect(validate(r) ? [] : validate.errors).toEqual([]);
    expect(stderr).toContain('locked/: a folder that could not be read');
  });

  it('writes one file per input under --out, the extension kept, none overwritten', () => {
    const out = mkdtempSync(join(tmpdir(), 'disclose-inputs-out-'));
    if (asRoot) chmodSync(out, 0o777);
    const { code } = spawnCli(['extract', 'a', '--quiet', '--out', out]);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.md.json', 'report.pdf.json', 'report.txt.json']);
    const year = (f: string) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { document: { year: number } }).document.year;
    expect([year('report.txt.json'), year('report.md.json')]).toEqual([2022, 2024]);
  });

  it('writes --format ndjson and csv under --out as such, and one file for --out FILE', async () => {
    const out = mkdtempSync(join(tmpdir(), 'disclose-inputs-fmt-'));
    expect((await cli(['extract', join(folder, 'a'), '--quiet', '--out', out, '--format', 'ndjson'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.md.ndjson', 'report.pdf.ndjson', 'report.txt.ndjson']);
    expect(readFileSync(join(out, 'report.txt.ndjson'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect((await cli(['extract', join(folder, 'a'), '--quiet', '--out', join(out, 'all.csv')])).code).toBe(0);
    const csv = readFileSync(join(out, 'all.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('\ufeffdocument,department,year,document_kind,table_id,table_kind,table_number,table_title,page,source_line,side,line,code,government_economic_code,economic_code,group,stage,name,row_key,column,column_label,value_yuan,printed_unit,error');
    expect(new Set(csv.slice(1).filter(Boolean).map((l) => l.split(',')[0]))).toEqual(new Set(['md', 'pdf', 'txt'].map((e) => join(folder, 'a', `report.${e}`))));
    expect((await cli(['extract', join(folder, 'a'), '--quiet', '--out', join(out, 'all.ndjson')])).code).toBe(0);
    expect(readFileSync(join(out, 'all.ndjson'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses two inputs that would be written to one file, naming both, before writing anything', async () => {
    const other = mkdtempSync(join(tmpdir(), 'disclose-inputs-twin-'));
    copyFileSync(`${root}${SEED_001}`, join(other, 'report.txt'));
    const out = mkdtempSync(join(tmpdir(), 'disclose-inputs-twin-out-'));
    const { code, stderr } = await cli(['extract', join(folder, 'a'), other, '--out', out]);
    expect(code).toBe(64);
    expect(stderr).toContain(`${join(folder, 'a', 'report.txt')} and ${join(other, 'report.txt')} would both be written to ${join(out, 'report.txt.json')}`);
    expect(stderr.trimEnd().endsWith('see disclose extract --help')).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  it('prints NDJSON for a folder or a glob of one file, and refuses --format json for several', async () => {
    const one = mkdtempSync(join(tmpdir(), 'disclose-inputs-one-'));
    copyFileSync(`${root}${SEED_002}`, join(one, 'x.txt'));
    const { stdout } = await cli(['extract', one]);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect((await cli(['extract', `${one}/*.txt`])).stdout.trim().split('\n')).toHaveLength(1);
    const bad = await cli(['extract', one, '--format', 'json']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--format json prints one document');
    expect(bad.stderr).toContain('--format ndjson');
    expect((await cli(['extract', `${root}${SEED_000}`, `${root}${SEED_001}`, '--format', 'json'])).code).toBe(64);
  });

  it('exits 2 with a message when a glob or a folder matches nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'disclose-inputs-empty-'));
    const glob = await cli(['extract', `${empty}/*.pdf`]);
    expect(glob).toEqual({ code: 2, stdout: '', stderr: `disclose: ${empty}/*.pdf: matches no file\n` });
    expect((await cli(['check', empty])).code).toBe(2);
  });

  it('re-checks its own JSON with check --json, and refuses it without', async () => {
    const again = await cli(['check', '--json', ownJson, '--format', 'json']);
    expect(again.code).toBe(1); // seed 002 prints a figure that does not add up
    const rec = JSON.parse(again.stdout) as { checks: { status: string }[] };
    const first = JSON.parse(readFileSync(ownJson, 'utf8')) as { checks: { status: string; formula: string }[] };
    expect(rec.checks).toEqual(first.checks);
    expect(validate(rec) ? [] : validate.errors).toEqual([]);
    const plain = await cli(['check', ownJson]);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toContain('could not be read');
    expect(plain.stdout).toContain('check --json');
    // its size bounded like any input's
    const big = await cli(['check', '--json', ownJson, '--format', 'json', '--max-size', '0.001']);
    expect(big.code).toBe(2);
    expect(JSON.parse(big.stdout)).toMatchObject({ source: { path: ownJson }, error: { code: 'too-large' } });
    expect(JSON.parse(big.stdout).error.message).toMatch(/^\S+e\.json is [\d.]+ MB, more than the 0\.001 MB an input may be \(--max-size raises it\)\.$/);
  });

  it('puts a failed input into the text report itself, not only on stderr', async () => {
    const { stdout } = await cli(['check', join(folder, 'b.docx'), `${root}${SEED_001}`, '--quiet']);
    expect(stdout).toContain(`${join(folder, 'b.docx')}\n  error could not be read: ${join(folder, 'b.docx')} is a Word document (.docx)`);
    expect(stdout).toContain('武汉市江汉区融媒体中心');
  });
});

describe('an interrupted run (Ctrl-C, SIGTERM)', () => {
  const many = () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclose-interrupt-'));
    for (let k = 0; k < 6; k++) copyFileSync(`${root}${[SEED_000, SEED_001, SEED_002][k % 3]}`, join(dir, `${k}.txt`));
    return dir;
  };

  it('writes what is done, says so, and ends 130; with --out FILE the file holds the records done and no temporary is left', async () => {
    const dir = many();
    const out = mkdtempSync(join(tmpdir(), 'disclose-interrupt-out-'));
    const stop = new AbortController();
    let stdout = '';
    let stderr = '';
    const code = await run(['extract', dir, '--jobs', '1'], {
      stdout: {
        write: (s: string) => {
          stdout += s;
          stop.abort('SIGINT');
        },
      },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      signal: stop.signal,
    });
    expect(code).toBe(130);
    const done = stdout.trim().split('\n');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(6);
    expect(stderr).toContain(`disclose: interrupted: ${done.length} of 6 inputs done and written; the rest were not converted.`);

    // SIGTERM after the first record (a .docx sorted first: its message on stderr is the cue)
    copyFileSync(join(folder, 'b.docx'), join(dir, '0.docx'));
    for (const target of [join(out, 'all.ndjson'), join(out, 'each')]) {
      const term = new AbortController();
      const termCode = await run(['extract', dir, '--jobs', '1', '--out', target], {
        stdout: { write: () => true },
        stderr: { write: () => term.abort('SIGTERM') },
        env: {},
        signal: term.signal,
      });
      expect(termCode).toBe(143);
    }
    const records = readFileSync(join(out, 'all.ndjson'), 'utf8').trim().split('\n');
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.length).toBeLessThan(7);
    expect(JSON.parse(records[0]!)).toMatchObject({ error: { code: 'unsupported-type' } });
    const each = readdirSync(join(out, 'each'));
    expect(each).toContain('0.docx.error.json');
    expect(each.length).toBeLessThan(7);
    expect([...readdirSync(out), ...each].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('limits on an input', () => {
  it('a text with a line no disclosure prints, or a file over --max-size, gets too-large, unread; the rest is converted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclose-limits-'));
    writeFileSync(join(dir, 'a-one-line.txt'), '1,234.56\t'.repeat(200_000)); // 1.8 M characters on one line
    copyFileSync(`${root}${SEED_000}`, join(dir, 'b-seed.txt'));
    const { code, stdout } = await cli(['extract', dir, '--quiet', '--jobs', '1']);
    expect(code).toBe(2);
    const [long, seed] = records(stdout);
    expect(long!.error).toEqual({ code: 'too-large', message: `${join(dir, 'a-one-line.txt')} has a line of 1,800,000 characters, more than the 1,000,000 a line may be (--max-line raises it); it is not a disclosure's text.` });
    expect(seed!.error).toBeUndefined();
    for (const r of records(stdout)) expect(validate(r) ? [] : validate.errors).toEqual([]);
    // the same line is read when the limit allows it (it is no disclosure, and says so)
    expect(records((await cli(['extract', join(dir, 'a-one-line.txt'), '--max-line', '2000000', '--format', 'ndjson'])).stdout)[0]!.error?.code).toBe('not-a-disclosure');
    // --max-size, in MB: the seed (~60 kB) is over 0.01 MB
    const small = records((await cli(['extract', join(dir, 'b-seed.txt'), '--max-size', '0.01', '--format', 'ndjson'])).stdout)[0]!;
    expect(small.error?.code).toBe('too-large');
    expect(small.error?.message).toMatch(/b-seed\.txt is 0\.0\d+ MB, more than the 0\.01 MB an input may be \(--max-size raises it\)\.$/);
    expect((await cli(['extract', join(dir, 'b-seed.txt'), '--max-size', 'lots'])).code).toBe(64);
  });
});

describe('output that cannot be written', () => {
  it('is one line naming the fault, exit 2, and no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclose-out-file-'));
    writeFileSync(join(dir, 'taken'), 'a file, not a folder');
    // a folder under a file cannot be made (ENOTDIR)
    const { code, stdout, stderr } = await cli(['extract', `${root}${SEED_000}`, `${root}${SEED_001}`, '--quiet', '--out', join(dir, 'taken', 'out')]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe(`disclose: could not write the output: ENOTDIR: not a directory, mkdir '${join(dir, 'taken', 'out')}'\n`);
    const onFile = await cli(['extract', `${root}${SEED_000}`, '--out', join(dir, 'taken')]);
    expect(onFile.code).toBe(64);
    expect(onFile.stderr).toContain('is a file; name a directory');
    // --out FILE in a folder that cannot be made: the same, and no temporary file anywhere
    expect((await cli(['extract', `${root}${SEED_000}`, '--quiet', '--out', join(dir, 'taken', 'all.ndjson')])).code).toBe(2);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('terminal habits', () => {
  it('exits 64 with the help when given no arguments', async () => {
    const { code, stderr } = await cli([]);
    expect(code).toBe(64);
    expect(stderr).toContain('Usage: disclose');
  });

  it('ends a usage error with where the help is', async () => {
    const { code, stderr } = await cli(['extract', '--jobs', 'lots', `${root}${SEED_000}`]);
    expect(code).toBe(64);
    expect(stderr).toBe('disclose: --jobs takes a whole number of 1 or more, not "lots"\nsee disclose extract --help\n');
    expect((await cli(['check', '--frobnicate', 'x'])).stderr).toContain('see disclose check --help');
  });

  it('runs at most 4 workers a core, whatever --jobs asks, and says so', async () => {
    const { code, stdout, stderr } = await cli(['extract', `${root}${SEED_000}`, `${root}${SEED_002}`, '--jobs', '100000']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).toContain(`disclose: --jobs 100000 is more than this machine can use; running ${availableParallelism() * 4} (4 a core).`);
  });

  it('refuses a worker memory setting that is not a number of megabytes, instead of failing every file', async () => {
    for (const bad of ['', 'abc', '12.5', '0']) {
      const { code, stdout, stderr } = await cli(['extract', `${root}${SEED_000}`], { DISCLOSE_WORKER_HEAP_MB: bad });
      expect([code, stdout]).toEqual([64, '']);
      expect(stderr).toBe(`disclose: DISCLOSE_WORKER_HEAP_MB takes a whole number of megabytes, 1 or more, not "${bad}"\nsee disclose extract --help\n`);
    }
    expect((await cli(['extract', `${root}${SEED_000}`], { DISCLOSE_WORKER_YOUNG_MB: 'x' })).code).toBe(64);
    expect((await cli(['extract', `${root}${SEED_000}`, '--quiet'], { DISCLOSE_WORKER_HEAP_MB: '256', DISCLOSE_WORKER_YOUNG_MB: '8' })).code).toBe(0);
  });

  it('shows examples in each command’s --help', async () => {
    for (const cmd of ['extract', 'check']) {
      const { code, stdout } = await cli([cmd, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('Examples:');
      expect(stdout).toContain(`$ disclose ${cmd}`);
    }
  });

  it('colours a terminal, not with NO_COLOR or --no-color, and a pipe with FORCE_COLOR', async () => {
    const esc = '\x1b[';
    expect((await cli(['check', `${root}${SEED_002}`], {}, true)).stdout).toContain(esc);
    expect((await cli(['check', `${root}${SEED_002}`], { NO_COLOR: '1' }, true)).stdout).not.toContain(esc);
    expect((await cli(['check', '--no-color', `${root}${SEED_002}`], {}, true)).stdout).not.toContain(esc);
    expect((await cli(['check', `${root}${SEED_002}`], {}, false)).stdout).not.toContain(esc);
    expect((await cli(['check', `${root}${SEED_002}`], { FORCE_COLOR: '1' }, false)).stdout).toContain(esc);
    // the command line wins over the environment
    expect((await cli(['check', '--color', `${root}${SEED_002}`], { NO_COLOR: '1' }, false)).stdout).toContain(esc);
    expect((await cli(['check', '--no-color', `${root}${SEED_002}`], { FORCE_COLOR: '1' }, true)).stdout).not.toContain(esc);
  });

  it('keeps the progress line within the terminal and off the messages', async () => {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY: true, columns: 30 }, env: {} };
    await run(['extract', `${root}${SEED_000}`, join(folder, 'b.docx'), `${root}${SEED_002}`, '--jobs', '1'], io);
    const drawn = stderr.split(/\r|\n/).filter((l) => l.includes(' files, '));
    expect(drawn.length).toBeGreaterThan(0);
    for (const l of drawn) expect(l.replace(/\x1b\[K/g, '').length).toBeLessThan(30);
    // the message about b.docx stands on a line of its own: the line is cleared before it
    expect(stderr).toMatch(/\r\x1b\[Kdisclose: .*b\.docx is a Word document/);
  });
});
