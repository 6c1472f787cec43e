import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { check } from 'recheck';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// Every regular expression of the tool runs on document text a scraper may have brought home, so
// each must take time linear in its input: no nested or overlapping quantifiers that backtrack on a
// long line. Two guards:
//  - static: recheck (a ReDoS checker, automaton analysis and fuzzing) finds no super-linear
//    pattern among the literals of src/ and the expressions src/ builds at run time;
//  - timed: each of them, run on 1 MB of the texts that were the worst for the old patterns, takes
//    at most 25 times a linear scan of the same text (a quadratic one took 1,500 times at 100 kB,
//    a linear one with Unicode classes up to 6 times on a busy machine).

const ROOT = new URL('../', import.meta.url);

interface Found {
  where: string;
  re: RegExp;
}

/** Every regular-expression literal in src/, with its file and line. */
function literals(): Found[] {
  const found: Found[] = [];
  for (const file of fg.sync('src/**/*.ts', { cwd: ROOT.pathname })) {
    const sf = ts.createSourceFile(file, readFileSync(new URL(file, ROOT), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const end = text.lastIndexOf('/');
        found.push({ where: `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, re: new RegExp(text.slice(1, end), text.slice(end + 1)) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/**
 * The expressions src/ builds with `new RegExp`: recorded while every module loads and while the
 * seeds and a PDF are extracted (the built ones that only a document's text reaches).
 */
async function built(): Promise<Found[]> {
  const seen = new Map<string, Found>();
  const Original = globalThis.RegExp;
  class Recording extends Original {
    constructor(pattern: string | RegExp, flags?: string) {
      super(pattern, flags);
      const key = `/${this.source}/${this.flags}`;
      if (!seen.has(key)) seen.set(key, { where: `built ${key.length > 80 ? `${key.slice(0, 80)}…` : key}`, re: new Original(this.source, this.flags) });
    }
  }
  globalThis.RegExp = Recording as RegExpConstructor;
  try {
    for (const file of fg.sync('src/**/*.ts', { cwd: ROOT.pathname })) await import(/* @vite-ignore */ new URL(file, ROOT).href);
    const { extractText, extractBytes } = await import('../src/extract.js');
    for (const f of fg.sync('fixtures/*.txt', { cwd: ROOT.pathname })) extractText(readFileSync(new URL(f, ROOT), 'utf8'));
    await extractBytes(new Uint8Array(readFileSync(new URL('fixtures/pdf/tables-html-writer.pdf', ROOT))), { path: 'tables.pdf' });
  } finally {
    globalThis.RegExp = Original;
  }
  return [...seen.values()];
}

// The repeated units of the texts that made the old patterns backtrack (the reliability hunt and
// recheck's attack strings): a title of 表（表（…, 单位:单位:…, a row of |||, digits, tabs, tags
// that never close, 预期 without 实现, brackets that never close…
const PUMPS = ['表（', '表(', '单位:', '|', '0', '0.', '1,234.56\t', '\t', ' ', '(', '（', '<INPUT<', 'CHECKED<', '<A', '<INPUT', '预期', '初目标预期', '填报日期\t', '合计', '一、', '-', 'x', '长期目标0\t', '0-0.0'];
/** Each unit repeated to `size` characters, then a line break and a byte no pattern expects (the failing suffix). */
const worst = (size: number) => PUMPS.map((p) => ({ pump: p, text: `${p.repeat(Math.ceil(size / p.length))}\n${p}\u0000` }));

function timeOf(run: () => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** One use of `re` on `text` as the tool uses it: every match replaced (g), or one match. */
function apply(re: RegExp, text: string): unknown {
  re.lastIndex = 0;
  return re.global ? text.replace(re, '') : re.exec(text);
}

describe('regular expressions on document text are linear', () => {
  let all: Found[] = [];
  beforeAll(async () => {
    all = [...literals(), ...(await built())];
  }, 60_000);

  it('finds the expressions it guards', () => {
    // a collector that found nothing would pass every test below
    expect(all.length).toBeGreaterThan(400);
    expect(all.some((f) => f.where.startsWith('built') && f.re.source.includes('公开'))).toBe(true);
  });

  it('recheck finds no super-linear pattern', async () => {
    const unsafe: string[] = [];
    for (const { where, re } of all) {
      const d = await check(re.source, re.flags, { timeout: 10_000 });
      if (d.status !== 'safe') unsafe.push(`${where} /${re.source}/${re.flags}: ${d.status}${d.status === 'vulnerable' ? ` (${d.complexity.summary}, e.g. ${d.attack.pattern})` : ''}`);
    }
    expect(unsafe).toEqual([]);
  }, 120_000);

  it('each takes at most 25 times a linear scan on 1 MB of the worst texts', () => {
    const slow = new Map<Found, string>();
    // 100 kB first, so that a quadratic pattern fails in seconds rather than minutes
    for (const size of [100_000, 1_000_000])
      for (const { pump, text } of worst(size)) {
        // the linear scan: every character matched and replaced by another, once
        const linear = timeOf(() => text.replace(/[\s\S]/g, 'x'));
        for (const found of all) {
          if (slow.has(found)) continue;
          const ms = timeOf(() => apply(found.re, text));
          if (ms > 25 * linear) slow.set(found, `${found.where} /${found.re.source}/${found.re.flags} on ${JSON.stringify(pump)}× to ${size} characters: ${ms.toFixed(0)} ms, a scan ${linear.toFixed(1)} ms`);
        }
      }
    expect([...slow.values()]).toEqual([]);
  }, 300_000);
});
