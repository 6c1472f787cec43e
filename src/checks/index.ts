import type { Check, Diagnostic, Document } from '../schema/index.js';
import { runRules } from './engine.js';
import type { Rule } from './rule.js';
import acrossTables from './rules/across-tables.js';
import columns from './rules/columns.js';
import hierarchy from './rules/hierarchy.js';
import narrativeArithmetic from './rules/narrative-arithmetic.js';
import narrativeFigures from './rules/narrative-figures.js';
import noteIdentity from './rules/note-identity.js';
import performanceScores from './rules/performance-scores.js';
import summaryTotals from './rules/summary-totals.js';
import threePublic from './rules/three-public.js';

/** Every rule, by id (SPEC §5 families). */
export const rules = {
  'across-tables': acrossTables,
  columns,
  hierarchy,
  'narrative-arithmetic': narrativeArithmetic,
  'narrative-figures': narrativeFigures,
  'note-identity': noteIdentity,
  'performance-scores': performanceScores,
  'summary-totals': summaryTotals,
  'three-public-total': threePublic,
} satisfies Record<string, Rule>;

export interface CheckResult {
  checks: Check[];
  diagnostics: Diagnostic[];
}

/** Verify every identity of a document the rules can evaluate. Pure: the document is not changed. */
export function checkDocument(doc: Document): CheckResult {
  return runRules(doc, Object.values(rules));
}

export type { Rule } from './rule.js';
