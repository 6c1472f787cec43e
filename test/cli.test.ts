import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { DocumentSchema } from '../src/schema/index.js';
import { SEED_000, SEED_001, root } from './helpers/seeds.js';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('disclose extract', () => {
  it('prints one document for one file', async () => {
    const { code, stdout, stderr } = await cli(['extract', `${root}${SEED_000}`]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = DocumentSchema.parse(JSON.parse(stdout));
    expect(doc.tables).toHaveLength(9);
  });

  it('prints one document a line for several files', async () => {
    const { code, stdout } = await cli(['extract', `${root}${SEED_000}`, `${root}${SEED_001}`]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => DocumentSchema.parse(JSON.parse(l)).document.year)).toEqual([2022, 2024]);
  });

  it('prints amounts in 万元 with --unit wan', async () => {
    const { stdout } = await cli(['extract', '--unit', 'wan', `${root}${SEED_000}`]);
    const doc = DocumentSchema.parse(JSON.parse(stdout));
    expect(doc.unit).toBe('wan');
    const exp = doc.tables.find((t) => t.kind === 'expenditure');
    expect(exp?.rows[0]?.values).toMatchObject({ total: 1409.82, basic: 308.34, project: 1101.48 });
  });

  it('names a missing file, converts the rest and exits 2', async () => {
    const { code, stdout, stderr } = await cli(['extract', 'no/such/file.txt', `${root}${SEED_001}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('no/such/file.txt');
    const [missing, doc] = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(missing).toMatchObject({ source: { path: 'no/such/file.txt' }, error: { code: 'read-failed' } });
    expect(DocumentSchema.parse(doc).document.year).toBe(2024);
  });

  it('exits 64 on a usage error', async () => {
    expect((await cli(['extract', '--unit', 'furlong', 'x.txt'])).code).toBe(64);
    expect((await cli(['frobnicate'])).code).toBe(64);
  });
});

describe('disclose schema', () => {
  it('prints the JSON Schema, unchanged unless the contract changes', async () => {
    const { code, stdout } = await cli(['schema']);
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot('./__snapshots__/schema.json');
  });
});

describe('the installed binary', () => {
  it('runs extract end to end', () => {
    const res = spawnSync(process.execPath, [`${root}bin/disclose.js`, 'extract', `${root}${SEED_001}`], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(DocumentSchema.parse(JSON.parse(res.stdout)).document.department).toBe('武汉市江汉区融媒体中心');
  });
});

describe('disclose check', () => {
  it('reports what does not add up, with both figures as printed, and exits 1', async () => {
    const { code, stdout } = await cli(['check', 'fixtures/002_cb1a81c422be5525.txt'.replace(/^/, root)]);
    expect(code).toBe(1);
    expect(stdout).toContain('2 failed');
    expect(stdout).toContain('printed 257.24 万元, expected 297.13 万元, off by -39.89 万元');
  });

  it('checks this year’s text against last year’s document of the same department, and exits 1 where it does not bear it out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclose-years-'));
    const write = (year: number, body: string) => {
      const path = join(dir, `${year}.txt`);
      writeFileSync(path, [`武汉市汉阳区融媒体中心${year}年度部门决算`, '', body].join('\n'));
      return path;
    };
    try {
      const before = write(2023, '2023年度收、支总计751.05万元。');
      const now = write(2024, '2024年度收、支总计1409.82万元。与2023年度相比，收、支总计各增加685.77万元。');
      const { code, stdout } = await cli(['check', before, now]);
      expect(code).toBe(1);
      expect(stdout).toContain(`${now}  against last year's ${before}`);
      expect(stdout).toContain('is a change of 658.77 万元');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the diagnostics of a document', async () => {
    const { stdout } = await cli(['check', `${root}${SEED_000}`]);
    expect(stdout).toContain('note-self-reference');
    expect(stdout).toContain('unit-anomaly');
  });

  it('exits 1 at --fail-on warning when a document has warnings, 0 at never', async () => {
    expect((await cli(['check', '--fail-on', 'warning', `${root}${SEED_001}`])).code).toBe(1);
    expect((await cli(['check', '--fail-on', 'never', `${root}${SEED_001}`])).code).toBe(0);
  });

  it('prints JSON checks with --format json', async () => {
    const { stdout } = await cli(['check', '--format', 'json', `${root}${SEED_001}`]);
    const out = JSON.parse(stdout) as { checks: { status: string }[] };
    expect(out.checks.length).toBeGreaterThan(100);
    expect(out.checks.filter((c) => c.status === 'fail')).toHaveLength(2);
  });
});
