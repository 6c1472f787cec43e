import type { IrCell, IrDocument, IrLine } from '../ir/types.js';
import type { Check, Diagnostic, Document, Location, Table } from '../schema/index.js';
import { stableRowKeys } from './csv.js';
import { locate, type Located } from '../locate.js';
import type { PageImage } from './pages.js';
import { FATAL_CODES } from '../extract.js';
import { countFigures, inPrintedUnit, printedScale } from './common.js';
import { figures as checkFigures, where } from './text.js';

/** Text made safe inside HTML, as element content or a quoted attribute. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const KIND_NAMES: Record<string, string> = {
  income_expenditure_summary: '收支总表',
  income: '收入总表',
  expenditure: '支出总表',
  fiscal_summary: '财政拨款收支总表',
  general_budget_expenditure: '一般公共预算支出表',
  general_budget_basic_expenditure: '一般公共预算基本支出表',
  government_fund: '政府性基金表',
  state_capital: '国有资本经营表',
  three_public: '“三公”经费表',
  project_expenditure: '项目支出表',
  other: '其他表',
};

function amount(value: number | null, divisor: number, decimals: number | null): string {
  if (value === null) return '';
  const v = inPrintedUnit(value, divisor);
  const d = decimals ?? (Number.isInteger(v) ? 0 : 2);
  return v.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: Math.max(d, 6) });
}

/** A column's colour: its place in its table, spread round the wheel; the table sets the border. */
function hue(column: number): number {
  return (column * 67 + 200) % 360;
}

const whereAt = (loc: Location): string => where(loc) || 'document';

const anchorOf = (page: number | null | undefined, line: number | undefined) => (line ? `l-${page ?? 0}-${line}` : `p-${page ?? 0}`);

function box(cells: IrCell[], page: PageImage): string | null {
  const xs = cells.filter((c) => c.x0 !== undefined && c.y0 !== undefined);
  if (xs.length === 0) return null;
  const x0 = Math.min(...xs.map((c) => c.x0!));
  const x1 = Math.max(...xs.map((c) => c.x1!));
  const y0 = Math.min(...xs.map((c) => c.y0!));
  const y1 = Math.max(...xs.map((c) => c.y1!));
  const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(3)}%`;
  return `left:${pct(x0 - 1, page.width)};top:${pct(y0 - 1, page.height)};width:${pct(x1 - x0 + 2, page.width)};height:${pct(y1 - y0 + 2, page.height)}`;
}

export interface ReportInput {
  doc: Document;
  ir: IrDocument | null;
  /** the PDF's pages drawn, or null for text */
  pages: PageImage[] | null;
}

export interface ReportSummary {
  path: string | null;
  kind: string;
  year: number | null;
  department: string | null;
  tables: number;
  figures: number;
  located: number;
  unplaced: number;
  failedChecks: number;
  checks: number;
  errors: number;
  warnings: number;
  fatal: string | null;
}

export function summarise(doc: Document, located: Located | null): ReportSummary {
  const figures = countFigures(doc);
  const fatal = doc.diagnostics.find((d) => FATAL_CODES.has(d.code));
  return {
    path: doc.source.path,
    kind: doc.document.kind,
    year: doc.document.year,
    department: doc.document.department,
    tables: doc.tables.length,
    figures,
    located: located?.figures.length ?? 0,
    unplaced: located?.unplaced.length ?? 0,
    failedChecks: doc.checks.filter((c) => c.status === 'fail').length,
    checks: doc.checks.length,
    errors: doc.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: doc.diagnostics.filter((d) => d.severity === 'warning').length,
    fatal: fatal ? `${fatal.code}: ${fatal.message}` : null,
  };
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d232a;background:#eef0f3}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ccd}h1{font-size:18px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 8px}h3{font-size:14px;margin:14px 0 6px}
.facts{color:#556;margin:0}.stats{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 0;padding:0;list-style:none}.stats li{background:#f4f6f8;border:1px solid #dde;padding:3px 9px;border-radius:4px}
.stats .bad{background:#fde8e8;border-color:#e99;color:#900}.stats .good{background:#e8f6ec;border-color:#9c9;color:#174}
main{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:16px;padding:12px 20px}
section.list{background:#fff;border:1px solid #dde;padding:8px 14px;margin:12px 20px}
.pages,.tables{min-width:0}.tables{position:sticky;top:0;max-height:100vh;overflow:auto}tr.hit td{background:#fff59d}.page{position:relative;background:#fff;margin:0 0 16px;box-shadow:0 1px 3px #0003}.page img{display:block;width:100%;height:auto}
.pno{position:absolute;right:4px;top:4px;background:#334;color:#fff;font-size:11px;padding:1px 6px;border-radius:3px;z-index:3}
.m{position:absolute;border:1px solid;border-radius:2px;z-index:1}.m:hover{outline:2px solid #000;z-index:2}
.m.un{background:#ff980055;border:2px dashed #e65100}.m.chk{border:2px solid #d00;background:#ff000022;z-index:2}.m.dg{border:2px solid #b80;background:#ffd60033}
.m.nm{border-color:#8884;background:transparent}
.flash{animation:flash 1.2s 3}@keyframes flash{50%{outline:4px solid #f0f;outline-offset:2px}}
.text{background:#fff;padding:8px;font:12px/1.6 ui-monospace,monospace;white-space:pre;overflow-x:auto}.text .ln{display:block;position:relative}.text .ln::before{content:attr(data-n);color:#99a;display:inline-block;width:3.5em}
.text .m{position:static;border-width:0 0 2px}.text .c{padding:0 3px}
table{border-collapse:collapse;font-size:12px;margin:0 0 6px;background:#fff}td,th{border:1px solid #ccd;padding:2px 5px;vertical-align:top}th{background:#f1f3f6;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.miss{background:#fff3cd}tr.fail td{background:#fde8e8}
.tbl{background:#fff;border:1px solid #dde;padding:6px 10px;margin:0 0 12px;overflow-x:auto;border-left:5px solid}
.fail{color:#b00}.warning{color:#a60}.info{color:#667}.small{font-size:12px;color:#667}a{color:#1a55c7}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border:1px solid}
`;

const SCRIPT = `
function flash(t) {
  var f = t.offsetWidth || t.offsetHeight ? t : t.parentElement;
  f.classList.remove('flash'); void f.offsetWidth; f.classList.add('flash');
}
document.addEventListener('click', function (e) {
  if (!e.target.closest) return;
  var m = e.target.closest('[data-row]');
  if (m) {
    var r = document.getElementById(m.getAttribute('data-row'));
    if (r) {
      var old = document.querySelectorAll('tr.hit');
      for (var i = 0; i < old.length; i++) old[i].classList.remove('hit');
      r.classList.add('hit');
      r.scrollIntoView({ block: 'center' });
    }
    return;
  }
  var a = e.target.closest('a[href^="#"]');
  if (!a) return;
  var t = document.getElementById(a.getAttribute('href').slice(1));
  if (!t) return;
  e.preventDefault();
  t.scrollIntoView({ block: 'center' });
  flash(t);
  history.replaceState(null, '', a.getAttribute('href'));
});
`;

/**
 * One self-contained HTML page for a document: each PDF page drawn with every figure the tool read
 * outlined over it (coloured by column, bordered by table, keys on hover), the amounts no table took
 * and the lines of failed checks and warnings marked, beside each table as read in its printed unit;
 * the failed checks and diagnostics listed at the top with links to where they were printed.
 * No network: styles, script and page images are inline.
 */
export function reportHtml(input: ReportInput): { html: string; summary: ReportSummary } {
  const { doc, ir, pages } = input;
  const located = ir ? locate(doc, ir) : null;
  const summary = summarise(doc, located);
  const title = doc.document.department ?? doc.source.path ?? 'document';
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>${esc(title)} — disclose report</title><style>${STYLE}</style></head><body>`);
  const kind = { budget: '预算', final_accounts: '决算', performance_report: '绩效自评报告', unknown: '未识别' }[doc.document.kind];
  parts.push(`<header><h1>${esc(title)}</h1><p class="facts">${esc(doc.source.path ?? '')} · ${esc(doc.document.year ?? '')} ${esc(kind)} · ${doc.source.format === 'pdf' ? `${doc.source.pages ?? '?'} pages` : 'text'} · amounts in ${doc.unit === 'yuan' ? '元' : '万元'} in the JSON, shown here as printed</p>`);
  const cls = (bad: boolean) => (bad ? 'bad' : 'good');
  parts.push(`<ul class="stats" id="summary">`);
  parts.push(`<li>${summary.tables} tables</li><li>${summary.figures} figures</li>`);
  if (located) parts.push(`<li class="${cls(located.notFound.length > 0)}">${summary.located} of ${summary.figures} found on the page</li><li class="${cls(summary.unplaced > 0)}">${summary.unplaced} amounts in no table</li>`);
  parts.push(`<li class="${cls(summary.failedChecks > 0)}" id="failed-count">${summary.failedChecks} failed checks of ${summary.checks}</li>`);
  parts.push(`<li class="${cls(summary.errors > 0)}">${summary.errors} errors</li><li>${summary.warnings} warnings</li></ul>`);
  if (summary.fatal) parts.push(`<p class="fail">${esc(summary.fatal)}</p>`);
  parts.push(
    `<p class="small legend">Over the pages: <span style="border-color:#46c;background:#46c3">a figure placed in a table</span> (its colour is its column; hover for table, row and column)` +
      ` <span style="border:2px dashed #e65100;background:#ff980055">an amount in no table</span> <span style="border:2px solid #d00">a failed check</span> <span style="border:2px solid #b80">a warning</span></p></header>`,
  );

  // failed checks and diagnostics, each linking to where it was printed
  const failed = doc.checks.map((c, i) => ({ c, i })).filter(({ c }) => c.status === 'fail');
  parts.push(`<section class="list" id="checks"><h2>Failed checks (${failed.length})</h2>`);
  if (failed.length === 0) parts.push(`<p class="small">Every identity evaluated holds (${doc.checks.filter((c) => c.status === 'pass').length} passed, ${doc.checks.filter((c) => c.status === 'skipped').length} skipped).</p>`);
  else {
    parts.push(`<table><tr><th>where</th><th>rule</th><th>table</th><th>formula</th><th>figures</th><th>message</th></tr>`);
    for (const { c, i } of failed)
      parts.push(
        `<tr class="fail" id="check-${i}"><td><a href="#${markId('c', i, c.location, ir, pages !== null)}">${esc(whereAt(c.location))}</a></td><td>${esc(c.rule)}</td><td>${esc(c.table ?? '')}</td><td>${esc(c.formula)}</td><td>${esc(checkFigures(c, doc))}</td><td>${esc(c.message)}</td></tr>`,
      );
    parts.push(`</table>`);
  }
  const diags = doc.diagnostics.map((d, i) => ({ d, i })).filter(({ d }) => d.severity !== 'info');
  parts.push(`<h2>Diagnostics (${diags.length} errors and warnings, ${doc.diagnostics.length - diags.length} info)</h2>`);
  if (diags.length > 0) {
    parts.push(`<table><tr><th>where</th><th>severity</th><th>code</th><th>message</th></tr>`);
    for (const { d, i } of diags)
      parts.push(`<tr><td><a href="#${markId('d', i, d.location, ir, pages !== null)}">${esc(whereAt(d.location))}</a></td><td class="${d.severity}">${d.severity}</td><td>${esc(d.code)}</td><td>${esc(d.message)}</td></tr>`);
    parts.push(`</table>`);
  }
  if (located && located.notFound.length > 0) {
    parts.push(`<h3>Figures not found on the lines they were read from (${located.notFound.length})</h3><p class="small">`);
    parts.push(located.notFound.slice(0, 200).map((n) => `${esc(doc.tables[n.table]!.number ?? KIND_NAMES[doc.tables[n.table]!.kind])} <a href="#t${n.table}-r${n.row}">${esc(stableRowKeys(doc.tables[n.table]!)[n.row])}</a> ${esc(n.column)} = ${n.value}`).join('; '));
    parts.push(`</p>`);
  }
  parts.push(`</section>`);

  parts.push(`<main><div class="pages">`);
  parts.push(pages ? pdfPages(doc, ir, pages, located) : textPages(doc, ir, located));
  parts.push(`</div><div class="tables">`);
  parts.push(tablesHtml(doc, located));
  parts.push(`</div></main><script>${SCRIPT}</script></body></html>`);
  return { html: parts.join(''), summary };
}

/** The id of the mark a check or diagnostic link jumps to: its own mark over its line, else its page. */
function markId(prefix: 'c' | 'd', i: number, loc: Location, ir: IrDocument | null, drawn: boolean): string {
  const line = ir && loc.line !== undefined ? lineAt(ir, loc) : undefined;
  // (over a drawn page, a line is marked where its cells stand)
  if (line && (!drawn || line.cells.some((c) => c.y0 !== undefined))) return `${prefix}${i}`;
  // else its page, where the page was read; else the top
  if (ir && loc.page !== undefined && ir.pages.some((p) => p.number === loc.page)) return `p-${loc.page}`;
  return 'summary';
}

function lineAt(ir: IrDocument, loc: Location): IrLine | undefined {
  const page = ir.pages.find((p) => p.number === (loc.page ?? null)) ?? (loc.page === undefined ? ir.pages[0] : undefined);
  return page?.lines.find((l) => l.location.line === loc.line);
}

interface Cover {
  cls: string;
  id?: string;
  /** the table row it was read into, in the tables beside the pages */
  row?: string;
  title: string;
  style?: string;
}

/** Every mark on an IR cell: figures by table and column, names, unplaced amounts. */
function cellMarks(doc: Document, located: Located | null): Map<string, Cover> {
  const marks = new Map<string, Cover>();
  if (!located) return marks;
  const key = (page: number | null, line: number, cell: number) => `${page ?? 0}:${line}:${cell}`;
  const keys = doc.tables.map(stableRowKeys);
  for (const n of located.names) {
    const t = doc.tables[n.table]!;
    marks.set(key(n.page, n.line, n.cell), { cls: 'm nm', title: `${t.number ?? ''} ${t.title ?? KIND_NAMES[t.kind]} · row ${keys[n.table]![n.row]}`, row: `t${n.table}-r${n.row}` });
  }
  for (const f of located.figures) {
    const t = doc.tables[f.table]!;
    const col = [...new Set(t.columns.map((c) => c.key))].indexOf(f.column);
    const label = t.columns.find((c) => c.key === f.column)?.label ?? f.column;
    const row = t.rows[f.row]!;
    const h = hue(col < 0 ? 0 : col);
    const border = `hsl(${(f.table * 137) % 360} 70% 35%)`;
    marks.set(key(f.page, f.line, f.cell), {
      cls: 'm fig',
      style: `border-color:${border};background:hsl(${h} 80% 55% / .28)`,
      title: `${t.number ?? ''} ${t.title ?? KIND_NAMES[t.kind]} [${t.kind}]\nrow ${keys[f.table]![f.row]} ${row.name ?? ''}\ncolumn ${f.column} (${label}) = ${f.value}`,
      row: `t${f.table}-r${f.row}`,
    });
  }
  for (const u of located.unplaced) marks.set(key(u.page, u.line, u.cell), { cls: 'm un', title: 'an amount printed here that no table took' });
  return marks;
}

/** Marks over whole lines: failed checks and error or warning diagnostics, each with the id its link jumps to. */
function lineMarks(doc: Document, ir: IrDocument | null): Map<string, Cover[]> {
  const out = new Map<string, Cover[]>();
  if (!ir) return out;
  const add = (loc: Location, cover: Cover) => {
    if (loc.line === undefined || !lineAt(ir, loc)) return;
    const k = `${loc.page ?? 0}:${loc.line}`;
    out.set(k, [...(out.get(k) ?? []), cover]);
  };
  doc.checks.forEach((c, i) => {
    if (c.status === 'fail') add(c.location, { cls: 'm chk', id: `c${i}`, title: `failed: ${c.rule}\n${c.formula}\n${checkFigures(c, doc)}\n${c.message}` });
  });
  doc.diagnostics.forEach((d: Diagnostic, i) => {
    if (d.severity !== 'info') add(d.location, { cls: 'm dg', id: `d${i}`, title: `${d.severity} ${d.code}: ${d.message}` });
  });
  return out;
}

function pdfPages(doc: Document, ir: IrDocument | null, pages: PageImage[], located: Located | null): string {
  const marks = cellMarks(doc, located);
  const lines = lineMarks(doc, ir);
  const out: string[] = [];
  for (const page of pages) {
    out.push(`<div class="page" id="p-${page.number}" style="aspect-ratio:${page.width.toFixed(1)}/${page.height.toFixed(1)}"><span class="pno">p.${page.number}</span>`);
    out.push(page.image ? `<img loading="lazy" decoding="async" alt="page ${page.number}" src="${page.image}">` : `<p class="fail">page ${page.number} could not be drawn: ${esc(page.error)}</p>`);
    const irPage = ir?.pages.find((p) => p.number === page.number);
    for (const line of irPage?.lines ?? []) {
      const n = line.location.line ?? 0;
      line.cells.forEach((cell, i) => {
        const m = marks.get(`${page.number}:${n}:${i}`);
        const b = m && box([cell], page);
        if (m && b) out.push(`<div class="${m.cls}"${m.id ? ` id="${m.id}"` : ''}${m.row ? ` data-row="${m.row}"` : ''} style="${b};${m.style ?? ''}" title="${esc(m.title)}"></div>`);
      });
      const whole = lines.get(`${page.number}:${n}`);
      const b = whole && box(line.cells, page);
      if (whole && b) for (const m of whole) out.push(`<div class="${m.cls}" id="${m.id}" style="${b}" title="${esc(m.title)}"></div>`);
      // a line anchor, so that a link to any printed line lands on it
      const a = box(line.cells, page);
      if (a) out.push(`<div id="${anchorOf(page.number, n)}" style="position:absolute;${a};pointer-events:none"></div>`);
    }
    out.push(`</div>`);
  }
  return out.join('');
}

function textPages(doc: Document, ir: IrDocument | null, located: Located | null): string {
  if (!ir) return `<p class="small" id="p-0">Nothing was read.</p>`;
  const marks = cellMarks(doc, located);
  const lines = lineMarks(doc, ir);
  const out: string[] = [`<div class="page text" id="p-0">`];
  for (const page of ir.pages) {
    // (a PDF whose pages could not be drawn is shown as its lines: each page's start an anchor)
    if (page.number !== null) out.push(`<span id="p-${page.number}" class="ln" data-n="p.${page.number}"></span>`);
    for (const line of page.lines) {
      const n = line.location.line ?? 0;
      const whole = lines.get(`${page.number ?? 0}:${n}`) ?? [];
      const cells = line.cells
        .map((cell, i) => {
          const m = marks.get(`${page.number ?? 0}:${n}:${i}`);
          return m ? `<span class="c ${m.cls}"${m.id ? ` id="${m.id}"` : ''}${m.row ? ` data-row="${m.row}"` : ''} style="${m.style ?? ''}" title="${esc(m.title)}">${esc(cell.text)}</span>` : `<span class="c">${esc(cell.text)}</span>`;
        })
        .join('\t');
      const first = whole[0];
      out.push(
        `<span class="ln${first ? ` ${first.cls}` : ''}" id="${anchorOf(page.number, n)}" data-n="${n}"${first ? ` title="${esc(whole.map((w) => w.title).join('\n'))}"` : ''}>${whole.map((w) => `<span id="${w.id}"></span>`).join('')}${cells}</span>`,
      );
    }
  }
  out.push(`</div>`);
  return out.join('');
}

function tablesHtml(doc: Document, located: Located | null): string {
  const missing = new Set((located?.notFound ?? []).map((n) => `${n.table}:${n.row}:${n.column}`));
  const failedAt = new Set(doc.checks.filter((c: Check) => c.status === 'fail').map((c) => `${c.location.page ?? 0}:${c.location.line ?? 0}`));
  const out: string[] = [];
  doc.tables.forEach((t, ti) => {
    const unit = printedScale(t, doc);
    const rowKeys = stableRowKeys(t);
    const border = `hsl(${(ti * 137) % 360} 70% 35%)`;
    out.push(`<div class="tbl" id="t${ti}" style="border-left-color:${border}"><h3>${esc(t.number ?? '')} ${esc(t.title ?? KIND_NAMES[t.kind])} <span class="small">[${t.kind}] · <a href="#${anchorOf(t.location.page, t.location.line)}">${esc(whereAt(t.location))}</a> · 单位：${unit.unit}</span></h3>`);
    if (t.rows.length === 0) {
      out.push(`<p class="small">${t.empty ? 'printed empty' : 'no rows'}</p></div>`);
      return;
    }
    out.push(`<table><tr><th>row key</th><th>name</th>`);
    // (a two-sided summary prints its columns once a side: one column a key here)
    const columns = t.columns.filter((c, i) => t.columns.findIndex((d) => d.key === c.key) === i);
    columns.forEach((c, ci) => out.push(`<th style="border-bottom:3px solid hsl(${hue(ci)} 80% 55%)" title="${esc(c.key)}">${esc(c.label)}<br><span class="small">${esc(c.key)}${c.number !== null ? ` · ${c.number}` : ''}</span></th>`));
    // keys a row holds that the columns do not list
    const extra = [...new Set(t.rows.flatMap((r) => Object.keys(r.values)))].filter((k) => !t.columns.some((c) => c.key === k));
    for (const k of extra) out.push(`<th>${esc(k)}</th>`);
    out.push(`</tr>`);
    const keys = [...columns.map((c) => c.key), ...extra];
    t.rows.forEach((r, ri) => {
      const fail = failedAt.has(`${r.location.page ?? 0}:${r.location.line ?? 0}`);
      out.push(`<tr id="t${ti}-r${ri}"${fail ? ' class="fail"' : ''}><td><a href="#${anchorOf(r.location.page, r.location.line)}">${esc(rowKeys[ri])}</a></td><td>${esc(r.name ?? '')}</td>`);
      for (const k of keys) {
        const v = (r.values as Record<string, number | null>)[k];
        const miss = missing.has(`${ti}:${ri}:${k}`);
        out.push(`<td class="n${miss ? ' miss' : ''}"${miss ? ' title="not found on the page where this row was read"' : ''}>${v === undefined ? '' : amount(v, unit.divisor, t.decimals)}</td>`);
      }
      out.push(`</tr>`);
    });
    out.push(`</table></div>`);
  });
  if (doc.performance.length > 0) {
    out.push(`<h2>Performance tables (${doc.performance.length})</h2>`);
    doc.performance.forEach((p, pi) => {
      out.push(`<div class="tbl" id="perf${pi}" style="border-left-color:#777"><h3>${p.kind === 'targets' ? '绩效目标表' : '绩效自评表'} · ${p.scope}${p.project ? ` · ${esc(p.project)}` : ''} <span class="small"><a href="#${anchorOf(p.location.page, p.location.line)}">${esc(whereAt(p.location))}</a>${p.totalScore !== null ? ` · 总分 ${p.totalScore}` : ''}</span></h3>`);
      if (p.budget) out.push(`<p class="small">budget: planned ${p.budget.planned ?? '—'}, executed ${p.budget.executed ?? '—'}, rate ${p.budget.rate ?? '—'}, score ${p.budget.score ?? '—'}</p>`);
      if (p.indicators.length > 0) {
        out.push(`<table><tr><th>一级</th><th>二级</th><th>指标</th><th>目标</th><th>实际</th><th>权重</th><th>得分</th></tr>`);
        for (const x of p.indicators) out.push(`<tr><td>${esc(x.level1)}</td><td>${esc(x.level2)}</td><td>${esc(x.name)}</td><td>${esc(x.target?.raw)}</td><td>${esc(x.actual?.raw)}</td><td class="n">${esc(x.weight)}</td><td class="n">${esc(x.score)}</td></tr>`);
        out.push(`</table>`);
      }
      out.push(`</div>`);
    });
  }
  if (doc.narrative.length > 0) {
    out.push(`<h2>Figures the text quotes (${doc.narrative.length})</h2><table><tr><th>where</th><th>key</th><th>label</th><th>printed</th></tr>`);
    for (const n of doc.narrative) out.push(`<tr><td><a href="#${anchorOf(n.location.page, n.location.line)}">${esc(whereAt(n.location))}</a></td><td>${esc(n.key)}${n.stage ? ` (${n.stage})` : ''}</td><td>${esc(n.label)}</td><td class="n">${esc(n.raw)}</td></tr>`);
    out.push(`</table>`);
  }
  return out.join('');
}

/** The batch's index: every document with its summary, linking to its report. */
export function indexHtml(entries: { href: string; summary: ReportSummary }[]): string {
  const rows = entries
    .map(({ href, summary: s }) => {
      const bad = s.fatal !== null || s.failedChecks > 0 || s.errors > 0;
      return `<tr${bad ? ' class="fail"' : ''}><td>${href ? `<a href="${esc(href)}">${esc(s.path ?? href)}</a>` : esc(s.path ?? '')}</td><td>${esc(s.department ?? '')}</td><td>${esc(s.year ?? '')}</td><td>${esc(s.kind)}</td><td class="n">${s.tables}</td><td class="n">${s.figures}</td><td class="n">${s.located}</td><td class="n">${s.unplaced}</td><td class="n">${s.failedChecks}</td><td class="n">${s.errors}</td><td class="n">${s.warnings}</td><td>${esc(s.fatal ?? '')}</td></tr>`;
    })
    .join('');
  const failing = entries.filter((e) => e.summary.failedChecks > 0 || e.summary.fatal !== null).length;
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>disclose report — ${entries.length} document${entries.length === 1 ? '' : 's'}</title><style>${STYLE}</style></head><body>` +
    `<header><h1>disclose report</h1><p class="facts">${entries.length} document${entries.length === 1 ? '' : 's'} · ${failing} with failed checks or unread</p></header><section class="list"><table><tr><th>document</th><th>department</th><th>year</th><th>kind</th><th>tables</th><th>figures</th><th>found on page</th><th>amounts in no table</th><th>failed checks</th><th>errors</th><th>warnings</th><th>unread</th></tr>${rows}</table></section></body></html>`
  );
}
