import { readFileSync } from 'node:fs';
import type { Diagnostic, Level, Location, TableKind } from '../schema/index.js';
import { nameKey } from './cells.js';
import { levelOf } from './code-table.js';

type Scheme = 'function' | 'economic';

interface CatalogFile {
  entries: Record<string, string>;
}

let catalogs: Record<Scheme, [string, string][]> | null = null;

/** The bundled classification catalogues (catalog/*.json), shipped as data with the package. */
export function catalog(scheme: Scheme): [string, string][] {
  if (!catalogs) {
    const load = (file: string) =>
      Object.entries(
        (JSON.parse(readFileSync(new URL(`../../catalog/${file}`, import.meta.url), 'utf8')) as CatalogFile).entries,
      );
    catalogs = { function: load('function.json'), economic: load('economic.json') };
  }
  return catalogs[scheme];
}

export interface CodedRow {
  code: string | null;
  level: Level | null;
  name: string | null;
  location: Location;
  side?: string;
}

export interface CodedTable {
  kind: TableKind;
  number: string | null;
  rows: CodedRow[];
}

const FUNCTION_KINDS: ReadonlySet<TableKind> = new Set([
  'income',
  'expenditure',
  'general_budget_expenditure',
  'government_fund',
  'state_capital',
  'project_expenditure',
]);

function schemeOf(kind: TableKind, row: CodedRow): Scheme | null {
  if (kind === 'general_budget_basic_expenditure' || row.side === 'expenditure_economic' || row.side === 'expenditure_government_economic') return 'economic';
  if (FUNCTION_KINDS.has(kind) || row.side === 'expenditure') return 'function';
  return null;
}

function isComplete(code: string, scheme: Scheme): boolean {
  return scheme === 'function' ? [3, 5, 7].includes(code.length) : [3, 5].includes(code.length);
}

/** Same name, or one a truncation of the other (converters cut long names too). */
function sameName(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 4 && long.startsWith(short);
}

/**
 * Codes truncated by the converter (`207080` for `2070808`, `3010` for `30101`) are repaired from
 * the same name in sibling tables of the document, then from the bundled catalogue. Each repair is
 * a diagnostic naming the printed and the repaired code; a code that cannot be repaired is kept.
 */
export function repairCodes(tables: CodedTable[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const known: Record<Scheme, { code: string; name: string | null; from: string }[]> = { function: [], economic: [] };
  for (const t of tables)
    for (const r of t.rows) {
      const scheme = schemeOf(t.kind, r);
      if (scheme && r.code && isComplete(r.code, scheme))
        known[scheme].push({ code: r.code, name: r.name, from: t.number ?? t.kind });
    }

  for (const t of tables)
    for (const r of t.rows) {
      const scheme = schemeOf(t.kind, r);
      const printed = r.code;
      if (!scheme || !printed || isComplete(printed, scheme)) continue;
      const fits = (code: string, name: string | null) =>
        code.length > printed.length && code.startsWith(printed) && isComplete(code, scheme) && sameName(name, r.name);
      const fromTables = new Set(known[scheme].filter((k) => fits(k.code, k.name)).map((k) => k.code));
      let repaired: string | null = null;
      let source = '';
      if (fromTables.size === 1) {
        repaired = [...fromTables][0] ?? null;
        source = known[scheme].find((k) => k.code === repaired)?.from ?? '';
      } else if (fromTables.size === 0) {
        const fromCatalog = catalog(scheme).filter(([code, name]) => fits(code, name));
        if (fromCatalog.length === 1) {
          repaired = fromCatalog[0]?.[0] ?? null;
          source = 'catalogue';
        }
      }
      if (repaired) {
        r.code = repaired;
        r.level = levelOf(repaired, scheme);
        diagnostics.push({
          severity: 'warning',
          code: 'repaired-code',
          message: `Code ${printed} (${r.name ?? ''}) was cut short by the converter; repaired to ${repaired} from ${source === 'catalogue' ? 'the classification catalogue' : source}.`,
          location: r.location,
          table: t.kind,
          details: { printed, code: repaired, source },
        });
      } else {
        diagnostics.push({
          severity: 'warning',
          code: 'unrepaired-code',
          message: `Code ${printed} (${r.name ?? ''}) is not a complete ${scheme === 'function' ? 'function' : 'economic'} classification code and could not be repaired; kept as printed.`,
          location: r.location,
          table: t.kind,
          details: { printed, candidates: [...fromTables] },
        });
      }
    }
  return diagnostics;
}
