import { nameKey } from '../parsers/cells.js';
import type { Check, Document, NarrativeFigure, Table, TableKind } from '../schema/index.js';
import { find, hasFigure, narrativeHalfFen, near, scopeKey, scopeOf, type Figure } from './rules/narrative-figures.js';
import { asPrinted, fromFen, halfUnitFen, toFen, type RuleContext } from './rule.js';

/**
 * What a later year's document needs of this one: who and when it is, and the figures of each scope
 * (subject, fund, class) its tables print, or else its text states — in fen.
 */
export interface YearFacts {
  source: string | null;
  department: string | null;
  year: number | null;
  kind: Document['document']['kind'];
  unit: Document['unit'];
  /** scope → [fen, half a printed unit in fen] */
  values: Record<string, [number, number]>;
  /** the statements of this year's text that compare with last year, with the figures they compare */
  changes: { change: Figure; rate: Figure | null; current: Figure | null; previous: Figure | null }[];
}

// (a statement of a unit's own is never compared across years: only the department's are kept)
const scope = (f: Pick<NarrativeFigure, 'key' | 'fund' | 'code' | 'column'>) => scopeKey({ ...f, unit: null });

/** The scopes a text most often compares with last year. */
function probes(doc: Document): Pick<NarrativeFigure, 'key' | 'fund' | 'code' | 'column'>[] {
  const out: Pick<NarrativeFigure, 'key' | 'fund' | 'code' | 'column'>[] = [];
  const add = (key: NarrativeFigure['key'], funds: NarrativeFigure['fund'][], code: string | null = null) => {
    for (const fund of funds) out.push({ key, fund, code, column: null });
  };
  for (const key of ['total', 'income', 'expenditure'] as const) add(key, ['all', 'fiscal', 'general', 'government_fund']);
  for (const key of ['basic', 'project', 'personnel', 'public', 'wages', 'household', 'goods_services'] as const) add(key, ['all', 'general']);
  for (const key of ['three_public', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const) add(key, [null]);
  const codes = new Set(doc.tables.filter((t) => t.kind === 'expenditure' || t.kind === 'general_budget_expenditure').flatMap((t) => (t.rows as { code?: string | null }[]).map((r) => r.code ?? '').filter((c) => c.length === 3)));
  for (const code of codes) add('class', ['all', 'general'], code);
  return out;
}

/** This document's figures, by scope, for the next year's document to compare with. */
export function yearFacts(doc: Document): YearFacts {
  const ctx = {
    doc,
    tables: <K extends TableKind>(kind: K) => doc.tables.filter((t): t is Extract<Table, { kind: K }> => t.kind === kind),
  } as unknown as RuleContext;
  const stage = doc.document.kind === 'budget' ? 'budget' : 'final';
  const values: YearFacts['values'] = {};
  // the text's own figures first, the tables' over them
  const figures = doc.narrative.filter(hasFigure);
  for (const f of figures)
    if (f.measure === 'amount' && f.unit === null && (f.stage === stage || (f.stage === 'adjusted' && stage === 'budget')) && !(scope(f) in values))
      values[scope(f)] = [toFen(f.value, doc.unit), narrativeHalfFen(f)];
  for (const p of probes(doc)) {
    // (a scope asked of the tables, not a statement: its value is never read)
    const probe: Figure = { ...p, unit: null, stage, measure: 'amount', direction: null, versus: null, of: null, label: '', value: 0, printedUnit: '万元', decimals: 2, raw: '', location: {} };
    const target = find(ctx, probe);
    const v = target?.row.values[target.key];
    if (target && typeof v === 'number') values[scope(p)] = [toFen(v, doc.unit), halfUnitFen(target.table)];
  }
  const changes: YearFacts['changes'] = [];
  figures.forEach((f, i) => {
    if (f.unit !== null || f.versus !== 'previous_year' || (f.measure !== 'change' && f.measure !== 'previous')) return;
    const before = figures.slice(0, i).reverse();
    const current = before.find((a) => a.measure === 'amount' && scope(a) === scope(f) && near(a, f)) ?? null;
    if (f.measure === 'previous') {
      changes.push({ change: f, rate: null, current, previous: f });
      return;
    }
    const next = figures[i + 1];
    const rate = next && next.measure === 'change_rate' && scope(next) === scope(f) && near(next, f) ? next : null;
    changes.push({ change: f, rate, current, previous: null });
  });
  return { source: doc.source.path, department: doc.document.department, year: doc.document.year, kind: doc.document.kind, unit: doc.unit, values, changes };
}

/** The same department's documents of consecutive years, of one kind: [this year, last year]. */
export function pairYears(facts: YearFacts[]): [YearFacts, YearFacts][] {
  const key = (f: YearFacts) => `${f.kind}/${nameKey(f.department ?? '')}`;
  const out: [YearFacts, YearFacts][] = [];
  for (const f of facts) {
    if (f.year === null || f.department === null) continue;
    const previous = facts.find((g) => g !== f && g.year === f.year! - 1 && key(g) === key(f));
    if (previous) out.push([f, previous]);
  }
  return out;
}

/**
 * This year's text against last year's document: "比上年增加 x 万元" is this year's figure less last
 * year's, "增长 p%" is x over last year's, and "比上年 y 万元" is last year's figure — each where last
 * year's document prints the figure of that scope.
 */
export function compareYears(current: YearFacts, previous: YearFacts): Check[] {
  const out: Check[] = [];
  const unit = current.unit;
  const last = `${(previous.source ?? 'last year').split(/[\\/]/).pop()} (${previous.year})`;
  for (const { change, rate, current: now, previous: stated } of current.changes) {
    const had = previous.values[scope(change)];
    if (!had) continue;
    const [was, wasHalf] = had;
    const base = { rule: 'narrative-years', origin: 'builtin' as const, table: null, location: change.location };
    if (stated) {
      const v = toFen(stated.value, unit);
      const tolerance = narrativeHalfFen(stated) + wasHalf;
      const pass = Math.abs(v - was) <= tolerance + 1e-9;
      out.push({
        ...base,
        formula: `说明 "${stated.raw}" = ${last} ${scopeOf(stated)}`,
        status: pass ? 'pass' : 'fail',
        expected: fromFen(was, unit),
        actual: fromFen(v, unit),
        difference: fromFen(v - was, unit),
        tolerance: fromFen(tolerance, unit),
        message: pass ? `Last year's figure is as ${last} gives it.` : `The text gives last year's ${scopeOf(stated)} as ${stated.raw}; ${last} gives ${asPrinted(was, null)}.`,
      });
      continue;
    }
    if (!now) continue;
    const sign = change.direction === 'decrease' ? -1 : change.direction === 'flat' ? 0 : 1;
    const diff = toFen(now.value, unit) - was;
    const stated2 = sign * toFen(change.value, unit);
    const tolerance = narrativeHalfFen(now) + narrativeHalfFen(change) + wasHalf;
    const pass = Math.abs(diff - stated2) <= tolerance + 1e-9;
    out.push({
      ...base,
      formula: `说明 "${change.raw}" = ${now.raw} − ${asPrinted(was, null)} (${last} ${scopeOf(change)})`,
      status: pass ? 'pass' : 'fail',
      expected: fromFen(diff, unit),
      actual: fromFen(stated2, unit),
      difference: fromFen(stated2 - diff, unit),
      tolerance: fromFen(tolerance, unit),
      message: pass
        ? `The change agrees with ${last}.`
        : `The text says ${scopeOf(change)} changed by ${change.raw} from last year; ${now.raw} against ${last}'s ${asPrinted(was, null)} is a change of ${asPrinted(diff, null)}.`,
    });
    if (rate && was > 0) {
      const expected = (Math.abs(diff) / was) * 100;
      const tol = 1 / 10 ** rate.decimals + (tolerance / was) * 100;
      const ok = Math.abs(rate.value - expected) <= tol + 1e-9;
      out.push({
        ...base,
        location: rate.location,
        formula: `说明 "${rate.raw}" = |${now.raw} − ${asPrinted(was, null)}| ÷ ${asPrinted(was, null)} (${last})`,
        status: ok ? 'pass' : 'fail',
        expected: Number(expected.toFixed(6)),
        actual: rate.value,
        difference: Number((rate.value - expected).toFixed(6)),
        tolerance: Number(tol.toFixed(6)),
        message: ok ? `The rate of change agrees with ${last}.` : `The text gives a rate of ${rate.value}%; against ${last} it is ${expected.toFixed(2)}%.`,
      });
    }
  }
  return out;
}
