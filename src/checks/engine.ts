import type { Check, Diagnostic, Document, Table, TableKind } from '../schema/index.js';
import { asPrinted, fromFen, halfUnitFen, toFen, type IdentityInput, type Rule, type RuleContext, type Term } from './rule.js';

const messages = {
  missing: (formula: string) => `${formula}: a row or column this identity needs is not in the table; not checked.`,
  blank: (formula: string) => `${formula}: every figure is blank; nothing to check.`,
  pass: (formula: string) => `${formula} holds.`,
  fail: (formula: string, actual: string, expected: string, diff: string, tol: string, small: boolean) =>
    `${formula}: printed ${actual}, the parts sum to ${expected}, off by ${diff} (tolerance ${tol})${small ? '; a small difference, within one printed unit of the tolerance, but beyond it' : ''}.`,
};

/** Run rules over a document: every identity each rule could evaluate, in rule order. */
export function runRules(doc: Document, rules: readonly Rule[]): { checks: Check[]; diagnostics: Diagnostic[] } {
  const checks: Check[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      doc,
      tables: <K extends TableKind>(kind: K) => doc.tables.filter((t): t is Extract<Table, { kind: K }> => t.kind === kind),
      report: (d) => diagnostics.push(d),
      result: (c) => {
        const check = { rule: rule.id, ...c };
        checks.push(check);
        return check;
      },
      identity: (input) => {
        const { check, anomaly } = evaluate(doc, input, rule.id);
        checks.push(check);
        if (anomaly) diagnostics.push(anomaly);
        return check;
      },
    };
    rule.run(ctx);
  }
  return { checks, diagnostics };
}

/** SPEC §5.9: a figure about 10,000× what its identity predicts was printed in 元 in a 万元 table. */
function isTenThousandfold(ratio: number): boolean {
  return Math.abs(ratio - 10_000) / 10_000 < 0.001;
}

function evaluate(doc: Document, input: IdentityInput, rule: string): { check: Check; anomaly?: Diagnostic } {
  const check = evaluateSum(doc, input, rule);
  if (check.status !== 'fail' || check.actual === null || check.expected === null) return { check };
  const { total, terms, table } = input;
  const fen = (v: number | null | undefined) => (v === null || v === undefined ? 0 : toFen(v, doc.unit));
  const slip = (where: Term, value: number): Diagnostic => ({
    severity: 'warning',
    code: 'unit-anomaly',
    message: `${asPrinted(fen(value), table)} is about 10,000 times what ${input.formula} predicts: a 元 figure in a 万元 table, read as ${asPrinted(fen(value) / 10_000, table)}.`,
    location: where.location ?? table?.location ?? {},
    table: table?.kind ?? null,
    details: { printed: value, readAs: '元', value: value / 10_000, formula: input.formula },
  });
  const retry = (patched: IdentityInput, d: Diagnostic) => {
    const again = evaluateSum(doc, patched, rule);
    return { check: { ...again, message: `${again.message} (one figure read as 元: see unit-anomaly)` }, anomaly: d };
  };
  if (total && typeof total.value === 'number' && check.expected !== 0 && isTenThousandfold(fen(total.value) / fen(check.expected)))
    return retry({ ...input, total: { ...total, value: total.value / 10_000 } }, slip(total, total.value));
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (!t || typeof t.value !== 'number' || t.value === 0) continue;
    const without = fen(check.expected) - (t.sign ?? 1) * fen(t.value);
    const rest = fen(check.actual) - without;
    if (rest !== 0 && isTenThousandfold(((t.sign ?? 1) * fen(t.value)) / rest)) {
      const patched = terms.map((x, k) => (k === i && x ? { ...x, value: (x.value ?? 0) / 10_000 } : x));
      return retry({ ...input, terms: patched }, slip(t, t.value));
    }
  }
  return { check };
}

/**
 * One identity, evaluated in integer fen. The check is built as one literal of a fixed shape (rule
 * first, as the output prints it): some 370 a document, and spreading a base object into each was
 * the engine's main cost.
 */
function evaluateSum(doc: Document, input: IdentityInput, rule: string): Check {
  const { table, formula, total, terms } = input;
  const origin = input.origin ?? 'builtin';
  const location = total?.location ?? table?.location ?? {};
  const kind = table?.kind ?? null;
  const unit = doc.unit;
  const skipped = (message: string): Check => ({
    rule,
    origin,
    table: kind,
    formula,
    location,
    status: 'skipped',
    expected: null,
    actual: null,
    difference: null,
    tolerance: null,
    message,
  });
  if (total === undefined) return skipped(messages.missing(formula));
  let present = total.value !== null && total.value !== undefined;
  let expected = 0;
  for (const t of terms) {
    if (t === undefined) return skipped(messages.missing(formula));
    if (t.value === null || t.value === undefined) continue;
    present = true;
    expected += (t.sign ?? 1) * toFen(t.value, unit);
  }
  if (!present) return skipped(messages.blank(formula));
  const actual = total.value === null || total.value === undefined ? 0 : toFen(total.value, unit);
  const half = input.halfUnitFen ?? halfUnitFen(table);
  const tolerance = (terms.length + 1) * half;
  const difference = actual - expected;
  const pass = Math.abs(difference) <= tolerance;
  const small = !pass && Math.abs(difference) - tolerance < 2 * half;
  return {
    rule,
    origin,
    table: kind,
    formula,
    location,
    status: pass ? 'pass' : 'fail',
    expected: fromFen(expected, unit),
    actual: fromFen(actual, unit),
    difference: fromFen(difference, unit),
    tolerance: fromFen(tolerance, unit),
    message: pass
      ? messages.pass(formula)
      : messages.fail(formula, asPrinted(actual, table), asPrinted(expected, table), asPrinted(difference, table), asPrinted(tolerance, table), small),
  };
}
