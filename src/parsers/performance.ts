import type { Diagnostic, Location, Performance } from '../schema/index.js';
import { cleanName, normLabel } from './cells.js';
import type { GridRow } from './context.js';
import { fenToOutput, nfkc, parseCellNumber, readNumber, toFen, type OutputUnit } from './number.js';
import type { PerformanceBlock } from './segment.js';
import { joinBroken } from '../read/text.js';
import { parseFlatTargets } from './performance-flat.js';
import { parseValueSpec, pointsIn, scoreOf, stripMarkup } from './value-spec.js';

type Indicator = Performance['indicators'][number];
type Role = 'level1' | 'level2' | 'name' | 'target' | 'actual' | 'weight' | 'score' | 'other';

const ROLE_OF: [RegExp, Role][] = [
  [/一级指标/, 'level1'],
  [/二级指标/, 'level2'],
  [/三级指标|明细指标|指标内容|指标名称|^绩效目标$/, 'name'],
  [/^评价内容$/, 'level1'],
  [/实际完成|完成值|完成情况|实际值|全年实际/, 'actual'],
  [/年初目标|目标值|指标值|预期(?:[^预]|预(?!期))*实现|预期目标|绩效目标$/, 'target'],
  [/^分值$|权重/, 'weight'],
  [/得分/, 'score'],
  // (评价标准 and 证据 stand between 分值 and 得分 in seed 000's 宣传经费 table: read, never a figure's column)
  [/评分标准|评价标准|指标类别|说明|原因|依据|证据|备注|绩效指标$/, 'other'],
];

// Level vocabularies of the national performance frameworks (一级 / 二级 指标).
const LEVEL1 = /^(项目)?(产出|效益|满意度|成本|投入|过程)(指标|目标)?$/;
const LEVEL2 =
  /^(产出)?(数量|质量|时效|成本)(性)?(指标)?$|^(社会|经济|生态)效益(指标)?$|^可持续(影响|性)?(指标)?$|^(服务对象|社会公众)满意度?(指标)?$|^(经济|社会|生态环境)成本(指标)?$|^完成时效$|^成本控制$|^满意度指标$/;
const AMBIGUOUS = /^(满意度|成本)指标$/;

const PARENT: [RegExp, string][] = [
  [/数量|质量|时效|成本控制/, '产出指标'],
  [/效益|可持续/, '效益指标'],
  [/满意/, '满意度指标'],
];

const GOAL = /^(年度|长期|整体)?(绩效)?目标\s*\d*\s*[:：]?|^年度目标/;
const ROW_LABEL = /^(偏差大|改进措施|原因分析)/;
const TOTAL = /^(总分|总得分|合计得分|绩效自评综合得分|自评得分合计|综合得分)/;

/** Words a level name is made of, when it is not in the vocabularies (投入 / 预算配置, 履职效益). */
const LEVELISH = /(指标|效益|满意度|目标|管理|配置|执行|履行|效果|产出|投入|过程|成本|质量|数量|时效|可持续性?)$/;

function levelText(text: string): string {
  return normLabel(text)
    .replace(/指$/, '指标')
    .replace(/[(（][^()（）]{4,}[)）]/g, '')
    .replace(/[(（]\s*\d+(\.\d+)?\s*分\s*[)）]/g, '')
    .replace(/[(（][\d.\s]*(?:[)）]\s*)?(?:分\s*)?[)）]?$/, '');
}

const LETTER = /[\p{L}\p{N}]/gu;

/** A name worth keeping: two or more letters, not a rule of dashes. */
function isName(text: string): boolean {
  LETTER.lastIndex = 0;
  return LETTER.test(text) && LETTER.test(text);
}

function family(level1: string): string {
  return /产出/.test(level1) ? '产出' : /效益/.test(level1) ? '效益' : /满意/.test(level1) ? '满意' : /成本/.test(level1) ? '成本' : level1;
}

function cleanCell(text: string): string {
  return stripMarkup(text);
}

function dateOf(text: string): string | null {
  const t = normLabel(text);
  const m = /(\d{4})(?:年|\.|-|\/)(\d{1,2})(?:月|\.|-|\/)(\d{1,2})/.exec(t);
  if (!m) return null;
  const mm = Number(m[2]);
  const dd = Number(m[3]);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${m[1]}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

const FILLED_ON = /(填报日期|报告日期|填表日期)[:：]?\s*(.+)$/s;

function filledOnIn(text: string): string | null {
  const m = FILLED_ON.exec(text);
  return m?.[2] ? dateOf(m[2]) : null;
}

function valueCells(cells: string[]): string[] {
  return cells.filter((c) => c !== '');
}

export interface PerformanceContext {
  outputUnit: OutputUnit;
  report: (d: Omit<Diagnostic, 'table'>) => void;
  /** the performance tables already read from this document */
  previous: readonly Performance[];
}

/**
 * A performance table (SPEC §4): 绩效自评表 (self_evaluation: targets, actuals, scores) or 绩效目标表
 * (targets). Columns come from the 一级指标 … header where rows line up with it; rows that converters
 * shifted are read by meaning (level vocabularies, then name, then values in the header's order).
 */
export function parsePerformance(block: PerformanceBlock, ctx: PerformanceContext): Performance {
  // (a table without a title is of the evaluation the heading above it names: scope, project)
  const title = block.title ?? block.heading ?? '';
  const rows = joinWrappedRows(block.grid.map((l) => ({ cells: l.cells.map((c) => cleanCell(c.text)), location: l.location })));
  const kind: Performance['kind'] = /自评|评分/.test(title)
    ? 'self_evaluation'
    : /目标|申报表/.test(title)
      ? 'targets'
      : /评价/.test(title) || rows.some((r) => r.cells.some((c) => /实际完成|得分|完成值/.test(c)))
        ? 'self_evaluation'
        : 'targets';
  // 长期 / 年度绩效目标表 printed inside a 项目申报表 belong to its project
  const prev = ctx.previous[ctx.previous.length - 1];
  const partOfProject = /^(长期|年度)绩效目标表$/.test(normLabel(title)) && prev?.scope === 'project' ? prev : null;
  const scope: Performance['scope'] = (/项目/.test(title) && !/整体/.test(title)) || partOfProject ? 'project' : 'department';

  // the first of the title, the lines above the table and its rows to print a 填报日期 (cells are
  // read joined by a space, so only a line with a cell that prints 日期 can)
  let filledOn = filledOnIn(title);
  for (const l of block.pre) if (filledOn === null && l.cells.some((c) => c.text.includes('日期'))) filledOn = filledOnIn(l.cells.map((c) => c.text).join(' '));
  for (const r of rows) if (filledOn === null && r.cells.some((c) => c.includes('日期'))) filledOn = filledOnIn(r.cells.join(' '));

  let project: string | null = partOfProject?.project ?? null;
  if (scope === 'project' && !project) {
    for (const r of rows) {
      const cells = valueCells(r.cells);
      if (/^项目名称$/.test(normLabel(cells[0] ?? '')) && cells[1]) {
        project = cleanName(cells[1]);
        break;
      }
    }
    if (!project) {
      const pre = block.pre.map((l) => normLabel(l.cells.map((c) => c.text).join('')));
      const at = pre.findIndex((t) => t === '项目名称');
      const next = at >= 0 ? pre[at + 1] : undefined;
      const inline = pre.map((t) => /^项目名称[:：]?(.+)$/.exec(t)?.[1]).find((t) => t !== undefined);
      if (next) project = next;
      else if (inline) project = inline;
      else {
        const m = /^(.*?)(项目)?(支出)?(绩效)?自评表$/.exec(normLabel(title).replace(/^\d{4}年度?/, ''));
        if (m?.[1]) project = m[1];
        // a heading: the department's name, then the project's (…融媒体中心宣传经费项目自评结果)
        const h = block.title ? null : /^(.*?)项目(支出)?(绩效)?(自评|评价)/.exec(normLabel(title).replace(/^\d{4}年度?/, ''));
        const named = h?.[1]?.replace(/^.*(办公室|委员会|中心|局|院|所|站|队|厅|处|馆)(?=..)/, '');
        if (named) project = named;
      }
    }
  }

  const budget = readBudget(rows, block, ctx);
  const goals: Performance['goals'] = [];
  const indicators: Indicator[] = [];
  let totalScore: number | null = null;
  let roles: Map<number, Role> | null = null;
  let level1: string | null = null;
  let level2: string | null = null;
  let goalLabel: string | null = null;

  for (const r of rows) {
    const cells = r.cells;
    const nonEmpty = valueCells(cells);
    if (nonEmpty.length === 0) continue;
    const first = normLabel(nonEmpty[0] ?? '');

    if (cells.some((c) => /一级指标|三级指标|^评价内容$/.test(normLabel(c)))) {
      roles = new Map();
      cells.forEach((c, i) => {
        const label = normLabel(c);
        const role = ROLE_OF.find(([re]) => re.test(label))?.[1];
        if (role && label !== '') roles!.set(i, role);
      });
      continue;
    }
    if (TOTAL.test(first)) {
      const scoreAt = roles ? [...roles].find(([, role]) => role === 'score')?.[0] : undefined;
      const underScore = scoreAt !== undefined ? scoreOf(cells[scoreAt] ?? '') : null;
      const score = underScore ?? nonEmpty.slice(1).map(scoreOf).find((s) => s !== null) ?? scoreOf(first.replace(TOTAL, ''));
      if (score !== null && score !== undefined) totalScore = score;
      continue;
    }
    if (/^(评价等次|等次|等级)$/.test(first)) continue;
    if (budget.rows.has(r)) continue;

    let rest = nonEmpty;
    if (GOAL.test(first) && !/指标/.test(first)) {
      const label = first.replace(/[(（].*$/s, '');
      const text = nonEmpty.slice(1).filter((c) => !LEVEL1.test(levelText(c)) && !LEVEL2.test(levelText(c)));
      const looksLikeIndicator = nonEmpty.length >= 4;
      if (label !== goalLabel) {
        goalLabel = label;
        const inlineName = cleanName(nonEmpty[0] ?? '').replace(GOAL, '').replace(/[(（]\s*\d+(\.\d+)?\s*分\s*[)）]/, '').trim();
        goals.push({
          name: looksLikeIndicator || inlineName.length > 4 ? inlineName || label : cleanName(text.join('')) || label,
          weight: pointsIn(nonEmpty[0] ?? ''),
        });
      }
      if (!looksLikeIndicator) continue;
      rest = nonEmpty.slice(1);
    } else if (ROW_LABEL.test(first)) {
      rest = nonEmpty.slice(1);
    }

    // A lone long text after a goal label without a name is that goal's description.
    if (rest.length === 1 && goals.length > 0 && (goals[goals.length - 1]?.name === goalLabel || !goals[goals.length - 1]?.name)) {
      const g = goals[goals.length - 1]!;
      if ((rest[0] ?? '').length > 8) g.name = cleanName(rest[0] ?? '');
      continue;
    }
    if (rest.length < 2 || !roles) continue;

    const parsed =
      rest === nonEmpty && roles ? (byColumns(cells, roles) ?? byMeaning(rest, roles, kind)) : byMeaning(rest, roles, kind);
    if (!parsed || !parsed.name || !isName(parsed.name)) continue;
    const printed = (v: string | null) => /[\p{L}\p{N}]/u.test(v ?? '');
    if (!printed(parsed.target) && !printed(parsed.actual) && parsed.weight === null && parsed.score === null) continue;

    if (parsed.level1) {
      if (parsed.level1 !== level1) level2 = null;
      level1 = parsed.level1;
    }
    if (parsed.level2) {
      level2 = parsed.level2;
      if (!parsed.level1) {
        const parent = PARENT.find(([re]) => re.test(level2 ?? ''))?.[1];
        if (parent && (level1 === null || family(level1) !== family(parent)) && family(level2) !== family(level1 ?? '')) level1 = parent;
      }
    }
    indicators.push({
      goal: goals.length > 0 ? goals.length - 1 : null,
      level1,
      level2,
      name: parsed.name,
      target: parseValueSpec(parsed.target ?? ''),
      actual: parseValueSpec(parsed.actual ?? ''),
      weight: parsed.weight,
      score: parsed.score,
    });
  }

  if (indicators.length === 0 && block.body.length > 0) {
    // no cell structure left (text extracted from PDF): read the lines by anchors
    const known = new Set(ctx.previous.flatMap((p) => p.indicators.map((i) => i.name)));
    const values = new Set(ctx.previous.flatMap((p) => p.indicators.flatMap((i) => (i.target ? [normLabel(i.target.raw)] : []))));
    const flat = parseFlatTargets(block.body, known, values);
    goals.push(...flat.goals);
    indicators.push(...flat.indicators);
  }
  fundsSlips(block.body.length > 0 ? block.body : block.grid, ctx);
  if (indicators.length === 0)
    ctx.report({
      severity: 'warning',
      code: 'performance-unparseable',
      message: `No indicator could be read from the performance table "${title}".`,
      location: block.location,
    });

  return {
    kind,
    scope,
    project,
    filledOn,
    budget: budget.value,
    goals,
    indicators,
    totalScore,
    location: block.location,
  };
}

const DEBRIS = /^[(（]?\d*分?[)）]$/;
const VALUE_LIKE = /\d/;

/**
 * Text cells wrapped onto a row of their own ("(4分)  …  气提升" under "效益指标 … 社会正"): a row of
 * a few text fragments, no figure, under an indicator row, continues the cells above it.
 */
function joinWrappedRows(rows: GridRow[]): GridRow[] {
  const out: GridRow[] = [];
  for (const r of rows) {
    const prev = out[out.length - 1];
    const filled: number[] = [];
    for (let i = 0; i < r.cells.length; i++) if (r.cells[i] !== '') filled.push(i);
    // the tell: the row opens with the rest of a weight, "(4分)" or "分)", cut off the level name above
    const continues =
      prev !== undefined &&
      filled.length > 0 &&
      filled.length <= 3 &&
      DEBRIS.test(normLabel(r.cells[filled[0] ?? 0] ?? '')) &&
      prev.cells.some((c) => VALUE_LIKE.test(c)) &&
      filled.every((i) => DEBRIS.test(normLabel(r.cells[i] ?? '')) || (!VALUE_LIKE.test(r.cells[i] ?? '') && (prev.cells[i] ?? '') !== ''));
    if (continues && prev) {
      for (const i of filled) {
        const c = r.cells[i] ?? '';
        if ((prev.cells[i] ?? '') !== '') prev.cells[i] = joinBroken(prev.cells[i] ?? '', c);
      }
      continue;
    }
    out.push({ cells: [...r.cells], location: r.location });
  }
  return out;
}

interface ParsedIndicator {
  level1: string | null;
  level2: string | null;
  name: string | null;
  target: string | null;
  actual: string | null;
  weight: number | null;
  score: number | null;
}

/** A row that lines up with its header: every non-empty cell under a header role. */
function byColumns(cells: string[], roles: Map<number, Role>): ParsedIndicator | null {
  const out: ParsedIndicator = { level1: null, level2: null, name: null, target: null, actual: null, weight: null, score: null };
  let l1: number | undefined;
  let l2: number | undefined;
  for (const [i, r] of roles) {
    if (r === 'level1' && l1 === undefined) l1 = i;
    if (r === 'level2' && l2 === undefined) l2 = i;
  }
  const bothLevels = l1 !== undefined && l2 !== undefined && (cells[l1] ?? '') !== '' && (cells[l2] ?? '') !== '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? '';
    if (c === '') continue;
    const role = roles.get(i);
    if (!role) return null;
    switch (role) {
      case 'level1':
      case 'level2': {
        const t = levelText(c);
        // a 二级 word under 一级 beside another level word, or a 一级 word under 二级: shifted
        if (role === 'level1' && bothLevels && LEVEL2.test(t) && !AMBIGUOUS.test(t)) return null;
        if (role === 'level2' && LEVEL1.test(t) && !LEVEL2.test(t)) return null;
        if (!LEVEL1.test(t) && !LEVEL2.test(t) && (t.length > 10 || parseValueSpec(c)?.op || !LEVELISH.test(t))) return null;
        out[role] = t;
        break;
      }
      case 'name':
        if (parseValueSpec(c)?.op) return null;
        out.name = cleanName(c);
        break;
      case 'target':
      case 'actual':
        out[role] = c;
        break;
      case 'weight':
      case 'score':
        out[role] = scoreOf(c);
        break;
      case 'other':
        break;
    }
  }
  return out.name ? out : null;
}

/** A shifted row: level words first, then the name, then values in the header's order. */
function byMeaning(cells: string[], roles: Map<number, Role> | null, kind: Performance['kind']): ParsedIndicator | null {
  const out: ParsedIndicator = { level1: null, level2: null, name: null, target: null, actual: null, weight: null, score: null };
  let i = 0;
  const levels: string[] = [];
  while (i < cells.length - 2 && levels.length < 2) {
    const t = levelText(cells[i] ?? '');
    if (!LEVEL1.test(t) && !LEVEL2.test(t)) break;
    levels.push(t);
    i++;
  }
  if (levels.length >= 2) {
    const [a, b] = levels as [string, string];
    if (LEVEL1.test(a) && (!LEVEL2.test(a) || AMBIGUOUS.test(a))) {
      out.level1 = a;
      out.level2 = b;
    } else out.level2 = a;
  } else if (levels.length === 1) {
    const a = levels[0]!;
    if (LEVEL2.test(a)) out.level2 = a;
    else out.level1 = a;
  }
  // the name is never a value: give the last level word back as the name if it would be
  if (i > 0 && parseValueSpec(cells[i] ?? '')?.op && levels.length > 0) {
    i--;
    if (levels.length === 2) out.level2 = null;
    else if (out.level2) out.level2 = null;
    else out.level1 = null;
  }
  const name = cells[i];
  if (name === undefined) return null;
  out.name = cleanName(name);
  const after = [...(roles?.values() ?? [])].filter((r) => r === 'target' || r === 'actual' || r === 'weight' || r === 'score');
  const order: Role[] = after.length > 0 ? after : kind === 'self_evaluation' ? ['target', 'actual', 'score'] : ['target'];
  if (kind === 'self_evaluation' && !order.includes('actual')) order.splice(order.indexOf('target') + 1, 0, 'actual');
  const values = cells.slice(i + 1);
  // a trailing bare number is the score where the table scores
  if (order.includes('score') && values.length > 0 && scoreOf(values[values.length - 1] ?? '') !== null && values.length >= order.length) {
    out.score = scoreOf(values.pop() ?? '');
  }
  let k = 0;
  for (const role of order) {
    if (role === 'score') continue;
    const v = values[k++];
    if (v === undefined) break;
    if (role === 'target' || role === 'actual') out[role] = v;
    else if (role === 'weight') out.weight = scoreOf(v);
  }
  return out;
}

interface BudgetRead {
  value: Performance['budget'];
  rows: Set<GridRow>;
}

/** 预算执行情况: 预算数 (A), 执行数 (B), 执行率, 得分; amounts in 万元 unless the table says 元. */
function readBudget(rows: GridRow[], block: PerformanceBlock, ctx: PerformanceContext): BudgetRead {
  const used = new Set<GridRow>();
  const headerAt = rows.findIndex((r) => {
    // both header words print 执 (and no other character NFKC maps to one): rows without it are passed over unjoined
    if (!r.cells.some((c) => c.includes('执'))) return false;
    const t = normLabel(r.cells.join('|'));
    return (/预算数/.test(t) && /执行数/.test(t)) || /预算执行情况/.test(t);
  });
  if (headerAt < 0) {
    // targets: "项目 2020 年本级财政预算金额：49 万元"
    const lines = [...block.pre.map((l) => l.cells.map((c) => c.text).join('')), ...rows.slice(0, 3).map((r) => r.cells.join(''))];
    for (const text of lines) {
      const m = /预算(金额|资金)?[:：]\s*([\d,.]+)\s*(万元|元)/.exec(normLabel(text));
      const n = m ? parseCellNumber(m[2] ?? '') : null;
      if (m && n && typeof n === 'object') {
        const planned = fenToOutput(toFen(n, m[3] === '元' ? '元' : '万元'), ctx.outputUnit);
        return { value: { planned, executed: null, rate: null, weight: null, score: null }, rows: used };
      }
    }
    return { value: null, rows: used };
  }
  const header = rows[headerAt]!;
  used.add(header);
  const headerJoined = header.cells.join('');
  const unit = /[(（]元[)）]/.test(headerJoined) && !/万元/.test(headerJoined) ? '元' : '万元';
  const weight = pointsIn(headerJoined);
  for (const r of rows.slice(headerAt + 1, headerAt + 3)) {
    const amounts: (number | null)[] = [];
    let rate: number | null = null;
    let score: number | null = null;
    for (const c of valueCells(r.cells)) {
      const pct = /(?<![\d.])(-?\d+(?:\.\d+)?)\s*%/.exec(nfkc(c));
      if (pct) {
        const n = readNumber(pct[1] ?? '');
        if (n !== null) rate = n / 100;
        else
          ctx.report({
            severity: 'warning',
            code: 'unparseable-cell',
            message: `"${c}" stands where the 预算执行情况 row's rate belongs and is no number; it is left out as null.`,
            location: r.location,
            details: { text: c },
          });
        continue;
      }
      const n = parseCellNumber(c);
      if (n && typeof n === 'object') {
        if (rate !== null || amounts.length >= 2) score = scoreOf(c);
        else amounts.push(fenToOutput(toFen(n, unit), ctx.outputUnit));
      } else if (/^\d+(\.\d+)?分$/.test(normLabel(c))) score = scoreOf(c);
      else if (/\d/.test(c) && !/[\u4e00-\u9fff]/.test(c)) {
        // digits that are no number ("1 57"): said, and the figure's place kept, so that 执行数
        // never slides into 预算数
        ctx.report({
          severity: 'warning',
          code: 'unparseable-cell',
          message: `"${c}" stands where a figure of the 预算执行情况 row belongs and is not a number; it is left out as null.`,
          location: r.location,
          details: { text: c },
        });
        if (rate === null && amounts.length < 2) amounts.push(null);
      }
    }
    if (amounts.length > 0) {
      used.add(r);
      return {
        value: {
          planned: amounts[0] ?? null,
          executed: amounts[1] ?? null,
          rate: rate === null ? null : Number(rate.toPrecision(10)),
          weight,
          score,
        },
        rows: used,
      };
    }
  }
  return { value: null, rows: used };
}

export type { Location };

/**
 * SPEC §5.9 in a performance table's 资金情况 block (seed 004): rows of a label and figures, closed
 * by a 合计 row. A figure about 10,000× its column's 合计 with nothing else in that column is a 元
 * figure among 万元 ones ("财政拨款 … 10,537,750.00" above "合计 … 1,053.77").
 */
function fundsSlips(lines: readonly { cells: { text: string }[]; location: Location }[], ctx: PerformanceContext): void {
  const figure = (t: string) => {
    const n = parseCellNumber(t);
    return n && typeof n === 'object' ? n.scaled / 10 ** n.decimals : null;
  };
  let group: { cells: string[]; location: Location }[] = [];
  for (const l of lines) {
    // a line of fewer than three cells is no funds row; only a heading among them matters
    if (l.cells.length < 3 && group.length === 0) continue;
    const cells = l.cells.map((c) => c.text.trim()).filter((t) => t !== '');
    const label = normLabel(cells[0] ?? '');
    const values = cells.slice(1);
    if (values.length < 2 || !values.some((v) => figure(v) !== null)) {
      if (/一级指标|年度目标|绩效/.test(label)) group = [];
      continue;
    }
    if (label !== '合计') {
      group.push({ cells: values, location: l.location });
      continue;
    }
    const rows = group.filter((g) => g.cells.length === values.length);
    values.forEach((v, j) => {
      const total = figure(v);
      const parts = rows.map((g) => figure(g.cells[j] ?? '')).filter((x): x is number => x !== null && x !== 0);
      if (total === null || total === 0 || parts.length !== 1) return;
      const only = parts[0]!;
      if (Math.abs(only / total - 10_000) / 10_000 >= 0.001) return;
      const source = rows.find((g) => figure(g.cells[j] ?? '') === only)!;
      ctx.report({
        severity: 'warning',
        code: 'unit-anomaly',
        message: `${source.cells[j]} is about 10,000 times its column's 合计 ${v}: a 元 figure among 万元 ones, read as ${Number((only / 10_000).toFixed(6))} 万元.`,
        location: source.location,
        details: { raw: source.cells[j], readAs: '元', value: only / 10_000, total: total },
      });
    });
    group = [];
  }
}
