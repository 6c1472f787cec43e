import { runRules } from '../../src/checks/engine.js';
import type { Rule } from '../../src/checks/rule.js';
import { DocumentSchema, type Document, type Performance, type Table } from '../../src/schema/index.js';

type LooseTable = Omit<Partial<Table>, 'rows' | 'kind'> & { kind: Table['kind']; rows: unknown[] };

/** A minimal valid document around the given tables (万元 tables, amounts in yuan). */
export function doc(tables: LooseTable[], performance: Performance[] = []): Document {
  let line = 1;
  const d = {
    schemaVersion: 1 as const,
    source: { path: null, format: 'text' as const, sha256: '0'.repeat(64), pages: null },
    document: { kind: 'final_accounts' as const, year: 2022, department: null, publishedOn: null },
    unit: 'yuan' as const,
    tables: tables.map((t) => ({
      number: null,
      title: null,
      declaredUnit: '万元' as const,
      decimals: 2,
      empty: false,
      location: { line: line++ },
      columns: [],
      notes: [],
      ...t,
      rows: t.rows.map((r) => ({ location: { line: line++ }, ...(r as object) })),
    })),
    performance,
    narrative: [],
    checks: [],
    diagnostics: [],
  };
  return DocumentSchema.parse(d);
}

export function columns(...keys: string[]) {
  return keys.map((key, i) => ({ key, label: key, number: i + 1 }));
}

export function run(rule: Rule, d: Document) {
  return runRules(d, [rule]);
}

/** Only the fields a test asserts, never the wording of a message. */
export function results(rule: Rule, d: Document) {
  return run(rule, d).checks.map(({ status, expected, actual, difference, tolerance, location, origin }) => ({
    status,
    expected,
    actual,
    difference,
    tolerance,
    location,
    origin,
  }));
}
