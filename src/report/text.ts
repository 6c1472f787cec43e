import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import { rules } from '../checks/index.js';
import { asPrinted, toFen } from '../checks/rule.js';
import type { Check, Diagnostic, Document } from '../schema/index.js';

export interface ReportOptions {
  verbose?: boolean;
  /** 0 for none (NO_COLOR, --no-color, not a terminal), 1–3 for 16, 256 or 16 million colours */
  color?: ColorSupportLevel;
}

/**
 * A document's own text made safe for a terminal: control characters (ESC, BEL, a carriage
 * return) would retitle or clear the user's screen, so they are dropped; a tab becomes a space.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

function palette(chalk: ChalkInstance) {
  return {
    chalk,
    status: { fail: chalk.red('✗ fail'), pass: chalk.green('✓ pass'), skipped: chalk.gray('· skip') } as const,
    severity: { error: chalk.red('error'), warning: chalk.yellow('warning'), info: chalk.gray('info') } as const,
  };
}

export function where(loc: Check['location']): string {
  return [loc.page ? `p.${loc.page}` : '', loc.line ? `line ${loc.line}` : ''].filter(Boolean).join(' ');
}

export function figures(c: Check, doc: Document): string {
  if (c.actual === null || c.expected === null) return '';
  const table = doc.tables.find((t) => t.kind === c.table) ?? null;
  const family = (rules as Record<string, { family: string }>)[c.rule]?.family;
  if (family === 'performance') return `printed ${c.actual}, expected ${c.expected}, off by ${c.difference} (tolerance ${c.tolerance})`;
  const fen = (v: number) => toFen(v, doc.unit);
  return `printed ${asPrinted(fen(c.actual), table)}, expected ${asPrinted(fen(c.expected), table)}, off by ${asPrinted(fen(c.difference ?? 0), table)} (tolerance ${asPrinted(fen(c.tolerance ?? 0), table)})`;
}

/** The line of the human report for an input that could not be read, so that a saved report names it too. */
export function formatFailure(path: string | null, message: string, options: ReportOptions = {}): string {
  const { chalk, severity } = palette(new Chalk({ level: options.color ?? 0 }));
  return `${chalk.bold(printable(path ?? '(input)'))}\n  ${severity.error} could not be read: ${printable(message)}\n`;
}

/** The human report: by document, then table; failures first; figures as printed beside the difference. */
export function formatReport(doc: Document, diagnostics: Diagnostic[], options: ReportOptions = {}): string {
  const { chalk, status: STATUS, severity: SEVERITY } = palette(new Chalk({ level: options.color ?? 0 }));
  const out: string[] = [];
  const path = printable(doc.source.path ?? '(input)');
  const count = (s: Check['status']) => doc.checks.filter((c) => c.status === s).length;
  // what was read is said beside what adds up: amounts printed on table rows that no table took
  let unread = 0;
  for (const d of diagnostics) if (d.code === 'figures-unread') unread += Number((d.details as { amounts?: number } | undefined)?.amounts ?? 0);
  out.push(
    `${chalk.bold(path)}  ${doc.document.kind} ${doc.document.year ?? ''} ${printable(doc.document.department ?? '')}`.trimEnd(),
    `  ${doc.tables.length} tables, ${doc.performance.length} performance tables; checks: ${chalk.red(`${count('fail')} failed`)}, ${chalk.green(`${count('pass')} passed`)}, ${count('skipped')} skipped${unread > 0 ? chalk.yellow(`; ${unread} printed amount${unread === 1 ? '' : 's'} read into no table`) : ''}`,
  );
  const groups = new Map<string, Check[]>();
  for (const c of doc.checks) {
    const key = c.table ?? 'performance';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const order = [...groups.entries()].sort((a, b) => b[1].filter((c) => c.status === 'fail').length - a[1].filter((c) => c.status === 'fail').length);
  for (const [table, checks] of order) {
    const shown = checks.filter((c) => options.verbose || c.status === 'fail');
    if (shown.length === 0) continue;
    const t = doc.tables.find((x) => x.kind === table);
    out.push(`  ${chalk.bold(printable(t?.number ?? table))} ${printable(t?.title ?? '')}`.trimEnd());
    for (const c of [...shown].sort((a, b) => (a.status === 'fail' ? 0 : 1) - (b.status === 'fail' ? 0 : 1))) {
      out.push(`    ${STATUS[c.status]}  ${printable(c.formula)}  ${chalk.gray(where(c.location))}`);
      if (c.status === 'fail') out.push(`           ${figures(c, doc)}`);
    }
  }
  const notable = diagnostics.filter((d) => d.severity !== 'info' || options.verbose);
  if (notable.length > 0) {
    out.push(`  ${chalk.bold('diagnostics')}`);
    const shownPerCode = new Map<string, number>();
    for (const d of notable) {
      const n = (shownPerCode.get(d.code) ?? 0) + 1;
      shownPerCode.set(d.code, n);
      if (n <= 5 || options.verbose) out.push(`    ${SEVERITY[d.severity]} ${d.code}  ${printable(d.message)}  ${chalk.gray(where(d.location))}`);
    }
    for (const [code, n] of shownPerCode)
      if (n > 5 && !options.verbose) out.push(chalk.gray(`    … and ${n - 5} more ${code} (--verbose lists them)`));
  }
  return `${out.join('\n')}\n`;
}

/** `disclose check` over several years of one department: this year's text against last year's document. */
export function formatYears(current: string | null, previous: string | null, checks: Check[], options: ReportOptions = {}): string {
  const { chalk, status: STATUS } = palette(new Chalk({ level: options.color ?? 0 }));
  const shown = checks.filter((c) => options.verbose || c.status === 'fail');
  const out = [
    `${chalk.bold(printable(current ?? '(input)'))}  against last year's ${chalk.bold(printable(previous ?? '(input)'))}`,
    `  checks: ${chalk.red(`${checks.filter((c) => c.status === 'fail').length} failed`)}, ${chalk.green(`${checks.filter((c) => c.status === 'pass').length} passed`)}`,
  ];
  for (const c of shown) {
    out.push(`    ${STATUS[c.status]}  ${printable(c.formula)}  ${chalk.gray(where(c.location))}`);
    if (c.status === 'fail') out.push(`           ${printable(c.message)}`);
  }
  return `${out.join('\n')}\n`;
}
