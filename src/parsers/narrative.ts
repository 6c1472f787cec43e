import { lineText, type IrLine } from '../ir/types.js';
import type { Diagnostic, Location, NarrativeFigure } from '../schema/index.js';
import { normLabel } from './cells.js';
import { fenToOutput, readNumber, type OutputUnit } from './number.js';
import { catalog } from './repair-codes.js';

type Key = NarrativeFigure['key'];
type Fund = NonNullable<NarrativeFigure['fund']>;
type Stage = NonNullable<NarrativeFigure['stage']>;

/**
 * The subjects a statement may be about, longest first where one holds another. Each is found only
 * where it starts a phrase (after punctuation, a year, 其中, an enumerator or a fund's name), so that
 * "江汉宣传项目支出" is a project's name, not 项目支出.
 */
const LABELS: [RegExp, Key][] = [
  [/收、?支总计|收入支出总计|收支总预算|部门总预算|收支总体预算|收支预算总额|收支总额/, 'total'],
  [/本年收入合计|收入合计|部门预算收入|预算收入|收入预算|收入总额|收入总计/, 'income'],
  [/本年支出合计|支出合计|部门预算支出|预算总支出|总支出|支出预算|支出总额|安排支出|预算支出/, 'expenditure'],
  [/(?:财政拨款|一般公共预算|政府性基金预算?|国有资本经营预算)(?:财政拨款)?收入(?!支出)/, 'income'],
  [/(?:财政拨款|一般公共预算|政府性基金预算?|国有资本经营预算)(?:财政拨款)?(?:支出)/, 'expenditure'],
  [/上级补助收入/, 'superior_subsidy'],
  [/事业收入/, 'business'],
  [/经营收入/, 'operating'],
  [/附属单位上缴收入/, 'subsidiary'],
  [/其他收入/, 'other_income'],
  [/基本支出(?!总额)/, 'basic'],
  [/项目支出(?!总额)/, 'project'],
  [/人员经费/, 'personnel'],
  [/公用经费/, 'public'],
  [/工资福利支出/, 'wages'],
  [/对个人和家庭的?补助(?:支出)?/, 'household'],
  [/商品和服务支出/, 'goods_services'],
  [/机关运行经费|运行经费/, 'operation_funds'],
  [/政府采购(?:预算)?总额|政府采购支出总额|政府采购/, 'procurement'],
  [/因公出国[(（]?境[)）]?费用?/, 'overseas'],
  [/公务用车购置及运行(?:维护)?费/, 'vehicle'],
  [/公务用车购置费?/, 'vehicle_purchase'],
  [/公(?:务用)?车运行(?:维护)?费/, 'vehicle_operation'],
  [/公务接待费/, 'reception'],
  [/["“”]?三公["“”]?经费/, 'three_public'],
];

let classes: { names: Map<string, string>; re: RegExp } | null = null;
/** 类 of the function classification by name: "教育支出", "一般公共服务支出（类）" (built on first use) */
function classNames(): { names: Map<string, string>; re: RegExp } {
  if (!classes) {
    const names = new Map(catalog('function').filter(([code]) => code.length === 3).map(([code, name]) => [normLabel(name), code] as [string, string]));
    const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[()]/g, '\\$&'));
    classes = { names, re: new RegExp(`(?:${alternatives.join('|')})(?:\\(类\\))?`, 'g') };
  }
  return classes;
}

const LABELS_ALL = LABELS.map(([re, key]) => [new RegExp(re.source, 'g'), key] as const);

const THREE_PUBLIC = new Set<Key>(['three_public', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception']);
const AGGREGATE = new Set<Key>(['total', 'income', 'expenditure']);
/** what may stand just before a subject: a phrase start, a year, an enumerator or the fund it belongs to */
const LEAD = /(?:^|其中|包括|年度?|一般公共预算|财政拨款|政府性基金预算?|国有资本经营预算|部门|单位|全年|本年|当年|安排|调整后|通过|[)）]|[\d.、]|的|是)$/;
/** the words that may stand between a subject and its amount: stage, fund, 为, 合计 … */
const GAP_WORDS = /财政拨款|一般公共预算|支出|全年|本年|当年|年度|预算|决算|控制数|数|均为|为|是|共计|共|合计|总额|总计|安排|年初|拨款|经费|执行|实际|完成|累计|分别|达到|达|约|\d{4}年/g;
/** what may stand between a subject (or the start of a clause carrying one) and its amount: these words and nothing else */
const GAP = { test: (gap: string): boolean => gap.replace(GAP_WORDS, '') === '' };
// 万 alone is 万元 ("增加 2 万"), not a count of 万人; a figure per head (元/人) is no amount
const NUMBER = /(?<![\d,.])(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万(?![\d人户次册份平亩个件台辆株吨条套])|%)(?![\u4e00-\u9fa5]*[/／])/g;
const CHANGE_UP = /增加|增长|上升|提高|增幅|多支|超支|调增|增/;
const CHANGE_DOWN = /减少|下降|降低|降幅|节约|少支|调减|减/;
const PREVIOUS = /^(?:比|较|与|同)(?:上年|上一?年度|\d{4}年度?)(?:年初|全年|调整后)?(?:预算|决算|执行)?数?(?:为)?$/;
const COMPARISON = /决算数?(?:(大于|多于|高于|超过|小于|少于|低于|等于)(?:全年|年初|调整后)?预算数?|与(?:全年|年初|调整后)?预算数?(持平|相等|一致))/;
const FLAT = /持平|无变化|没有变化|一致/;

interface Paragraph {
  text: string;
  /** where each character of the text was printed */
  at: (index: number) => Location;
  /** the fund the section heading above names, if any */
  sectionFund: Fund | null;
  /** which section (heading) the paragraph is in */
  section: number;
  /** the unit the section heading names, where it speaks of one unit, not the department (深圳's 一、深圳市生态环境局（本级）) */
  unit: string | null;
}

/** A heading that names one unit of the department: an organisation's name, or its 本级, and no topic. */
function unitOf(heading: string): string | null {
  const name = heading.replace(HEADING, '').replace(/[:。]$/, '');
  if (/情况|说明|预算|决算|支出|收入|经费|资金|项目|事项|名词|解释|职责|机构|目标|绩效|资产|采购/.test(name.replace(/[(]本级[)]|本级$/, ''))) return null;
  return /(?:局|办公室|办|中心|站|所|院|队|馆|处|委员会|委|学校|医院|公司|[(]本级[)]|本级)$/.test(name) && name.length >= 4 ? name : null;
}

const HEADING = /^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十]+[)])/;

/** The fund a phrase names: the last named wins (一般公共预算财政拨款 is general, not all fiscal). */
function fundOf(text: string): Fund | null {
  let best: { at: number; fund: Fund } | null = null;
  const see = (re: RegExp, fund: Fund) => {
    for (const m of text.matchAll(re)) if (!best || m.index >= best.at || (fund !== 'fiscal' && m.index + m[0].length > best.at)) best = { at: m.index, fund };
  };
  see(/财政拨款/g, 'fiscal');
  see(/一般公共预算/g, 'general');
  see(/政府性基金/g, 'government_fund');
  see(/国有资本经营/g, 'state_capital');
  // "一般公共预算财政拨款": 财政拨款 after the fund's name narrows nothing
  if (best && (best as { fund: Fund }).fund === 'fiscal') {
    const before = text.slice(0, (best as { at: number }).at);
    if (/(一般公共预算|政府性基金预算?|国有资本经营预算)$/.test(before)) return fundOf(before);
  }
  return best ? (best as { fund: Fund }).fund : null;
}

/** Narrative lines joined into paragraphs: a line not ending a sentence runs on into the next. */
function paragraphs(lines: IrLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  let text = '';
  let starts: { index: number; location: Location }[] = [];
  let top: Fund | null = null;
  let sub: Fund | null = null;
  let topUnit: string | null = null;
  let subUnit: string | null = null;
  let section = 0;
  const flush = () => {
    if (text === '') return;
    const marks = starts;
    out.push({
      text,
      at: (i) => {
        let k = marks.length - 1;
        while (k > 0 && marks[k]!.index > i) k--;
        return marks[k]!.location;
      },
      sectionFund: sub ?? top,
      section,
      unit: subUnit ?? topUnit,
    });
    text = '';
    starts = [];
  };
  for (const l of lines) {
    const t = normLabel(lineText(l));
    // a page's number between two halves of a sentence is not part of it
    if (t === '' || /^(?:[-—]*\d{1,3}[-—]*|第\d+页(?:共\d+页)?)$/.test(t)) continue;
    // a heading: an enumerator and a short title with no figure; it sets the fund below it
    if (HEADING.test(t) && t.length <= 40 && !/\d\s*(?:万元|元|%)/.test(t) && !/:./.test(t)) {
      flush();
      section++;
      const fund = fundOf(t);
      if (/^[(]/.test(t)) {
        sub = fund;
        subUnit = unitOf(t);
      } else {
        top = fund;
        sub = null;
        topUnit = unitOf(t);
        subUnit = null;
      }
      starts.push({ index: 0, location: l.location });
      text = t;
      flush();
      continue;
    }
    starts.push({ index: text.length, location: l.location });
    text += t;
    if (/[。！？]$/.test(t)) flush();
  }
  flush();
  return out;
}

/** One subject's mention in a paragraph. */
interface Mention {
  at: number;
  end: number;
  key: Key;
  code: string | null;
  label: string;
}

function mentions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const [re, key] of LABELS_ALL) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push({ at: m.index, end: m.index + m[0].length, key, code: null, label: m[0] });
  }
  const { names, re } = classNames();
  re.lastIndex = 0;
  // (every class's name ends in 支出, 费 or 备费: a paragraph without them names none)
  if (!/支出|费/.test(text)) re.lastIndex = text.length;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    found.push({ at: m.index, end: m.index + m[0].length, key: 'class', code: names.get(m[0].replace(/\(类\)$/, '')) ?? null, label: m[0] });
  }
  // a class, 款 or 项 named with its code: 行政运行（2010801）
  for (const m of text.matchAll(/\((2\d{2}|2\d{4}|2\d{6})\)/g)) {
    const name = /[\u4e00-\u9fa5、]{2,24}$/.exec(text.slice(Math.max(0, m.index - 24), m.index))?.[0];
    if (name) found.push({ at: m.index - name.length, end: m.index + m[0].length, key: 'class', code: m[1]!, label: `${name}${m[0]}` });
  }
  // the longest at each place; a mention inside a longer one is that one's
  found.sort((a, b) => a.at - b.at || b.end - a.end);
  const out: Mention[] = [];
  for (const m of found) {
    const last = out[out.length - 1];
    if (last && m.at < last.end) continue;
    // "“三公”经费财政拨款支出": the fund's words after a subject qualify it, they are no subject of their own
    if (last && m.at === last.end && (m.key === 'income' || m.key === 'expenditure') && /^(?:财政拨款|一般公共预算|政府性基金|国有资本)/.test(m.label)) {
      last.end = m.end;
      last.label += m.label;
      continue;
    }
    if (!LEAD.test(text.slice(Math.max(0, m.at - 12), m.at).replace(/\s/g, '')) && m.at > 0 && !/[,;:。(（“"]$/.test(text.slice(0, m.at))) continue;
    out.push(m);
  }
  return out;
}

type Report = (d: Omit<Diagnostic, 'table'>) => void;

/**
 * The statements the explanatory text (情况说明, 预算说明) makes about figures, each with its scope:
 * the subject (收支总计, 基本支出, a 类 by name, a 三公 part …), the fund it is of (all funds, 财政拨款,
 * 一般公共预算 …, named in the phrase, or by the statement it falls under, or by the section's
 * heading), the stage (预算 / 决算) and what the figure measures — the amount itself, a share of a
 * whole (占 p%), a change against last year or the budget (增加 x 万元, 增长 p%) or a completion
 * rate (完成预算的 p%).
 */
export function narrativeFigures(lines: IrLine[], unit: OutputUnit, defaultStage: 'budget' | 'final', report: Report, year: number | null = null): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  // the fund of the last total the text spoke of in this section: 其中 基本支出 is of it
  let context: Fund | null = null;
  let section = -1;
  // the total the section breaks down (其中 …, 主要用于 …): what a share without a named whole is of
  let head: NarrativeFigure | null = null;
  // 项目支出 X 万元，其中：一般公共服务支出 …: the classes that follow are of that column
  let column: NarrativeFigure['column'] = null;
  for (const p of paragraphs(lines)) {
    const text = p.text;
    if (section !== p.section) {
      context = null;
      head = null;
      column = null;
      section = p.section;
    }
    if (!/\d\s*[万元%亿]/.test(text)) continue;
    const subjects = mentions(text);

    // sentences, then clauses: a subject carries on through its sentence's clauses
    let sentenceStart = 0;
    for (const sentence of text.split(/(?<=[。;!?！？])/)) {
      const from = sentenceStart;
      sentenceStart += sentence.length;
      let subject: Mention | null = null;
      let fund: Fund | null = null;
      // the total this sentence breaks down, and the parts it has listed since
      let total: { mention: Mention; fund: Fund | null } | null = null;
      const parts = new Set<string>();
      let versus: NarrativeFigure['versus'] = null;
      let stage: Stage | null = null;
      let clauseStart = from;
      // clauses end at , : — not at the thousands separator between digits
      for (const clause of sentence.split(/(?<=[:：]|,(?!\d{3}))/)) {
        const cFrom = clauseStart;
        clauseStart += clause.length;
        if (/与.{0,12}(?:上年|上一?年度|\d{4}年度?)(?:决算|预算)?(?:数)?相比|比上年|较上年|同比|比\d{4}年|较\d{4}年|与上年/.test(clause)) versus = 'previous_year';
        if (/比年初预算|较年初预算|比预算|较预算|与年初预算相比|与预算相比/.test(clause)) versus = 'budget';
        const own = subjects.filter((m) => m.at >= cFrom && m.at < clauseStart);
        let anchor = cFrom;
        NUMBER.lastIndex = 0;
        const body = text.slice(cFrom, clauseStart);
        // a formula (预算执行率 = 执行数 ÷ 预算数 × 100%) states no figure
        if (/[=÷×*]/.test(body)) continue;
        for (let n = NUMBER.exec(body); n; n = NUMBER.exec(body)) {
          const at = cFrom + n.index;
          const mine = own.filter((m) => m.end <= at);
          const m = mine[mine.length - 1];
          if (m && m.end > anchor) {
            subject = m;
            anchor = m.end;
            const named = fundOf(text.slice(Math.max(cFrom, m.at - 16), m.end));
            fund = named ?? (AGGREGATE.has(m.key) ? (p.sectionFund ?? 'all') : (context ?? p.sectionFund ?? 'all'));
            if (AGGREGATE.has(m.key) && m.key !== 'income') context = fund;
          }
          if (subject && total && subject !== total.mention) parts.add(`${subject.key}/${subject.code ?? ''}`);
          const gap = text.slice(anchor, at).replace(/[,:"“”\s]/g, '');
          // 预算收入 X 万元，其中：一般公共预算拨款 …、上年结转 …、其他收入 …，较上年减少 Y 万元: after a
          // list of its parts, a change with no subject of its own is the total's
          if (total && subject && subject !== total.mention && subject.end < cFrom && (parts.size >= 2 || (text.slice(total.mention.end, at).match(/、/g)?.length ?? 0) >= 2) && (CHANGE_UP.test(gap) || CHANGE_DOWN.test(gap))) {
            subject = total.mention;
            fund = total.fund;
          }
          anchor = at + n[0].length;
          if (!subject) continue;
          // 上年结转结余的一般公共预算收入: a carry-over, which no statement of the year's income is
          if (/结转|结余/.test(text.slice(Math.max(0, subject.at - 8), subject.at))) continue;
          // a figure in another unit or of another kind: counts, years, shares of a head count
          const digits = n[1] ?? '';
          const printed = n[2] ?? '';
          if (/^\d{4}$/.test(digits) && /年/.test(text.slice(at + digits.length, at + digits.length + 1))) continue;
          stage = stageOf(text.slice(from, at)) ?? stage;
          let headNext = false;
          const base = {
            // 支出预算总计 is 收支总计 (the carry-over in), not the year's 支出
            key: (subject.key === 'income' || subject.key === 'expenditure') && /总计/.test(gap) && subject.end >= cFrom ? 'total' : subject.key,
            code: subject.code,
            fund: THREE_PUBLIC.has(subject.key) ? null : fund,
            column: subject.key === 'class' ? (partOf(text.slice(0, subject.at)) ?? column) : null,
            unit: p.unit,
            stage: stage ?? defaultStage,
            label: subject.label,
            location: p.at(subject.at),
          };
          if (printed === '%') {
            const value = readNumber(digits);
            if (value === null) continue;
            const decimals = digits.split('.')[1]?.length ?? 0;
            const raw = text.slice(Math.max(cFrom, at - 14), at + n[0].length);
            let measure: NarrativeFigure['measure'] | null = null;
            let direction: NarrativeFigure['direction'] = null;
            let of: string | null = null;
            if (/占/.test(gap) && GAP.test(gap.slice(0, gap.indexOf('占')))) {
              measure = 'share';
              of = gap.slice(gap.lastIndexOf('占') + 1).replace(/^(?:本年|全年|当年|部门)?/, '').replace(/的?比[重例]?为?$|的$/, '') || (head && head.key !== subject.key ? normLabel(head.label) : null);
            } else if (/完成|执行率|完成率|预算执行/.test(gap) && GAP.test(gap.replace(/完成|执行率|完成率|预算执行|年初|全年|调整后|预算|的|率|为|比例/g, ''))) measure = 'completion';
            else if ((CHANGE_UP.test(gap) || CHANGE_DOWN.test(gap)) && GAP.test(stripChange(gap))) {
              measure = 'change_rate';
              direction = lastDirection(gap);
            }
            if (!measure) continue;
            out.push({ ...base, measure, direction, versus: measure === 'change_rate' ? (versus ?? 'previous_year') : null, of, value, printedUnit: '%', decimals, raw });
            continue;
          }
          // 比2025年年初预算数 45557.68 万元: the figure the subject is compared with
          // (2016年度部门支出预算安排为 8,648.07 万元) in a 2017 document: last year's figure, by its year
          const namedYear = /(\d{4})年度?[\u4e00-\u9fa5“”"]{0,10}$/.exec(text.slice(Math.max(0, subject.at - 16), subject.at))?.[1];
          const lastYears = year !== null && namedYear !== undefined && Number(namedYear) === year - 1 && subject.end >= cFrom && !CHANGE_UP.test(gap) && !CHANGE_DOWN.test(gap) && !/[比较与同]\d{4}年度?[\u4e00-\u9fa5“”"]{0,10}$/.test(text.slice(Math.max(0, subject.at - 16), subject.at));
          // 比 2025 年预算收入执行数 483,923.17 万元增加 …: the figure compared with, named by its subject
          const comparedWith = subject.end >= cFrom && !CHANGE_UP.test(gap) && !CHANGE_DOWN.test(gap) && /[比较](?:\d{4}年度?|上年度?)$/.test(text.slice(Math.max(0, subject.at - 10), subject.at).replace(/\s/g, ''));
          const isPrevious = PREVIOUS.test(gap) || lastYears || comparedWith;
          const isChange = !isPrevious && (CHANGE_UP.test(gap) || CHANGE_DOWN.test(gap)) && GAP.test(stripChange(gap));
          // a figure of something the text names but no subject here is: the sentence has moved on
          // from the subject it carried (1.行政运行 2,338.24 万元，较上年增加 …)
          if (!isChange && !isPrevious && !GAP.test(gap)) {
            if (subject.end < cFrom || /[\u4e00-\u9fa5]{4}/.test(gap)) subject = null;
            continue;
          }
          // a fund named after a subject carried from an earlier clause is another figure's scope
          if (subject.end < cFrom && /一般公共预算|政府性基金|国有资本|财政拨款/.test(gap)) {
            subject = null;
            continue;
          }
          // a figure alone at the start of a clause names nothing it is of (a line the PDF put out of order)
          if (gap === '' && subject.end < cFrom) continue;

          const value = readNumber(digits.replace(/,/g, ''));
          const raw = isChange || isPrevious || subject.end < cFrom ? text.slice(Math.max(cFrom, at - gap.length - 2, at - 12), at + n[0].length) : `${subject.label}${text.slice(subject.end, at + n[0].length)}`;
          if (value === null) {
            report({ severity: 'warning', code: 'unparseable-cell', message: `"${raw}" quotes digits no amount could be; the figure is left out.`, location: base.location, details: { text: raw } });
            continue;
          }
          const decimals = digits.replace(/,/g, '').split('.')[1]?.length ?? 0;
          // the total a paragraph breaks down: 支出合计 X 万元。其中 …, 支出 X 万元，主要用于以下方面 …
          const breaksDown = /^[,:;。]?(?:其中|主要用于|包括|具体|分别|如下|按)/.test(text.slice(at + n[0].length, at + n[0].length + 6));
          if (!isChange && ['total', 'income', 'expenditure', 'three_public'].includes(subject.key) && breaksDown) {
            headNext = true;
            column = null;
          }
          // (项目支出 417.41 万元，主要是 … 支出，其中：一般公共服务支出 417.41 万元: later in the sentence)
          if (!isChange && (subject.key === 'basic' || subject.key === 'project')) column = breaksDown || /其中|主要用于|具体包括/.test(sentence.slice(at + n[0].length - from)) ? subject.key : null;
          const factor = printed === '元' ? 100 : printed === '亿元' ? 10_000_000_000 : 1_000_000;
          const fen = Math.round(value * factor);
          out.push({
            ...base,
            measure: isChange ? 'change' : isPrevious ? 'previous' : 'amount',
            direction: isChange ? lastDirection(gap) : null,
            versus: isChange ? (versus ?? (/调增|调减/.test(gap) ? 'budget' : 'previous_year')) : isPrevious ? (/上年|\d{4}年/.test(gap) || lastYears || comparedWith ? 'previous_year' : 'budget') : null,
            of: null,
            value: fenToOutput(fen, unit),
            printedUnit: printed === '元' ? '元' : printed === '亿元' ? '亿元' : '万元',
            decimals,
            raw,
          });
          if (headNext) {
            head = out[out.length - 1]!;
            total = { mention: subject, fund };
            parts.clear();
          }
          headNext = false;
        }
      }
      // 决算数小于全年预算数 (大于, 等于, 与预算数持平): how the year's figure stands to its budget
      const said = COMPARISON.exec(sentence);
      const about = out.findLast((f) => f.measure === 'amount' && f.stage === 'final' && f.location.page === p.at(from).page);
      if (said && about && (about.location.line ?? 0) >= (p.at(from).line ?? 0) - 4) {
        const word = said[1] ?? said[2] ?? '';
        out.push({
          ...about,
          measure: 'comparison',
          direction: /大|多|高|超/.test(word) ? 'increase' : /小|少|低/.test(word) ? 'decrease' : 'flat',
          versus: 'budget',
          of: null,
          value: null,
          printedUnit: null,
          decimals: 0,
          raw: said[0],
          location: p.at(from + said.index),
        });
      }
    }
  }
  return out;
}

/**
 * The part of a class's spending an enumeration heading names before it ((2)公用经费：①行政运行
 * （2013201）124.00 万元): the last such heading in the paragraph, or null.
 */
function partOf(before: string): NarrativeFigure['column'] {
  let last: RegExpExecArray | null = null;
  for (const m of before.matchAll(/(人员经费|公用经费|专项业务经费|项目支出|基本支出)(?:预算)?:/g)) last = m;
  if (!last) return null;
  const word = last[1]!;
  return word === '人员经费' ? 'personnel' : word === '公用经费' ? 'public' : word === '基本支出' ? 'basic' : 'project';
}

/** A change's words taken out of what stands before its figure: what is left must be no other subject. */
function stripChange(gap: string): string {
  return gap.replace(/与.{0,12}相比|比上年|较上年|同比|[比较与]\d{4}年度?|比年初预算|较年初预算|比预算|较预算|各|分别|净|调增|调减|增加|减少|增长|下降|上升|降低|提高|节约|增幅|降幅|增|减|了|幅度|百分点|约/g, '');
}

/** The last of 预算 / 决算 said in a sentence before a figure: whose figure it is (fund names aside). */
function stageOf(before: string): Stage | null {
  const t = before.replace(/一般公共预算|政府性基金预算|国有资本经营预算|部门预算|单位预算|预算单位|预算管理|预算绩效|综合预算/g, '');
  const budget = Math.max(t.lastIndexOf('预算'), t.lastIndexOf('年初'));
  const adjusted = Math.max(t.lastIndexOf('调整后'), t.lastIndexOf('全年预算'), t.lastIndexOf('调整预算'));
  const final = Math.max(t.lastIndexOf('决算'), t.lastIndexOf('执行数'), t.lastIndexOf('实际支出'), t.lastIndexOf('实际执行'));
  if (budget < 0 && final < 0) return null;
  if (final > budget) return 'final';
  return adjusted >= 0 && adjusted >= t.lastIndexOf('年初') ? 'adjusted' : 'budget';
}

function lastDirection(gap: string): NarrativeFigure['direction'] {
  const up = Math.max(...[...gap.matchAll(new RegExp(CHANGE_UP.source, 'g'))].map((m) => m.index), -1);
  const down = Math.max(...[...gap.matchAll(new RegExp(CHANGE_DOWN.source, 'g'))].map((m) => m.index), -1);
  if (up < 0 && down < 0) return FLAT.test(gap) ? 'flat' : null;
  return up > down ? 'increase' : 'decrease';
}

/** A figure quoted as printed → the output, or (digits no amount could be: a damaged file) a warning. */
function figureTo(out: NarrativeFigure[], unit: OutputUnit, report: Report) {
  return (key: Key, label: string, digits: string, location: Location, raw: string): void => {
    const n = digits.replace(/,/g, '');
    const decimals = n.split('.')[1]?.length ?? 0;
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
    const fen = Math.round(value * 1_000_000);
    out.push({ key, code: null, fund: 'all', column: null, unit: null, stage: null, measure: 'amount', direction: null, versus: null, of: null, label, value: fenToOutput(fen, unit), printedUnit: '万元', decimals, raw, location });
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
      push(key, c, value.trim(), l.location, `${c} ${value.trim()}`);
    });
  }
  return out;
}
