import { normLabel } from '../../parsers/cells.js';
import type { NarrativeFigure, Table, TableKind } from '../../schema/index.js';
import { asPrinted, defineRule, fromFen, halfUnitFen, toFen, type RuleContext } from '../rule.js';
import { bareName, byCode, rowsOf, totalRow, type AnyRow } from '../rows.js';

export interface Target {
  table: Table;
  row: AnyRow;
  key: string;
  label: string;
}

const THREE_PUBLIC = new Set<NarrativeFigure['key']>(['three_public', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception']);

/** A statement that prints a figure (every one but a comparison in words). */
export type Figure = NarrativeFigure & { value: number; printedUnit: NonNullable<NarrativeFigure['printedUnit']> };

export function hasFigure(f: NarrativeFigure): f is Figure {
  return f.value !== null && f.printedUnit !== null;
}

/** A statement's scope, its stage aside: unit, subject, fund, class code and column. */
export const scopeKey = (f: Pick<NarrativeFigure, 'unit' | 'key' | 'fund' | 'code' | 'column'>) => `${f.unit ?? ''}/${f.key}/${f.fund ?? ''}/${f.code ?? ''}/${f.column ?? ''}`;

/** Two statements of one sentence, or of lines next to each other. */
export const near = (a: NarrativeFigure, b: NarrativeFigure) => a.location.page === b.location.page && Math.abs((a.location.line ?? 0) - (b.location.line ?? 0)) <= 3;

/** One amount the text states against another it implies (fen), within the sum of their half units. */
export function amountResult(
  ctx: RuleContext,
  check: { formula: string; actual: number; expected: number; tolerance: number; holds: string; fails: string; location: NarrativeFigure['location'] },
): boolean {
  const unit = ctx.doc.unit;
  const pass = Math.abs(check.actual - check.expected) <= check.tolerance + 1e-9;
  ctx.result({
    origin: 'builtin',
    table: null,
    formula: check.formula,
    status: pass ? 'pass' : 'fail',
    expected: fromFen(check.expected, unit),
    actual: fromFen(check.actual, unit),
    difference: fromFen(check.actual - check.expected, unit),
    tolerance: fromFen(check.tolerance, unit),
    message: pass ? check.holds : check.fails,
    location: check.location,
  });
  return pass;
}

/** Half a unit of the figure's last printed decimal, in fen. */
export function narrativeHalfFen(f: Figure): number {
  const factor = f.printedUnit === '元' ? 100 : f.printedUnit === '亿元' ? 10_000_000_000 : 1_000_000;
  return factor / 10 ** f.decimals / 2;
}

const FUND_WORDS: Record<NonNullable<NarrativeFigure['fund']>, string> = {
  all: '',
  fiscal: '财政拨款',
  general: '一般公共预算',
  government_fund: '政府性基金',
  state_capital: '国有资本经营',
};

/** What a statement is about, in words: "一般公共预算 基本支出 (决算)". */
export function scopeOf(f: NarrativeFigure): string {
  const label = normLabel(f.label);
  const fund = f.fund && !label.includes(FUND_WORDS[f.fund]) ? FUND_WORDS[f.fund] : '';
  const stage = f.stage === 'budget' ? '预算' : f.stage === 'adjusted' ? '调整后预算' : f.stage === 'final' ? '决算' : '';
  const column = f.column ? ` ${{ basic: '基本支出', project: '项目支出', personnel: '人员经费', public: '公用经费' }[f.column]}` : '';
  const unit = f.unit ? `${f.unit}: ` : '';
  return `${unit}${fund}${fund ? ' ' : ''}${f.code ? `${f.code} ` : ''}${label}${column}${stage ? ` (${stage})` : ''}`;
}

/**
 * The one table cell that prints exactly what the statement is about — its subject, its fund and its
 * stage — or undefined: a statement is never compared with the nearest thing. Two scopes stand for
 * the same money only where the tables show it (the department spends no 政府性基金 or 国有资本经营
 * money, so its 财政拨款 is its 一般公共预算; its 基本支出 is all 一般公共预算, so its 人员经费 is the
 * 基本支出表's).
 */
export function find(ctx: RuleContext, f: Figure): Target | undefined {
  const t = <K extends TableKind>(kind: K) => ctx.tables(kind)[0];
  const unit = ctx.doc.unit;
  const summary = t('income_expenditure_summary');
  const fiscal = t('fiscal_summary');
  const income = t('income');
  const exp = t('expenditure');
  const general = t('general_budget_expenditure');
  const basicTable = t('general_budget_basic_expenditure');
  const fund = t('government_fund');
  const capital = t('state_capital');
  const at = (table: Table | undefined, row: AnyRow | undefined, key: string, label: string): Target | undefined =>
    table && row && key in row.values && table.columns.some((c) => c.key === key) ? { table, row, key, label } : undefined;
  const sideRow = (table: Table | undefined, side: string, re: RegExp) =>
    table ? rowsOf(table).find((r) => r.side === side && re.test(bareName(r.name))) : undefined;
  const value = (x: Target | undefined) => (x ? (x.row.values[x.key] ?? null) : null);
  const near = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(toFen(a, unit) - toFen(b, unit)) <= 2 * halfUnitFen(null) + 1e-9;
  const blank = (v: number | null | undefined) => v === null || v === undefined || v === 0;
  // the document spends no 政府性基金 or 国有资本经营 money: its 财政拨款 is its 一般公共预算
  const fiscalIsGeneral = (() => {
    const row = sideRow(fiscal, 'expenditure', /^(本年)?支出合计$/) ?? (fiscal ? totalRow(fiscal) : undefined);
    if (row && ('fund' in row.values || 'state_capital' in row.values)) return blank(row.values['fund']) && blank(row.values['state_capital']);
    if (fund || capital) return [fund, capital].every((x) => !x || blank(totalRow(x)?.values['total']));
    return false;
  })();
  // a unit's own figures are in none of the department's tables
  if (f.unit !== null) return undefined;
  const stageIsTables = f.stage === (ctx.doc.document.kind === 'budget' ? 'budget' : 'final') || f.stage === null;
  if (THREE_PUBLIC.has(f.key)) return threePublic(ctx, f);
  if (!stageIsTables) return undefined;
  const scope = f.fund === 'fiscal' && fiscalIsGeneral ? 'general' : f.fund;
  const parts = (key: string) => {
    if (!basicTable) return undefined;
    // 人员经费 of all funds is the 基本支出表's (一般公共预算) where every 基本支出 is 一般公共预算
    const allGeneral = scope === 'general' || (exp && general && near(value(at(exp, totalRow(exp), 'basic', '')), value(at(general, totalRow(general), 'basic', ''))));
    if (!allGeneral) return undefined;
    if (key === 'personnel' || key === 'public') {
      const sub = rowsOf(basicTable).find((r) => r.name === (key === 'personnel' ? '人员经费合计' : '公用经费合计'));
      return sub ? at(basicTable, sub, 'total', sub.name ?? '') : at(basicTable, totalRow(basicTable), key, `合计 ${key === 'personnel' ? '人员经费' : '公用经费'}`);
    }
    const code = key === 'wages' ? '301' : key === 'household' ? '303' : '302';
    const row = byCode(basicTable, code);
    return at(basicTable, row, 'total', `${code} ${row?.name ?? ''}`);
  };
  const spending = (column: 'total' | 'basic' | 'project', code: string | null) => {
    const label = (row: AnyRow | undefined) => `${code ?? '合计'} ${column === 'total' ? (code ? (row?.name ?? '') : '') : column === 'basic' ? '基本支出' : '项目支出'}`.trim();
    const pick = (table: Table | undefined) => {
      if (!table) return undefined;
      const row = code ? byCode(table, code) : totalRow(table);
      return at(table, row, column, label(row));
    };
    switch (scope) {
      case 'all':
        return pick(exp);
      case 'general':
        return pick(general);
      case 'government_fund':
        return pick(fund);
      case 'state_capital':
        return pick(capital);
      default:
        return undefined;
    }
  };
  switch (f.key) {
    case 'total':
      if (scope === 'all') return at(summary, sideRow(summary, 'income', /总计$/), 'amount', '收入总计');
      if (scope === 'fiscal' || (scope === 'general' && fiscalIsGeneral)) return at(fiscal, sideRow(fiscal, 'income', /总计$/), 'amount', '收入总计');
      return undefined;
    case 'income': {
      if (scope === 'all') {
        // 预算收入 (not 本年收入) is the year's income in some texts, its 收入总计 with the carry-over in
        // others (西安, 深圳): the one it equals
        const year = at(summary, sideRow(summary, 'income', /^本年收入合计$|^收入合计$/), 'amount', '本年收入合计');
        const all = at(summary, sideRow(summary, 'income', /总计$/), 'amount', '收入总计');
        const equals = (x: Target | undefined) => {
          const v = value(x);
          return v !== null && Math.abs(toFen(v, unit) - toFen(f.value, unit)) <= narrativeHalfFen(f) + 1e-9;
        };
        return !/本年/.test(f.raw) && !equals(year) && equals(all) ? all : year;
      }
      if (scope === 'fiscal') return at(fiscal, sideRow(fiscal, 'income', /^本年收入合计$|^收入合计$/), 'amount', '本年收入合计') ?? at(summary, sideRow(summary, 'income', /^财政拨款(收入)?$/), 'amount', '财政拨款收入');
      const name = scope === 'general' ? /^一般公共预算(财政)?拨款(收入)?$|^一般公共预算$/ : scope === 'government_fund' ? /^政府性基金预算?(财政)?拨款(收入)?$|^政府性基金预算?$/ : /^国有资本经营预算(财政)?拨款(收入)?$/;
      return at(fiscal, sideRow(fiscal, 'income', name), 'amount', `${FUND_WORDS[scope ?? 'all']}财政拨款收入`) ?? at(summary, sideRow(summary, 'income', name), 'amount', `${FUND_WORDS[scope ?? 'all']}财政拨款收入`);
    }
    case 'expenditure':
      if (scope === 'all') return at(summary, sideRow(summary, 'expenditure', /^本年支出合计$|^支出合计$/), 'amount', '本年支出合计');
      if (scope === 'fiscal') return at(fiscal, sideRow(fiscal, 'expenditure', /^本年支出合计$|^支出合计$/), 'amount', '本年支出合计');
      return spending('total', null);
    case 'superior_subsidy':
    case 'business':
    case 'operating':
    case 'subsidiary':
    case 'other_income': {
      if (scope !== 'all') return undefined;
      const column = f.key === 'other_income' ? 'other' : f.key;
      return at(income, income && totalRow(income), column, `合计 ${normLabel(f.label)}`);
    }
    case 'basic':
    case 'performance_basic':
      return spending('basic', null);
    case 'project':
    case 'performance_project':
      return spending('project', null);
    case 'class':
      // (a class's 人员经费 or 公用经费 alone is in no table: the tables print its 基本支出)
      return f.code && f.column !== 'personnel' && f.column !== 'public' ? spending(f.column ?? 'total', f.code) : undefined;
    case 'personnel':
    case 'public':
    case 'wages':
    case 'household':
    case 'goods_services':
      return scope === 'all' || scope === 'general' ? parts(f.key) : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether the document has a table that prints figures of this subject at all. Where it has, a
 * statement no cell matches is of another scope (a 款, a sub-unit, money with its carry-over) and two
 * such statements may differ rightly; where it has not (the tables are images, or the subject is in
 * none), the text can only be held to itself.
 */
function printedBy(ctx: RuleContext, key: NarrativeFigure['key']): boolean {
  const kinds: Partial<Record<NarrativeFigure['key'], TableKind[]>> = {
    total: ['income_expenditure_summary', 'fiscal_summary'],
    income: ['income_expenditure_summary', 'fiscal_summary', 'income'],
    expenditure: ['income_expenditure_summary', 'fiscal_summary', 'expenditure', 'general_budget_expenditure'],
    basic: ['expenditure', 'general_budget_expenditure'],
    project: ['expenditure', 'general_budget_expenditure'],
    class: ['expenditure', 'general_budget_expenditure'],
    personnel: ['general_budget_basic_expenditure'],
    public: ['general_budget_basic_expenditure'],
    wages: ['general_budget_basic_expenditure'],
    household: ['general_budget_basic_expenditure'],
    goods_services: ['general_budget_basic_expenditure'],
    superior_subsidy: ['income'],
    business: ['income'],
    operating: ['income'],
    subsidiary: ['income'],
    other_income: ['income'],
  };
  const of = THREE_PUBLIC.has(key) ? (['three_public'] as TableKind[]) : (kinds[key] ?? []);
  // (基本支出 and 项目支出: a table with those columns, not one that prints a total alone)
  const column = key === 'basic' || key === 'project' ? key : null;
  return of.some((k) => ctx.tables(k).some((t) => t.rows.length > 0 && (column === null || t.columns.some((c) => c.key === column))));
}

function threePublic(ctx: RuleContext, f: Figure): Target | undefined {
  const three = ctx.tables('three_public')[0];
  if (!three || f.stage === null) return undefined;
  // a 三公 table's 预算数 is the year's budget as adjusted (全年预算)
  const stage = f.stage === 'final' ? 'final' : 'budget';
  // (a table printing the last year, this year and the change as rows — 深圳's 2025年 | 2026年 |
  // 增减变化金额 — is read at the document's year)
  const year = ctx.doc.document.year;
  const staged = rowsOf(three).filter((r) => r.stage === stage);
  const row =
    staged.find((r) => year !== null && (r.name ?? '').includes(`${year}年`)) ??
    staged.find((r) => !/\d{4}年|增减/.test(r.name ?? '')) ??
    staged[0];
  const key = f.key === 'three_public' ? 'total' : f.key;
  return row && key in row.values && three.columns.some((c) => c.key === key) ? { table: three, row, key, label: `${stage === 'budget' ? '预算数' : '决算数'} ${key}` } : undefined;
}

export default defineRule({
  id: 'narrative-figures',
  family: 'narrative',
  description:
    'Every amount the explanatory text states (收支总计, 基本支出, a 类, 人员经费, "三公"经费 …) agrees with the one table cell of its scope — subject, fund (全部 / 财政拨款 / 一般公共预算 …) and stage; a statement no table prints is compared only with itself elsewhere in the text; a figure 10,000× off is a 元/万元 slip.',
  tables: ['income_expenditure_summary', 'fiscal_summary', 'income', 'expenditure', 'general_budget_expenditure', 'general_budget_basic_expenditure', 'government_fund', 'state_capital', 'three_public'],
  run(ctx) {
    const { doc } = ctx;
    const firstOf = new Map<string, Figure>();
    const unmatched: Figure[] = [];
    for (const f of doc.narrative) {
      if (f.measure !== 'amount' || !hasFigure(f)) continue;
      const target = find(ctx, f);
      const same = `${scopeKey(f)}/${f.stage ?? ''}`;
      const earlier = firstOf.get(same);
      if (!earlier) firstOf.set(same, f);
      const formula = `说明 "${f.raw}" = ${target ? `${target.table.number ?? target.table.kind} ${target.label}` : scopeOf(f)}`;
      // a row printed with the cell blank prints none: 0 against the text
      const tableValue = target ? (target.row.values[target.key] ?? 0) : undefined;
      if (!target || tableValue === undefined) {
        // no table of this scope (or an image in the original): the text must at least agree with itself
        if (earlier && normLabel(earlier.label) === normLabel(f.label) && (f.unit !== null || !printedBy(ctx, f.key))) {
          amountResult(ctx, {
            formula: `说明 "${f.raw}" = 说明 "${earlier.raw}" (line ${earlier.location.line ?? '?'})`,
            actual: toFen(f.value, doc.unit),
            expected: toFen(earlier.value, doc.unit),
            tolerance: narrativeHalfFen(f) + narrativeHalfFen(earlier),
            holds: 'The text quotes the same figure twice, consistently.',
            fails: `The text says ${f.raw} here and ${earlier.raw} at line ${earlier.location.line ?? '?'}.`,
            location: f.location,
          });
          continue;
        }
        unmatched.push(f);
        ctx.result({
          origin: 'builtin',
          table: null,
          formula,
          status: 'skipped',
          expected: null,
          actual: null,
          difference: null,
          tolerance: null,
          message: `No table of the document prints ${scopeOf(f)}; the statement is not compared with another figure.`,
          location: f.location,
        });
        continue;
      }
      let actualFen = toFen(f.value, doc.unit);
      let half = narrativeHalfFen(f);
      const expectedFen = toFen(tableValue, doc.unit);
      // SPEC §5.9: about 10,000× what the table says is a 元 figure in a 万元 context, or the reverse
      const ratio = expectedFen === 0 ? 0 : actualFen / expectedFen;
      if (Math.abs(ratio - 10_000) / 10_000 < 0.001 || Math.abs(ratio - 0.0001) / 0.0001 < 0.001) {
        const toYuan = ratio > 1;
        actualFen = toYuan ? actualFen / 10_000 : actualFen * 10_000;
        half = toYuan ? half / 10_000 : half * 10_000;
        ctx.report({
          severity: 'warning',
          code: 'unit-anomaly',
          message: `"${f.raw}" is about 10,000 times what ${target.label} gives; read as ${toYuan ? '元' : '万元'} (${asPrinted(actualFen, target.table)}), not ${f.printedUnit}.`,
          location: f.location,
          table: target.table.kind,
          details: { raw: f.raw, printedUnit: f.printedUnit, readAs: toYuan ? '元' : '万元', value: fromFen(actualFen, doc.unit) },
        });
      }
      const tolerance = half + halfUnitFen(target.table);
      const difference = actualFen - expectedFen;
      const pass = Math.abs(difference) <= tolerance + 1e-9;
      const small = !pass && Math.abs(difference) - tolerance < 2 * halfUnitFen(target.table);
      const printedBlank = target.row.values[target.key] === null || target.row.values[target.key] === undefined;
      ctx.result({
        origin: 'builtin',
        table: target.table.kind,
        formula,
        status: pass ? 'pass' : 'fail',
        expected: fromFen(expectedFen, doc.unit),
        actual: fromFen(actualFen, doc.unit),
        difference: fromFen(difference, doc.unit),
        tolerance: fromFen(tolerance, doc.unit),
        message: pass
          ? `${formula} holds.`
          : `The text says ${f.raw} (line ${f.location.line ?? '?'}), the table ${printedBlank ? 'prints the cell blank, or it was not read (none)' : asPrinted(expectedFen, target.table)}: off by ${asPrinted(difference, target.table)}${small ? ', a small difference beyond the rounding tolerance' : ''}.`,
        location: f.location,
      });
    }
    if (unmatched.length > 0)
      ctx.report({
        severity: 'info',
        code: 'narrative-unmatched',
        message: `${unmatched.length} figure${unmatched.length === 1 ? '' : 's'} the text states ha${unmatched.length === 1 ? 's' : 've'} no table cell of the same scope and ${unmatched.length === 1 ? 'is' : 'are'} not compared: ${unmatched
          .slice(0, 5)
          .map((f) => `${scopeOf(f)} (line ${f.location.line ?? '?'}${f.location.page ? `, page ${f.location.page}` : ''})`)
          .join('; ')}${unmatched.length > 5 ? '; …' : ''}.`,
        location: unmatched[0]!.location,
        table: null,
        details: { statements: unmatched.map((f) => ({ scope: scopeOf(f), raw: f.raw, location: f.location })) },
      });
  },
});
