import { normLabel } from '../../parsers/cells.js';
import type { NarrativeFigure } from '../../schema/index.js';
import { defineRule, fromFen, toFen, type RuleContext } from '../rule.js';
import { amountResult, hasFigure, narrativeHalfFen, near, scopeKey, scopeOf, type Figure } from './narrative-figures.js';

/** An amount as an interval of fen: the printed figure ± half its last decimal. */
interface Interval {
  lo: number;
  hi: number;
}

function interval(ctx: RuleContext, f: Figure): Interval {
  const v = toFen(f.value, ctx.doc.unit);
  const h = narrativeHalfFen(f);
  return { lo: v - h, hi: v + h };
}

/** The range a ratio a / b × 100 takes over its terms' intervals (b > 0 throughout), or null. */
function ratio(a: Interval, b: Interval): Interval | null {
  if (b.lo <= 0) return null;
  const all = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi].map((x) => x * 100);
  return { lo: Math.min(...all), hi: Math.max(...all) };
}

/** The figure a statement's text ends with: "一般行政管理事务(2040202)58,227.80万元" → 58,227.80万元. */
function figureIn(raw: string): string {
  // (walked back from the unit over digits, separators and spaces: linear, whatever the text)
  const unit = ['万元', '亿元', '元', '万', '%'].find((u) => raw.endsWith(u));
  if (!unit) return raw;
  let at = raw.length - unit.length;
  while (at > 0 && /[\d,. ]/.test(raw[at - 1]!)) at--;
  while (at < raw.length && !/\d/.test(raw[at]!)) at++;
  return at < raw.length - unit.length ? raw.slice(at) : raw;
}

/** The printed rate is the change over the new figure (the wrong base) within rounding. */
function onThisYear(change: Interval, now: Interval, printed: number, half: number): boolean {
  const r = ratio(change, now);
  return r !== null && printed + half >= r.lo && printed - half <= r.hi;
}

const round = (x: number) => Number(x.toFixed(6));
const where = (f: NarrativeFigure) => `line ${f.location.line ?? '?'}${f.location.page ? `, page ${f.location.page}` : ''}`;

/** The whole a share is of: the subject its 占 names, or else the total the statement falls under. */
function wholeKey(of: string | null): NarrativeFigure['key'] | null {
  if (of === null) return null;
  if (/三公/.test(of)) return 'three_public';
  if (/基本支出/.test(of)) return 'basic';
  if (/项目支出/.test(of)) return 'project';
  if (/收入/.test(of)) return 'income';
  if (/支出|总额|合计/.test(of)) return 'expenditure';
  return null;
}

export default defineRule({
  id: 'narrative-arithmetic',
  family: 'narrative',
  description:
    'The explanatory text agrees with itself: a rate of change equals the change over the figure it changed from (增加 x 万元，增长 p%), the direction words agree (增加 … 下降 is a contradiction), a share equals its part over its whole (占 p%), shares of a whole that is all accounted for sum to 100 %, and a completion rate equals 决算 ÷ 预算 — each within the rounding of the printed figures.',
  tables: [],
  run(ctx) {
    const { doc } = ctx;
    const lastAmount = new Map<string, Figure>();
    const lastOfStage = new Map<string, Figure>();
    let lastChange: Figure | null = null;
    const lastPrevious = new Map<string, Figure>();
    const amounts: Figure[] = [];
    /** what a share is of: the total the text named it by (占本年支出 …) or the one the paragraph breaks down */
    const wholeOf = (f: Figure, part: Figure | undefined): Figure | null => {
      if (!part || f.of === null) return null;
      const of = normLabel(f.of);
      for (let i = amounts.length - 1; i >= 0; i--) if (amounts[i] !== part && normLabel(amounts[i]!.label) === of) return amounts[i]!;
      const key = wholeKey(of);
      if (!key) return null;
      const candidates = amounts.filter((a) => a.key === key && a !== part && a.stage === part.stage && a.unit === part.unit);
      const found = candidates.findLast((a) => a.fund === 'all') ?? candidates.findLast((a) => a.fund !== part.fund) ?? null;
      if (found || key !== 'three_public') return found;
      // "三公"经费 not printed: it is its three parts, where the text gives each of them here
      const parts = (['overseas', 'vehicle', 'reception'] as const).map((k) =>
        doc.narrative.filter(hasFigure).find((a) => a.measure === 'amount' && a.key === k && a.stage === part.stage && a.unit === part.unit && near(a, f)),
      );
      if (parts.some((a) => !a)) return null;
      const fen = parts.reduce((sum, a) => sum + toFen(a!.value, doc.unit), 0);
      return {
        ...part,
        key: 'three_public',
        label: '“三公”经费',
        value: fromFen(fen, doc.unit),
        decimals: Math.min(...parts.map((a) => a!.decimals)),
        printedUnit: part.printedUnit,
        raw: `“三公”经费 ${parts.map((a) => figureIn(a!.raw)).join(' + ')}`,
      };
    };
    /** the shares of one whole, in a row */
    let shares: { whole: Figure; parts: [Figure, Figure][] } | null = null;
    const closeShares = () => {
      if (!shares || shares.parts.length < 2) return;
      const { whole, parts } = shares;
      const sumFen = parts.reduce((s, [a]) => s + toFen(a.value, doc.unit), 0);
      const slack = parts.reduce((s, [a]) => s + narrativeHalfFen(a), narrativeHalfFen(whole));
      // only a whole whose parts the text lists in full: then their shares are all of it
      if (Math.abs(sumFen - toFen(whole.value, doc.unit)) > slack) return;
      const sum = parts.reduce((s, [, p]) => s + p.value, 0);
      const tolerance = round(parts.reduce((s, [, p]) => s + 0.5 / 10 ** p.decimals, 0));
      const pass = Math.abs(sum - 100) <= tolerance + 1e-9;
      ctx.result({
        origin: 'builtin',
        table: null,
        formula: `说明 ${parts.map(([, p]) => `${p.value}%`).join(' + ')} = 100% (${scopeOf(whole)})`,
        status: pass ? 'pass' : 'fail',
        expected: 100,
        actual: round(sum),
        difference: round(sum - 100),
        tolerance,
        message: pass
          ? `The shares of ${scopeOf(whole)} add up to 100% within rounding.`
          : `The text lists every part of ${scopeOf(whole)} (${where(whole)}), but their shares add up to ${round(sum)}%, not 100%.`,
        location: parts[0]![1].location,
      });
    };
    /** 支出 X 万元，其中：基本支出 Y 万元，项目支出 Z 万元: X = Y + Z, or one of them is printed in the wrong unit */
    const partsOfTotal = (f: Figure) => {
      const other = lastAmount.get(scopeKey({ ...f, key: f.key === 'basic' ? 'project' : 'basic' }));
      const total = amounts.findLast((a) => a.key === 'expenditure' && a.fund === f.fund && a.stage === f.stage && a.unit === f.unit);
      if (!other || !total || other.stage !== f.stage || !near(other, f) || !near(total, f) || amounts.indexOf(total) > amounts.indexOf(other)) return;
      const fen = (x: Figure) => toFen(x.value, doc.unit);
      const tolerance = narrativeHalfFen(f) + narrativeHalfFen(other) + narrativeHalfFen(total);
      const holds = (a: number, b: number) => Math.abs(a + b - fen(total)) <= tolerance + 1e-9;
      // the sum as read: a 元 figure in 万元 text (or the reverse) counted at what it stands for
      let sum = fen(f) + fen(other);
      for (const [slip, rest] of [
        [f, other],
        [other, f],
      ] as const) {
        if (holds(sum, 0)) break;
        for (const factor of [10_000, 1 / 10_000])
          if (!holds(sum, 0) && holds(fen(slip) * factor, fen(rest))) {
            sum = fen(slip) * factor + fen(rest);
            ctx.report({
              severity: 'warning',
              code: 'unit-anomaly',
              message: `"${slip.raw}" makes ${total.raw} only when read as ${factor > 1 ? '万元' : '元'}, not ${slip.printedUnit}; read so.`,
              location: slip.location,
              table: null,
              details: { raw: slip.raw, printedUnit: slip.printedUnit, readAs: factor > 1 ? '万元' : '元', value: fromFen(fen(slip) * factor, doc.unit) },
            });
          }
      }
      // less than the total: the text may go on to other parts (事业单位经营支出, 单位预留机动经费 …)
      if (!holds(sum, 0) && sum < fen(total)) return;
      amountResult(ctx, {
        formula: `说明 ${total.raw} = ${f.key === 'basic' ? `${f.raw} + ${other.raw}` : `${other.raw} + ${f.raw}`}`,
        actual: sum,
        expected: fen(total),
        tolerance,
        holds: `基本支出 and 项目支出 make up ${total.raw}.`,
        fails: `The text's 基本支出 and 项目支出 (${where(f)}) add up to more than the ${total.raw} they are part of (${where(total)}).`,
        location: f.location,
      });
    };
    /** A printed percentage against the range its figures allow (one unit of its last decimal either way: shares are often truncated). */
    const rateResult = (f: Figure, r: Interval, formula: string, holds: string, fails: (mid: number) => string) => {
      const half = 1 / 10 ** f.decimals;
      const pass = f.value + half >= r.lo - 1e-9 && f.value - half <= r.hi + 1e-9;
      const mid = round((r.lo + r.hi) / 2);
      ctx.result({
        origin: 'builtin',
        table: null,
        formula,
        status: pass ? 'pass' : 'fail',
        expected: mid,
        actual: f.value,
        difference: round(f.value - mid),
        tolerance: round(half + (r.hi - r.lo) / 2),
        message: pass ? holds : fails(mid),
        location: f.location,
      });
    };
    for (const f of doc.narrative) {
      const k = scopeKey(f);
      if (f.measure === 'comparison') {
        const final = lastOfStage.get(`${k}/final`);
        const budget = lastOfStage.get(`${k}/adjusted`) ?? lastOfStage.get(`${k}/budget`);
        if (!final || !budget || !near(final, f) || !near(budget, f)) continue;
        const a = interval(ctx, final);
        const b = interval(ctx, budget);
        // within rounding the two may be equal; beyond it, one is larger
        const actual: NarrativeFigure['direction'] = a.hi < b.lo ? 'decrease' : a.lo > b.hi ? 'increase' : 'flat';
        const pass = actual === f.direction;
        const words = { increase: '大于', decrease: '小于', flat: '等于' } as const;
        ctx.result({
          origin: 'builtin',
          table: null,
          formula: `说明 "${f.raw}": ${figureIn(final.raw)} ${words[actual]} ${figureIn(budget.raw)}`,
          status: pass ? 'pass' : 'fail',
          expected: null,
          actual: null,
          difference: fromFen(toFen(final.value, doc.unit) - toFen(budget.value, doc.unit), doc.unit),
          tolerance: fromFen(narrativeHalfFen(final) + narrativeHalfFen(budget), doc.unit),
          message: pass
            ? `The text's words agree with its figures: 决算数 ${words[actual]} 预算数.`
            : `The text says "${f.raw}" (${where(f)}), but its figures ${final.raw} and ${budget.raw} say 决算数${words[actual]}预算数.`,
          location: f.location,
        });
        continue;
      }
      if (!hasFigure(f)) continue;
      if (f.measure === 'amount') {
        // one fund's share of a figure is no more than all funds' (一般公共预算基本支出 ≤ 基本支出)
        const whole = f.fund && f.fund !== 'all' ? lastAmount.get(`${f.unit ?? ''}/${f.key}/all/${f.code ?? ''}/${f.column ?? ''}`) : undefined;
        if (whole && whole.stage === f.stage && toFen(f.value, doc.unit) - narrativeHalfFen(f) > toFen(whole.value, doc.unit) + narrativeHalfFen(whole)) {
          ctx.result({
            origin: 'builtin',
            table: null,
            formula: `说明 "${f.raw}" ≤ ${whole.raw}`,
            status: 'fail',
            expected: whole.value,
            actual: f.value,
            difference: fromFen(toFen(f.value, doc.unit) - toFen(whole.value, doc.unit), doc.unit),
            tolerance: fromFen(narrativeHalfFen(f) + narrativeHalfFen(whole), doc.unit),
            message: `The text gives ${scopeOf(f)} as ${f.raw} (${where(f)}), more than the ${whole.raw} of all funds it is part of (${where(whole)}).`,
            location: f.location,
          });
        }
        lastAmount.set(k, f);
        lastOfStage.set(`${k}/${f.stage ?? ''}`, f);
        amounts.push(f);
        if (f.key === 'basic' || f.key === 'project') partsOfTotal(f);
        continue;
      }
      if (f.measure === 'previous') {
        lastPrevious.set(k, f);
        continue;
      }
      if (f.measure === 'change') {
        lastChange = f;
        // 收入预算 51036.22 万元，比上年 45557.68 万元增加 5478.54 万元: the change is the difference
        const previous = lastPrevious.get(k);
        const current = lastAmount.get(k);
        if (previous && current && near(previous, f) && near(current, f) && f.direction !== 'flat') {
          const sign = f.direction === 'decrease' ? -1 : 1;
          const diff = toFen(current.value, doc.unit) - toFen(previous.value, doc.unit);
          const stated = sign * toFen(f.value, doc.unit);
          const tolerance = narrativeHalfFen(current) + narrativeHalfFen(previous) + narrativeHalfFen(f);
          amountResult(ctx, {
            formula: `说明 "${f.raw}" = ${current.raw} − ${previous.raw}`,
            actual: stated,
            expected: diff,
            tolerance,
            holds: `The change of ${scopeOf(f)} is the difference of the two figures the text gives.`,
            fails: `The text says ${scopeOf(f)} ${f.direction === 'decrease' ? 'fell' : 'rose'} by ${f.raw} (${where(f)}), but ${current.raw} and ${previous.raw} differ by ${fromFen(diff, doc.unit)}.`,
            location: f.location,
          });
        }
        continue;
      }
      if (f.measure === 'change_rate') {
        const change = lastChange && scopeKey(lastChange) === k && near(lastChange, f) ? lastChange : null;
        lastChange = null;
        if (!change) continue;
        if (change.direction && f.direction && change.direction !== f.direction && change.direction !== 'flat' && f.direction !== 'flat') {
          ctx.result({
            origin: 'builtin',
            table: null,
            formula: `说明 "${change.raw}" ~ "${f.raw}"`,
            status: 'fail',
            expected: null,
            actual: null,
            difference: null,
            tolerance: null,
            message: `The text says ${scopeOf(f)} ${change.direction === 'increase' ? 'rose' : 'fell'} by an amount and ${f.direction === 'increase' ? 'rose' : 'fell'} by a rate (${where(f)}): the words contradict each other.`,
            location: f.location,
          });
          continue;
        }
        // the figure it changed from: as the text states it, or this year's less the rise, or plus the fall
        const stated = lastPrevious.get(k);
        const current = (stated && near(stated, f) ? stated : undefined) ?? (f.versus === 'budget' ? lastOfStage.get(`${k}/final`) : lastAmount.get(k));
        if (!current) continue;
        const c = interval(ctx, change);
        const now = interval(ctx, current);
        const from =
          stated && near(stated, f)
            ? interval(ctx, stated)
            : change.direction === 'decrease'
              ? { lo: now.lo + c.lo, hi: now.hi + c.hi }
              : { lo: now.lo - c.hi, hi: now.hi - c.lo };
        const r = ratio(c, from);
        if (!r) continue;
        rateResult(
          f,
          r,
          current.measure === 'previous'
            ? `说明 "${f.raw}" = ${figureIn(change.raw)} ÷ ${figureIn(current.raw)}`
            : `说明 "${f.raw}" = ${figureIn(change.raw)} ÷ (${figureIn(current.raw)} ${change.direction === 'decrease' ? '+' : '−'} ${figureIn(change.raw)})`,
          `The rate of change of ${scopeOf(f)} agrees with the amounts.`,
          (mid) =>
            `The text says ${scopeOf(f)} changed by ${change.raw} from ${current.raw} (${where(current)}), which is ${mid.toFixed(2)}%, not ${f.value}% (${where(f)})${current.measure !== 'previous' && onThisYear(c, now, f.value, 1 / 10 ** f.decimals) ? `; ${f.value}% is the change over this year's figure, a rate computed on the wrong base` : ''}.`,
        );
        continue;
      }
      if (f.measure === 'completion') {
        const final = lastOfStage.get(`${k}/final`);
        const budget = lastOfStage.get(`${k}/budget`) ?? lastOfStage.get(`${k}/adjusted`);
        if (!final || !budget) continue;
        const r = ratio(interval(ctx, final), interval(ctx, budget));
        if (!r) continue;
        rateResult(
          f,
          r,
          `说明 "${f.raw}" = ${final.raw} ÷ ${budget.raw}`,
          `The completion rate of ${scopeOf(f)} agrees with its 决算 and 预算.`,
          (mid) => `The text gives ${scopeOf(f)} a completion rate of ${f.value}% (${where(f)}); ${final.raw} ÷ ${budget.raw} is ${mid.toFixed(2)}%.`,
        );
        continue;
      }
      if (f.measure === 'share') {
        const last = lastAmount.get(k);
        const part = last && near(last, f) ? last : undefined;
        const whole = wholeOf(f, part);
        if (!part || !whole || whole === part) continue;
        if (!shares || shares.whole !== whole) {
          closeShares();
          shares = { whole, parts: [] };
        }
        shares.parts.push([part, f]);
        const r = ratio(interval(ctx, part), interval(ctx, whole));
        if (!r) continue;
        rateResult(
          f,
          r,
          `说明 "${f.raw}" = ${part.raw} ÷ ${whole.raw}`,
          `The share of ${scopeOf(part)} agrees with its amount and the whole.`,
          (mid) => `The text gives ${scopeOf(part)} a share of ${f.value}% (${where(f)}); ${part.raw} of ${whole.raw} (${where(whole)}) is ${mid.toFixed(2)}%.`,
        );
      }
    }
    closeShares();
  },
});
