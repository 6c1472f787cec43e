import { normLabel } from '../../parsers/cells.js';
import type { NarrativeFigure, Table, TableKind } from '../../schema/index.js';
import { asPrinted, defineRule, fromFen, halfUnitFen, toFen, type RuleContext } from '../rule.js';
import { byCode, rowsOf, totalRow, type AnyRow } from '../rows.js';

interface Target {
  table: Table;
  row: AnyRow;
  key: string;
  label: string;
}

function find(ctx: RuleContext, f: NarrativeFigure): Target | undefined {
  const t = <K extends TableKind>(kind: K) => ctx.tables(kind)[0];
  const summary = t('income_expenditure_summary');
  const side = (s: string, re: RegExp) => (summary ? rowsOf(summary).find((r) => r.side === s && re.test(normLabel(r.name ?? ''))) : undefined);
  const exp = t('expenditure') ?? t('general_budget_expenditure');
  const basic = t('general_budget_basic_expenditure');
  const at = (table: Table | undefined, row: AnyRow | undefined, key: string, label: string): Target | undefined =>
    table && row && key in row.values ? { table, row, key, label } : undefined;
  const group = (g: 'personnel' | 'public') => {
    if (!basic) return undefined;
    const sub = rowsOf(basic).find((r) => r.name === (g === 'personnel' ? '人员经费合计' : '公用经费合计'));
    return sub ? at(basic, sub, 'total', sub.name ?? '') : at(basic, totalRow(basic), g, `合计 ${g === 'personnel' ? '人员经费' : '公用经费'}`);
  };
  switch (f.key) {
    case 'total':
      return at(summary, side('income', /总计$/), 'amount', '收入总计');
    case 'income': {
      // 预算收入 (not 本年收入) is the year's income in some texts, its 收入总计 with the carry-over in
      // others (西安, 深圳): the one it equals
      const year = at(summary, side('income', /^本年收入合计$/), 'amount', '本年收入合计');
      const all = at(summary, side('income', /总计$/), 'amount', '收入总计');
      const value = (x: Target | undefined) => (x ? x.row.values[x.key] : null);
      const equals = (x: Target | undefined) => {
        const v = value(x);
        return typeof v === 'number' && Math.abs(toFen(v, ctx.doc.unit) - toFen(f.value, ctx.doc.unit)) <= narrativeHalfFen(f) + 1e-9;
      };
      return !/本年/.test(f.raw) && !equals(year) && equals(all) ? all : year;
    }
    case 'expenditure':
      return at(summary, side('expenditure', /^本年支出合计$/), 'amount', '本年支出合计');
    case 'basic':
    case 'performance_basic':
    case 'basic_share':
      return at(exp, exp && totalRow(exp), 'basic', '合计 基本支出');
    case 'project':
    case 'performance_project':
    case 'project_share':
      return at(exp, exp && totalRow(exp), 'project', '合计 项目支出');
    case 'personnel':
      return group('personnel');
    case 'public':
      return group('public');
    case 'wages':
      return at(basic, basic && byCode(basic, '301'), 'total', '301 工资福利支出');
    case 'household':
      return at(basic, basic && byCode(basic, '303'), 'total', '303 对个人和家庭的补助');
    default: {
      const three = t('three_public');
      // (a table printing the last year, this year and the change as rows — 深圳's 2025年 | 2026年 |
      // 增减变化金额 — is read at the document's year)
      const year = ctx.doc.document.year;
      const staged = three ? rowsOf(three).filter((r) => r.stage === f.stage) : [];
      const row =
        staged.find((r) => year !== null && (r.name ?? '').includes(`${year}年`)) ??
        staged.find((r) => !/\d{4}年|增减/.test(r.name ?? '')) ??
        staged[0];
      const key = f.key === 'three_public' ? 'total' : f.key;
      return at(three, row, key, `${f.stage === 'budget' ? '预算数' : '决算数'} ${key}`);
    }
  }
}

/** Half a unit of the figure's last printed decimal, in fen. */
function narrativeHalfFen(f: NarrativeFigure): number {
  return (f.printedUnit === '元' ? 100 : 1_000_000) / 10 ** f.decimals / 2;
}

export default defineRule({
  id: 'narrative-figures',
  family: 'narrative',
  description:
    'Figures quoted in the explanatory text (收支总计, 基本支出, 人员经费, "三公"经费, shares such as 占本年支出 21.87%) agree with the tables; a figure 10,000× off is a 元/万元 slip.',
  tables: ['income_expenditure_summary', 'expenditure', 'general_budget_basic_expenditure', 'three_public'],
  run(ctx) {
    const { doc } = ctx;
    const firstOf = new Map<string, NarrativeFigure>();
    for (const f of doc.narrative) {
      const target = find(ctx, f);
      const same = `${f.key}/${f.stage ?? ''}`;
      const earlier = firstOf.get(same);
      if (!earlier) firstOf.set(same, f);
      // no table to compare with (an image in the original): the text must at least agree with itself
      if ((!target || target.row.values[target.key] === null || target.row.values[target.key] === undefined) && earlier && f.printedUnit !== '%') {
        const a = toFen(f.value, doc.unit);
        const b = toFen(earlier.value, doc.unit);
        const tolerance = narrativeHalfFen(f) + narrativeHalfFen(earlier);
        const pass = Math.abs(a - b) <= tolerance + 1e-9;
        ctx.result({
          origin: 'builtin',
          table: null,
          formula: `说明 "${f.raw}" = 说明 "${earlier.raw}" (line ${earlier.location.line ?? '?'})`,
          status: pass ? 'pass' : 'fail',
          expected: fromFen(b, doc.unit),
          actual: fromFen(a, doc.unit),
          difference: fromFen(a - b, doc.unit),
          tolerance: fromFen(tolerance, doc.unit),
          message: pass
            ? 'The text quotes the same figure twice, consistently.'
            : `The text says ${f.raw} here and ${earlier.raw} at line ${earlier.location.line ?? '?'}.`,
          location: f.location,
        });
        continue;
      }
      const formula = `说明 "${f.raw}" = ${target ? `${target.table.number ?? target.table.kind} ${target.label}` : f.key}`;
      const tableValue = target?.row.values[target.key];
      if (!target || tableValue === null || tableValue === undefined) {
        ctx.result({
          origin: 'builtin',
          table: target?.table.kind ?? null,
          formula,
          status: 'skipped',
          expected: null,
          actual: null,
          difference: null,
          tolerance: null,
          message: `${formula}: the table figure it describes is not in the document; not checked.`,
          location: f.location,
        });
        continue;
      }
      if (f.printedUnit === '%') {
        const total = totalRow(target.table)?.values['total'];
        if (!total) continue;
        const expected = Number(((tableValue / total) * 100).toFixed(6));
        const tolerance = 0.5 / 10 ** f.decimals + 0.005;
        const difference = Number((f.value - expected).toFixed(6));
        const pass = Math.abs(difference) <= tolerance;
        ctx.result({
          origin: 'builtin',
          table: target.table.kind,
          formula: `说明 "${f.raw}" = ${target.label} ÷ 合计 本年支出合计`,
          status: pass ? 'pass' : 'fail',
          expected,
          actual: f.value,
          difference,
          tolerance,
          message: pass ? `The share ${f.raw} holds.` : `${f.raw}: the tables give ${expected.toFixed(2)}%, off by ${difference.toFixed(2)} percentage points.`,
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
          : `The text says ${f.raw} (line ${f.location.line ?? '?'}), the table ${asPrinted(expectedFen, target.table)}: off by ${asPrinted(difference, target.table)}${small ? ', a small difference beyond the rounding tolerance' : ''}.`,
        location: f.location,
      });
    }
  },
});
