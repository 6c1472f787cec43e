import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers/seeds.js';

/**
 * The package as a user gets it: `npm pack`, the tarball installed into an empty project (its
 * dependencies from the registry), and the README's own examples run there in plain Node — the CLI
 * on a fixture, and the library example copied out of the README. What the tarball forgets (the
 * classification catalogue, the schema) fails here, not on a user's machine.
 */
let project: string;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(() => {
  const packDir = mkdtempSync(join(tmpdir(), 'disclose-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' });
  const filename = (JSON.parse(out) as { filename: string }[])[0]!.filename;
  project = mkdtempSync(join(tmpdir(), 'disclose-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', join(packDir, filename)], { cwd: project, stdio: 'pipe' });
  // the README's examples name fixtures by their path in the repository
  mkdirSync(join(project, 'fixtures'));
  cpSync(join(root, 'fixtures', '001_3243ea677d3b48ef.txt'), join(project, 'fixtures', '001_3243ea677d3b48ef.txt'));
  cpSync(join(root, 'fixtures', '000_44aabd3afaab2ce1.txt'), join(project, 'fixtures', '000_44aabd3afaab2ce1.txt'));
}, 300_000);

describe('the packed package, installed', () => {
  it('runs the README’s set-up command on a bundled fixture, with the catalogue it repairs codes from', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const cmd = /npm ci && npx (disclose extract \S+)/.exec(readme)?.[1];
    expect(cmd).toBe('disclose extract fixtures/000_44aabd3afaab2ce1.txt');
    const res = spawnSync(join(project, 'node_modules', '.bin', 'disclose'), [...cmd!.split(' ').slice(1)], { cwd: project, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect((JSON.parse(res.stdout) as { tables: unknown[] }).tables).toHaveLength(9);
    // seed 001's codes are cut short: repaired from the bundled catalogue
    const seed = spawnSync(join(project, 'node_modules', '.bin', 'disclose'), ['extract', 'fixtures/001_3243ea677d3b48ef.txt'], { cwd: project, encoding: 'utf8' });
    expect(seed.status).toBe(0);
    const repairs = (JSON.parse(seed.stdout) as { diagnostics: { code: string; details?: { source?: string } }[] }).diagnostics.filter((d) => d.code === 'repaired-code');
    expect(repairs.some((d) => d.details?.source === 'catalogue')).toBe(true);
  });

  it('runs the README’s library example as written', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /## Library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'disclose'");
    // the example as printed, then what it computed
    const script = `${example!}\nconsole.log(JSON.stringify({ tables: doc.tables.length, failed: doc.checks.filter((c) => c.status === 'fail').length, checked: Object.keys(check(doc)) }));\n`;
    writeFileSync(join(project, 'example.mjs'), script);
    const res = spawnSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout.trim().split('\n').at(-1)!)).toEqual({ tables: 9, failed: 2, checked: ['checks', 'diagnostics'] }); // seed 001's text quotes two 三公 budgets the table does not print
  });

  it('ships schema.json, the same schema `disclose schema` prints', () => {
    const shipped = readFileSync(join(project, 'node_modules', 'disclose', 'schema.json'), 'utf8');
    const printed = spawnSync(join(project, 'node_modules', '.bin', 'disclose'), ['schema'], { cwd: project, encoding: 'utf8' }).stdout;
    expect(JSON.parse(shipped)).toEqual(JSON.parse(printed));
  });
});
