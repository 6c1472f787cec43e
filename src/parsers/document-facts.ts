import { lineText, type IrLine } from '../ir/types.js';
import type { Document } from '../schema/index.js';
import { normLabel } from './cells.js';

type Facts = Document['document'];

const DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

function kindOf(text: string): Facts['kind'] | null {
  const t = normLabel(text);
  if (/绩效.{0,12}(自评|评价).{0,4}报告/.test(t)) return 'performance_report';
  if (/决算/.test(t)) return 'final_accounts';
  if (/预算/.test(t)) return 'budget';
  return null;
}

function isoDate(y: string, m: string, d: string): string | null {
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/**
 * Kind, fiscal year, department and publication date from the document's title lines.
 * The year is the one the figures are for (2022 年度部门决算, published 2023), not the publication's.
 */
export function documentFacts(lines: IrLine[]): Facts {
  const texts = lines.map(lineText).filter((t) => t !== '');
  const head = texts.filter((t) => !/^附件\s*[\d-]*$/.test(t)).slice(0, 12);
  // a title may be printed over two or three lines ("…2021年度部门（单位）整体支出" / "绩效评价自评报告")
  // (a table's title, and the 金额单位： line under it, are none: 预算01表 收支总表 opens 北京's table
  // files, which have no cover; their department and year are then not guessed)
  const tableFile = head.length > 0 && /^((预算|公开|附)\d+表|表\d+)/.test(normLabel(head[0]!));
  const candidates = tableFile ? [] : head.flatMap((t, i) => [t, t + (head[i + 1] ?? ''), t + (head[i + 1] ?? '') + (head[i + 2] ?? '')]);
  // else a part heading names them: "第二部分 武昌区融媒体中心 2023 年部门预算表"
  const part = texts
    .slice(0, 80)
    .map((t) => normLabel(t))
    .find((t) => /^第[一二三四五六七八九十]+部分/.test(t) && /\d{4}年/.test(t) && /(部门|单位)(预算|决算)/.test(t));
  const title =
    candidates.find((t) => kindOf(t) !== null && /\d{4}\s*年/.test(t) && t.length <= 60) ??
    part?.replace(/^第[一二三四五六七八九十]+部分/, '') ??
    candidates.find((t) => kindOf(t) !== null && t.length <= 60) ??
    '';

  let kind = kindOf(title);
  if (kind === null) {
    const joined = texts.slice(0, 200).join('');
    const f = (joined.match(/决算/g) ?? []).length;
    const b = (joined.match(/预算/g) ?? []).length;
    kind = f === 0 && b === 0 ? 'unknown' : f >= b ? 'final_accounts' : 'budget';
  }

  const yearMatch = /(\d{4})\s*年/.exec(title);
  const year = yearMatch ? Number(yearMatch[1]) : null;

  const labelled = texts
    .slice(0, 200)
    .map((t) => /^(?:部门[(（]单位[)）]名称|部门名称|单位名称|预算主管部门|主管部门|预算单位|编制部门|编制单位)[:：]\s*(\S.*)$/.exec(normLabel(t))?.[1])
    .find((d) => d !== undefined && d.length >= 4 && !/万元|元$/.test(d));
  let department: string | null =
    normLabel(title)
      .replace(/(\d{4})年度?/g, '')
      .replace(/部门整体支出绩效评价自评报告|(部门|单位)?整体支出绩效.{0,6}报告|绩效.{0,12}报告/g, '')
      .replace(/(部门|单位)(决算|预算)(公开)?(表)?|(决算|预算)(公开)?$/g, '')
      .replace(/部门[(（]单位[)）]$/, '') || null;
  // A report's title names a district, its 名称 line the department; so does a cover that reads
  // "上海市普陀区2025年区级部门预算" above "预算主管部门：…" (or "区级单位预算" above "预算单位：…")
  if (labelled && (kind === 'performance_report' || department === null || department.length < 4 || /区级|市级|县级|省级$/.test(department)))
    department = labelled.replace(/单位[:：].*$/s, '');
  if (department === null) {
    for (const t of texts.slice(0, 200)) {
      const m = /^(?:部门|单位名称|单位|编制单位|部门[(（]单位[)）]名称)[:：]\s*(\S.*)$/.exec(normLabel(t));
      if (m?.[1] && !/万元|元$/.test(m[1])) {
        department = m[1].replace(/\s+/g, '');
        break;
      }
    }
  }

  let publishedOn: string | null = null;
  const dated = [...head, ...texts.slice(-6)];
  for (const t of dated) {
    const m = DATE.exec(normLabel(t).replace(/^(报告日期|发布日期|公开日期)[:：]/, ''));
    if (m) {
      publishedOn = isoDate(m[1]!, m[2]!, m[3]!);
      if (publishedOn) break;
    }
  }
  return { kind, year, department, publishedOn };
}
