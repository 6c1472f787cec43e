import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { DocumentSchema } from '../src/schema/index.js';
import { SEED_000, SEED_002, root } from './helpers/seeds.js';

async function cli(argv: string[], stdin?: Buffer) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    ...(stdin ? { stdin: Readable.from([stdin]) } : {}),
  });
  return { code, stdout, stderr };
}

/** A folder as users have them: good files, a GBK copy, an empty file, a binary file, a corrupt PDF. */
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'disclose-batch-'));
  copyFileSync(`${root}${SEED_000}`, join(folder, 'a-2022-final.txt'));
  copyFileSync(`${root}${SEED_002}`, join(folder, 'b-2020-budget.txt'));
  copyFileSync(`${root}fixtures/encodings/001_3243ea677d3b48ef.gbk.txt`, join(folder, 'c-2024-final-gbk.txt'));
  writeFileSync(join(folder, 'd-empty.txt'), '');
  writeFileSync(join(folder, 'e-binary.bin'), Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xc9, 0x48, 0x44, 0x52]));
  writeFileSync(join(folder, 'f-corrupt.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog\ntruncated');
});

describe('a batch of mixed inputs', () => {
  it('converts every good file, reports each bad one by name, and exits 2; NDJSON has one line per input', async () => {
    const { code, stdout, stderr } = await cli(['extract', folder, '--jobs', '2']);
    expect(code).toBe(2);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { path: string }; error?: { code: string } });
    expect(lines.map((l) => [l.source.path.replace(folder, ''), l.error?.code ?? null])).toEqual([
      ['/a-2022-final.txt', null],
      ['/b-2020-budget.txt', null],
      ['/c-2024-final-gbk.txt', null],
      ['/d-empty.txt', 'empty-input'],
      ['/e-binary.bin', 'binary-input'],
      ['/f-corrupt.pdf', 'pdf-corrupt'],
    ]);
    for (const l of lines.filter((x) => !x.error)) DocumentSchema.parse(l);
    for (const bad of ['d-empty.txt', 'e-binary.bin', 'f-corrupt.pdf']) expect(stderr).toContain(bad);
    expect(stderr).toContain('6 files: 3 converted, 3 failed');
  });

  it('reads the GBK copy to the same tables as the UTF-8 seed', async () => {
    const gbk = JSON.parse((await cli(['extract', join(folder, 'c-2024-final-gbk.txt')])).stdout) as { tables: unknown };
    const utf8 = JSON.parse((await cli(['extract', `${root}fixtures/001_3243ea677d3b48ef.txt`])).stdout) as { tables: unknown };
    expect(gbk.tables).toEqual(utf8.tables);
  });

  it('gives the same output in the same order on one worker and on three', async () => {
    const one = await cli(['extract', folder, '--jobs', '1']);
    const three = await cli(['extract', folder, '--jobs', '3']);
    expect(three.stdout).toEqual(one.stdout);
    // CSV too: one header, each document's lines together, in input order (two results once wrote
    // their header twice when delivered in the same turn)
    const csvOne = await cli(['extract', folder, '--jobs', '1', '--format', 'csv']);
    const csvThree = await cli(['extract', folder, '--jobs', '3', '--format', 'csv']);
    expect(csvThree.stdout).toEqual(csvOne.stdout);
    expect(csvThree.stdout.split('\n').filter((l) => l.includes('document,department,year'))).toHaveLength(1);
  });

  it('splits inputs into shards that cover each exactly once', async () => {
    const paths: string[] = [];
    for (const s of ['1/3', '2/3', '3/3']) {
      const { stdout } = await cli(['extract', folder, '--shard', s, '--quiet', '--format', 'ndjson']);
      paths.push(...stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { source: { path: string } }).source.path));
    }
    expect([...paths].sort()).toEqual(readdirSync(folder).map((f) => join(folder, f)).sort());
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('writes one file a input under --out, mirroring relative paths, atomically', async () => {
    const out = mkdtempSync(join(tmpdir(), 'disclose-out-'));
    const { code } = await cli(['extract', folder, '--out', out, '--quiet']);
    expect(code).toBe(2);
    expect(readdirSync(out).sort()).toEqual([
      'a-2022-final.txt.json',
      'b-2020-budget.txt.json',
      'c-2024-final-gbk.txt.json',
      'd-empty.txt.error.json',
      'e-binary.bin.error.json',
      'f-corrupt.pdf.error.json',
    ]);
    expect(DocumentSchema.parse(JSON.parse(readFileSync(join(out, 'a-2022-final.txt.json'), 'utf8'))).document.year).toBe(2022);
  });

  it('writes CSV in long form with a BOM, a line a figure', async () => {
    const { stdout } = await cli(['extract', `${root}${SEED_000}`, '--format', 'csv']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('\ufeffdocument,department,year,document_kind,table_id,table_kind,table_number,table_title,page,source_line,side,line,code,government_economic_code,economic_code,group,stage,name,row_key,column,column_label,value_yuan,printed_unit,error');
    const doc = `${root}${SEED_000},武汉市汉阳区融媒体中心,2022,final_accounts`;
    expect(lines).toContain(`${doc},expenditure,expenditure,表3,2022年度支出决算表（表3）,,175,,,2013399,,,,,其他宣传事务支出,expenditure/2013399,total,本年支出合计,10949100,万元,`);
    expect(lines).toContain(`${doc},income_expenditure_summary,income_expenditure_summary,表1,2022 年度收入支出决算总表（表 1）,,98,income,2,,,,,,二、政府性基金预算财政拨款收入,income_expenditure_summary/income:2,amount,决算数,,万元,`);
  });

  it('gives an input that could not be read its line in CSV, the reason under error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'disclose-csv-'));
    writeFileSync(join(folder, 'empty.txt'), '');
    const { code, stdout } = await cli(['extract', join(folder, 'empty.txt'), `${root}${SEED_000}`, '--format', 'csv', '--quiet']);
    expect(code).toBe(2);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(`${join(folder, 'empty.txt')}${','.repeat(23)}empty-input: ${join(folder, 'empty.txt')} is empty.`);
    expect(lines.filter((l) => l.startsWith(`${root}${SEED_000},`)).length).toBeGreaterThan(100);
  });

  it('reads standard input for -', async () => {
    const { code, stdout } = await cli(['extract', '-'], readFileSync(`${root}${SEED_002}`));
    expect(code).toBe(0);
    expect(DocumentSchema.parse(JSON.parse(stdout))).toMatchObject({ source: { path: '-' }, document: { year: 2020 } });
  });

  it('stops a file that overruns --timeout with its own record, and goes on', async () => {
    const { code, stdout } = await cli(['extract', `${root}${SEED_000}`, `${root}${SEED_002}`, '--timeout', '0.001', '--quiet']);
    expect(code).toBe(2);
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { error?: { code: string } }).error?.code)).toEqual(['timeout', 'timeout']);
  });

  it('exits 64 on a bad --shard', async () => {
    expect((await cli(['extract', folder, '--shard', '4/3'])).code).toBe(64);
  });

  it('exits 1 at --fail-on error when a document has a failed check', async () => {
    expect((await cli(['extract', `${root}${SEED_002}`, '--fail-on', 'error'])).code).toBe(1);
    expect((await cli(['extract', `${root}${SEED_002}`])).code).toBe(0);
  });
});

describe('progress', () => {
  it('draws a bar on a terminal, and nothing with --quiet', async () => {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY: true } };
    await run(['extract', `${root}${SEED_000}`, `${root}${SEED_002}`, '--jobs', '1'], io);
    expect(stderr).toMatch(/\[#{24}\] 2\/2 files, [\d.]+\/s, ETA 0s/);
    expect(stderr).toContain('2 files: 2 converted, 0 failed');
    stderr = '';
    await run(['extract', `${root}${SEED_000}`, `${root}${SEED_002}`, '--quiet'], io);
    expect(stderr).toBe('');
  });
});
