import { lineText, type IrLine } from '../ir/types.js';
import type { Diagnostic, Location, NarrativeFigure } from '../schema/index.js';
import { normLabel } from './cells.js';
import { fenToOutput, readNumber, type OutputUnit } from './number.js';

type Key = NarrativeFigure['key'];

const LABELS: [RegExp, Key][] = [
  [/收、?支总计|收支总预算|部门总预算|收支总体预算/, 'total'],
  [/本年收入合计|收入合计|部门预算收入|预算收入/, 'income'],
  [/本年支出合计|支出合计|部门预算支出|预算总支出|总支出/, 'expenditure'],
  [/基本支出(?!总额)/, 'basic'],
  [/项目支出(?!总额)/, 'project'],
  [/人员经费/, 'personnel'],
  [/公用经费/, 'public'],
  [/工资福利支出/, 'wages'],
  [/对个人和家庭的?补助/, 'household'],
  [/因公出国[(（]?境[)）]?费用?/, 'overseas'],
  [/公务用车购置及运行(维护)?费/, 'vehicle'],
  [/公务用车购置费?/, 'vehicle_purchase'],
  [/公(务用)?车运行(维护)?费/, 'vehicle_operation'],
  [/公务接待费/, 'reception'],
  [/["“”]?三公["“”]?经费/, 'three_public'],
];

// built once: every paragraph is searched for every label, and each match asks every other label
// whether it reads on further from the same place (sticky: matched exactly there, as if anchored)
const LABELS_ALL = LABELS.map(([re, key]) => [new RegExp(re.source, 'g'), key] as const);
const LABELS_AT = LABELS.map(([re, key]) => [new RegExp(re.source, 'y'), key] as const);

const THREE_PUBLIC = new Set<Key>(['three_public', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception']);
// a figure after these words is a change or a comparison, not the figure itself
const CHANGE = /增|减|较|比|降|升|变动|相比|同比|调整|追加|结转|以上|以下|占/;
// what may stand between a label and its figure: 为, 支出, 预算/决算, 合计 … and nothing else
const GAP = /^(?:财政拨款|一般公共预算|支出|全年|本年|预算|决算|数|控制数|为|均为|是|共|合计|总额|总计|安排|年初|拨款|经费)*$/;
// what may stand just before a label: a phrase start, a year, or the fund it belongs to
const LEAD = /(?:[，。；：、,;:(（.．]|其中|年度?|一般公共预算|财政拨款|部门|单位|全年|本年|安排|调整后|[)）]|\d)$/;
const FIGURE = /^([^\d。；;]{0,14}?)(\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)(?![\u4e00-\u9fa5]*[/／])/;
const SHARE = /^[，,]\s*占(?:本年)?(?:支出)?(?:合计)?(?:的)?\s*(\d+(?:\.\d+)?)\s*%/;

/** The last of 预算 / 决算 in the sentence before a label says whose figure it is; 调整后预算 is the year's. */
function budgetContext(before: string): boolean {
  const sentence = before.slice(Math.max(before.lastIndexOf('。'), before.lastIndexOf('；')) + 1).replace(/调整后预算/g, '');
  const lastBudget = sentence.lastIndexOf('预算');
  const lastFinal = Math.max(sentence.lastIndexOf('决算'), sentence.lastIndexOf('执行'));
  return lastBudget > lastFinal && /年初预算|预算数|预算为|预算支出总额/.test(sentence);
}

interface Paragraph {
  text: string;
  /** where each character of the text was printed */
  at: (index: number) => Location;
}

/** Narrative lines joined into paragraphs: a line not ending a sentence runs on into the next. */
function paragraphs(lines: IrLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  let text = '';
  let starts: { index: number; location: Location }[] = [];
  const flush = () => {
    if (text === '') return;
    const marks = starts;
    out.push({
      text,
      at: (i) => [...marks].reverse().find((m) => m.index <= i)?.location ?? marks[0]!.location,
    });
    text = '';
    starts = [];
  };
  for (const l of lines) {
    const t = normLabel(lineText(l));
    if (t === '') continue;
    starts.push({ index: text.length, location: l.location });
    text += t;
    if (/[。！？]$/.test(t)) flush();
  }
  flush();
  return out;
}

/**
 * Figures the explanatory text (情况说明, 预算说明) quotes: "基本支出 308.34 万元，占本年支出 21.87%",
 * "人员经费 257.24 万元", "“三公”经费财政拨款支出预算为 17.89 万元，支出决算为 17.89 万元".
 * A figure after words of change ("增加 658.77 万元") is not the figure itself and is passed over.
 */
export function narrativeFigures(lines: IrLine[], unit: OutputUnit, defaultStage: 'budget' | 'final', report: Report): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  const push = figureTo(out, unit, report);
  for (const p of paragraphs(lines)) {
    const text = p.text;
    // every figure is digits (a separator may trail them) and 万元, 元 or 万: a paragraph without
    // any is not searched
    if (!/[\d,]\s*[万元]/.test(text)) continue;
    for (const [global, key] of LABELS_ALL) {
      global.lastIndex = 0;
      for (let m = global.exec(text); m; m = global.exec(text)) {
        const after = text.slice(m.index + m[0].length);
        // a longer label holds this one (公务用车购置费 inside 公务用车购置及运行维护费): leave it to that one
        const at = m.index;
        const length = m[0].length;
        const longer = LABELS_AT.some(([other, k]) => {
          if (k === key) return false;
          other.lastIndex = at;
          return (other.exec(text)?.[0].length ?? 0) > length;
        });
        if (longer) continue;
        const f = FIGURE.exec(after);
        if (!f || CHANGE.test(f[1] ?? '') || !GAP.test(f[1] ?? '')) continue;
        const gap = f[1] ?? '';
        // the label starts a phrase ("其中：基本支出"), not the end of a longer name ("江汉宣传项目支出")
        const before = text.slice(0, m.index);
        if (before !== '' && !LEAD.test(before)) continue;
        // in final accounts, a figure under 年初预算 is a budget figure, not the year's
        if (defaultStage === 'final' && !THREE_PUBLIC.has(key) && budgetContext(before)) continue;
        const stage = THREE_PUBLIC.has(key) ? (/预算/.test(gap) ? 'budget' : /决算/.test(gap) ? 'final' : defaultStage) : null;
        const start = m.index;
        push(key, stage, m[0], f[2] ?? '', f[3] ?? '', p.at(start), `${m[0]}${f[0]}`);
        const rest = after.slice(f[0].length);
        // "预算为 3 万元，支出决算为 0.87 万元": the same label's other stage
        if (stage === 'budget') {
          const fin = /^[，,]\s*(?:支出)?决算(?:数)?为\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)/.exec(rest);
          if (fin) push(key, 'final', m[0], fin[1] ?? '', fin[2] ?? '', p.at(start), fin[0]);
        }
        const share = (key === 'basic' || key === 'project') && SHARE.exec(rest);
        const pctValue = share ? readNumber(share[1] ?? '') : null;
        if (share && pctValue === null)
          report({
            severity: 'warning',
            code: 'unparseable-cell',
            message: `"${share[0]}" quotes digits no share could be; the figure is left out.`,
            location: p.at(start),
            details: { text: share[0] },
          });
        if (share && pctValue !== null) {
          const pct = share[1] ?? '';
          out.push({
            key: key === 'basic' ? 'basic_share' : 'project_share',
            stage: null,
            label: m[0],
            value: pctValue,
            printedUnit: '%',
            decimals: pct.split('.')[1]?.length ?? 0,
            raw: share[0].replace(/^[，,]\s*/, ''),
            location: p.at(start),
          });
        }
      }
    }
  }
  return out;
}

type Report = (d: Omit<Diagnostic, 'table'>) => void;

/** A figure quoted as printed → the output, or (digits no amount could be: a damaged file) a warning. */
function figureTo(out: NarrativeFigure[], unit: OutputUnit, report: Report) {
  return (key: Key, stage: NarrativeFigure['stage'], label: string, digits: string, printedUnit: string, location: Location, raw: string): void => {
    const n = digits.replace(/,/g, '');
    const decimals = n.split('.')[1]?.length ?? 0;
    const wan = printedUnit !== '元';
    const value = readNumber(n);
    if (value === null) {
      report({
        severity: 'warning',
        code: 'unparseable-cell',
        message: `"${raw}" quotes digits no amount could be; the figure is left out.`,
        location,
        details: { text: raw },
      });
      return;
    }
    const fen = Math.round(value * (wan ? 1_000_000 : 100));
    out.push({ key, stage, label, value: fenToOutput(fen, unit), printedUnit: wan ? '万元' : '元', decimals, raw, location });
  };
}

/**
 * 基本支出总额 / 项目支出总额 printed in a performance table (seed 000's 部门整体绩效自评表): figures
 * the checker compares with the expenditure table, in the 万元 the table declares.
 */
export function performanceTotals(grid: IrLine[], unit: OutputUnit, report: Report): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  const push = figureTo(out, unit, report);
  for (const l of grid) {
    const cells = l.cells.map((c) => c.text);
    cells.forEach((c, i) => {
      const label = normLabel(c);
      const key = label === '基本支出总额' ? 'performance_basic' : label === '项目支出总额' ? 'performance_project' : null;
      if (!key) return;
      const value = cells.slice(i + 1).find((v) => v.trim() !== '');
      if (!value || !/^[\d,]+(\.\d+)?$/.test(value.trim())) return;
      push(key, null, c, value.trim(), '万元', l.location, `${c} ${value.trim()}`);
    });
  }
  return out;
}
