import { lineText, type IrLine } from '../ir/types.js';
import type { Performance } from '../schema/index.js';
import { cleanName, normLabel } from './cells.js';
import { parseValueSpec } from './value-spec.js';

type Indicator = Performance['indicators'][number];

const LEVEL1 = /^(产出|效益|满意度|成本)指标$/;
const LEVEL2 = /^(数量|质量|时效|成本|社会效益|经济效益|生态效益|可持续影响|服务对象满意度|经济成本|社会成本)指标$/;
const GOAL = /^(年度|长期)(绩效)?目标\s*(\d+)\s*[:：]?\s*(.*)$/s;
const ANCHOR = /(绩效考核目标|绩效目标|计划标准|行业标准|历史标准)$/;
const HEADER = /^(年度绩效|长期绩效|一级|二级|三级指标|指标值|近两年|值20|预期当年|目标名称|前$|上$|年$|依据$|名称$|目标说明|绩效指)/;
const VALUE = /^([≥≤><=]?\d[\d,.]*\s*(%|万|亿)?\S{0,3}|无)$/;

/** Lines broken mid-word ("产出指" / "标") joined back while the pair makes a known word. */
function joinWords(lines: string[]): string[] {
  const out: string[] = [];
  for (const t of lines) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (LEVEL1.test(normLabel(prev + t)) || LEVEL2.test(normLabel(prev + t)) || /^(一级|二级)指标$/.test(normLabel(prev + t)))) {
      out[out.length - 1] = prev + t;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** "X X X" written as broken lines: the shortest line-aligned suffix that is one value repeated r times. */
function repeatedSuffix(parts: string[], times: number): { at: number; value: string } | null {
  for (let at = 1; at < parts.length; at++) {
    const s = normLabel(parts.slice(at).join(''));
    if (s.length === 0 || s.length % times !== 0) continue;
    const x = s.slice(0, s.length / times);
    if (x.length >= 2 && x.repeat(times) === s) return { at, value: x };
  }
  return null;
}

/**
 * 绩效目标表 whose cells were flattened into lines (seed 004): level words, 年度目标 lines, and
 * indicators ending at their 指标值确定依据 (绩效考核目标). Values printed on the anchor line are split
 * at spaces; values broken over several lines are recognised as one value printed two or three
 * times (the 近两年 columns and 预期当年实现值 agree); names known from another table of the same
 * document split a name from its value.
 */
export function parseFlatTargets(
  body: IrLine[],
  knownNames: ReadonlySet<string>,
  knownValues: ReadonlySet<string> = new Set(),
): Pick<Performance, 'goals' | 'indicators'> {
  const goals: Performance['goals'] = [];
  const indicators: Indicator[] = [];
  let level1: string | null = null;
  let level2: string | null = null;
  let chunk: string[] = [];
  let inBasis = false;

  const lines = joinWords(body.map(lineText).filter((t) => t !== ''));
  const emit = (parts: string[]) => {
    const flat = parts.map((p) => p.trim()).filter((p) => p !== '');
    if (flat.length === 0) return;
    let name: string;
    let values: string[];
    const joined = normLabel(flat.join(''));
    const known = [...knownNames, ...goals.map((g) => normLabel(g.name))]
      .filter((n) => joined.startsWith(n) && joined.length > n.length)
      .sort((a, b) => b.length - a.length)[0];
    // where printed tokens begin: a known value only splits the text there
    const starts = new Set<number>();
    let at = 0;
    for (const part of flat)
      for (const tok of part.split(/\s+/)) {
        starts.add(at);
        at += normLabel(tok).length;
      }
    const knownValue = [...knownValues]
      .filter((v) => v.length >= 4 && joined.endsWith(v) && joined.length > v.length && starts.has(joined.length - v.length))
      .sort((a, b) => b.length - a.length)[0];
    const rep = repeatedSuffix(flat, 3) ?? repeatedSuffix(flat, 2);
    const last = flat[flat.length - 1]!;
    const tokens = mergeUnits(last.split(/\s+/));
    const valueTokens: string[] = [];
    const keep = flat.length > 1 ? 0 : 1;
    while (tokens.length > keep && VALUE.test(tokens[tokens.length - 1]!)) valueTokens.unshift(tokens.pop()!);
    if (known) {
      name = known;
      // what follows the name, token by token: "12 12 12" is one value printed in three columns,
      // never the number 121212
      let skip = known.length;
      const rest: string[] = [];
      for (const tok of flat.join(' ').split(/\s+/)) {
        const n = normLabel(tok);
        if (skip >= n.length) skip -= n.length;
        else {
          rest.push(n.slice(skip));
          skip = 0;
        }
      }
      // (words the flattening broke, 完 成, join again; figures side by side stay apart)
      const text = rest.reduce((out, t, k) => (k > 0 && /[\d.%]$/.test(rest[k - 1]!) && /^[\d.]/.test(t) ? `${out} ${t}` : out + t), '');
      values = rest.length > 1 && rest.every((t) => t === rest[0]) ? [rest[0]!] : [text];
    } else if (knownValue) {
      name = cleanName(joined.slice(0, -knownValue.length));
      values = [knownValue];
    } else if (rep) {
      const head = flat.slice(0, rep.at);
      const headTokens = (head[head.length - 1] ?? '').split(/\s+/);
      const earlier = headTokens.length > 1 ? [headTokens.pop()!] : [];
      name = cleanName([...head.slice(0, -1), headTokens.join(' ')].join(''));
      values = [...earlier, rep.value, rep.value];
    } else if (valueTokens.length > 0) {
      name = cleanName([...flat.slice(0, -1), tokens.join(' ')].join(''));
      values = mergeUnits(valueTokens);
    } else {
      name = cleanName(flat[0] ?? '');
      values = flat.length > 1 ? [cleanName(flat.slice(1).join(''))] : [];
    }
    if (name === '' || values.length === 0) return;
    indicators.push({
      goal: goals.length > 0 ? goals.length - 1 : null,
      level1,
      level2,
      name,
      // the last printed value is the one expected this year (预期当年实现值 / 指标值)
      target: parseValueSpec(values[values.length - 1] ?? ''),
      actual: null,
      weight: null,
      score: null,
    });
  };

  for (const raw of lines) {
    // level words printed at the start of an indicator's line ("产出指标 质量指标 推进…")
    const words = raw.trim().split(/\s+/);
    while (words.length > 1 && (LEVEL1.test(words[0]!) || LEVEL2.test(words[0]!))) {
      const w = words.shift()!;
      if (LEVEL1.test(w)) {
        level1 = w;
        level2 = null;
      } else level2 = w;
    }
    const line = words.join(' ');
    const label = normLabel(line);
    const goal = GOAL.exec(line.trim());
    if (goal) {
      chunk = [];
      inBasis = false;
      const described = cleanName(goal[4] ?? '');
      goals.push({ name: described.length > 2 ? described : cleanName(line), weight: null });
      continue;
    }
    if (LEVEL1.test(label)) {
      level1 = label;
      level2 = null;
      chunk = [];
      inBasis = false;
      continue;
    }
    if (LEVEL2.test(label)) {
      level2 = label;
      chunk = [];
      inBasis = false;
      continue;
    }
    if (HEADER.test(label)) {
      chunk = [];
      continue;
    }
    if (inBasis) continue;
    if (/^依据/.test(label)) {
      emit(chunk);
      chunk = [];
      inBasis = true;
      continue;
    }
    const anchored = ANCHOR.exec(line.trim());
    if (anchored) {
      const before = line.trim().slice(0, -anchored[0].length).trim();
      emit(before === '' ? chunk : [...chunk, before]);
      chunk = [];
      continue;
    }
    chunk.push(line);
  }
  return { goals, indicators };
}

function mergeUnits(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /^\d[\d,.]*$/.test(prev) && /^[^\d\s≥≤<>=]{1,3}$/.test(t) && t !== '无') out[out.length - 1] = prev + t;
    else out.push(t);
  }
  return out;
}
