import { lineText, type IrLine } from '../ir/types.js';
import type { Diagnostic, Document, Location } from '../schema/index.js';
import { normLabel } from './cells.js';

type Report = (d: Omit<Diagnostic, 'table'>) => void;

const DATE = /(?:截至|截止|截止到|截至到)(\d{4})年(?:\d{1,2}月(?:\d{1,2}日)?|底|末)/g;
const COMPARED = /(?:与|比|较|同)(\d{4})年度?(?:相比|比较|决算|预算|年初|同期|执行|增|减|下降|增长|持平|基本|,)/g;
const TITLE = /(\d{4})年度?(?:[\u4e00-\u9fa5（）()]{0,30}?)(?:部门|单位)(?:预算|决算)(?:情况)?(?:说明|公开)?$/;
const PLACEHOLDER = /20[XＸ×xｘ]{2}|202[XＸ×xｘ]|[XＸ]{2,}|×{2,}|某某/g;
// (NFKC: ，；： are , ; :) — two marks, not a leader of dots in a table of contents
const DOUBLED = /(?<![。,;:、])([。,;:、])\1(?![。,;:、])|,。|。,|;。|,;/g;

/**
 * What the explanatory text says of itself that an auditor reads first (SPEC §6, issue 19): the
 * fiscal year its headings, 截至 dates and "与上年比较" phrases name against the document's year;
 * placeholders left in (XX局, 202X, ××); doubled punctuation (。。, ，。). Each is a warning with the
 * line and the printed and expected text.
 */
export function narrativeText(lines: IrLine[], kind: Document['document']['kind'], year: number | null, report: Report): void {
  // a template left unfilled prints hundreds: one warning says where each is
  const placeholders: { printed: string; context: string; location: Location }[] = [];
  for (const l of lines) {
    const raw = lineText(l);
    const t = normLabel(raw);
    if (year !== null && kind !== 'unknown' && t.includes('年')) {
      // 截至 a date: the year's end for final accounts, the year before for a budget (or the year itself)
      for (const m of t.matchAll(DATE)) {
        const y = Number(m[1]);
        const ok = kind === 'budget' ? y === year - 1 || y === year : kind === 'final_accounts' ? y === year || y === year + 1 : true;
        if (!ok)
          report({
            severity: 'warning',
            code: 'text-year',
            message: `"${m[0]}" names ${y}, but the document is ${kind === 'budget' ? 'a budget for' : 'the final accounts of'} ${year}: expected ${kind === 'budget' ? year - 1 : year}.`,
            location: l.location,
            details: { printed: m[0], year: y, expected: kind === 'budget' ? year - 1 : year },
          });
      }
      // compared with last year: the year before the document's
      for (const m of t.matchAll(COMPARED)) {
        const y = Number(m[1]);
        if (y === year - 1 || y === year) continue;
        report({
          severity: 'warning',
          code: 'text-year',
          message: `"${m[0]}" compares with ${y}, but last year for this document is ${year - 1}.`,
          location: l.location,
          details: { printed: m[0], year: y, expected: year - 1 },
        });
      }
      // a heading or title naming the document's year: 2024年度部门决算情况说明 in a 2023 document
      const title = TITLE.exec(t);
      if (title && t.length <= 60 && Number(title[1]) !== year)
        report({
          severity: 'warning',
          code: 'text-year',
          message: `The heading "${raw.trim()}" names ${title[1]}, but the document is for ${year}.`,
          location: l.location,
          details: { printed: raw.trim(), year: Number(title[1]), expected: year },
        });
    }
    if (/[XＸ×xｘ某]/.test(t)) for (const m of t.matchAll(PLACEHOLDER)) placeholders.push({ printed: m[0], context: t.slice(Math.max(0, m.index - 10), m.index + m[0].length + 10), location: l.location });
    for (const m of t.matchAll(DOUBLED))
      report({
        severity: 'warning',
        code: 'text-punctuation',
        message: `"${m[0]}": punctuation doubled (…${t.slice(Math.max(0, m.index - 10), m.index + m[0].length + 10)}…).`,
        location: l.location,
        details: { printed: m[0] },
      });
  }
  if (placeholders.length > 0) {
    const where = (p: (typeof placeholders)[number]) => `line ${p.location.line ?? '?'}${p.location.page ? `, page ${p.location.page}` : ''}`;
    report({
      severity: 'warning',
      code: 'text-placeholder',
      message: `${placeholders.length === 1 ? 'A placeholder is' : `${placeholders.length} placeholders are`} left in the text: ${placeholders
        .slice(0, 3)
        .map((p) => `"${p.printed}" (…${p.context}…, ${where(p)})`)
        .join('; ')}${placeholders.length > 3 ? '; …' : ''}.`,
      location: placeholders[0]!.location,
      details: { placeholders },
    });
  }
}
