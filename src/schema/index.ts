import { z } from 'zod';
import { COLUMN_KEYS, EXTRA_COLUMN_KEYS, TABLE_KINDS, type TableKind } from './columns.js';

export { COLUMN_KEYS, TABLE_KINDS, type TableKind, type ColumnKey } from './columns.js';

export const SCHEMA_VERSION = 1;

export const LocationSchema = z
  .object({
    page: z.number().int().min(1).optional().describe('1-based PDF page'),
    line: z.number().int().min(1).optional().describe('1-based line: in a text file, or within the PDF page'),
  })
  .strict();

/** An amount in the document's output unit (yuan unless --unit wan); null = blank cell. */
export const AmountSchema = z.number().nullable();

export const TableKindSchema = z.enum(TABLE_KINDS);
/** A table's kind in a diagnostic: a standard kind, or other (SPEC §2, a grid of figures of no standard kind). */
export const AnyTableKindSchema = z.enum([...TABLE_KINDS, 'other']);
export const LevelSchema = z.enum(['class', 'item', 'subitem']);
export const DeclaredUnitSchema = z.enum(['万元', '元']);

/**
 * A row's values by column key: the kind's standard keys, and for a column a regional template prints
 * beyond them (SPEC §2) a key of its own — one of EXTRA_COLUMN_KEYS by its meaning, else c and its
 * place among the value columns (c7). Any other key is a misspelling and invalid.
 */
function valuesOf<K extends TableKind>(kind: K) {
  const extra = EXTRA_COLUMN_KEYS.filter((k) => !(COLUMN_KEYS[kind] as readonly string[]).includes(k));
  const keys = [...COLUMN_KEYS[kind], ...extra];
  return z
    .record(z.string().regex(new RegExp(`^(${keys.join('|')}|c\\d+(_\\d+)?)$`)), AmountSchema)
    .describe(`by column key: ${COLUMN_KEYS[kind].join(', ')}; a column the table prints beyond them: ${extra.join(', ')} by its meaning, else c and its place among the value columns (c7)`);
}

export const ColumnSchema = z
  .object({
    key: z.string(),
    label: z.string().describe('the printed header, whitespace removed (the standard name where the print cannot be attributed to one column)'),
    number: z.number().int().nullable().describe('栏次 as printed, or null'),
  })
  .strict();

const rowBase = {
  name: z.string().nullable(),
  location: LocationSchema,
};

const codeFields = {
  code: z.string().regex(/^\d+$/).nullable(),
  level: LevelSchema.nullable(),
};

/** How a code table's row is keyed beyond its function code (SPEC §2, regional templates). */
const keyFields = {
  governmentEconomicCode: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe('a row keyed by several classifications at once (北京: 功能 - 政府预算经济 - 部门预算经济): its government economic class code (5xx)'),
  economicCode: z.string().regex(/^\d+$/).optional().describe('… and its department economic class code (3xx)'),
};

export const SummaryRowSchema = z
  .object({
    side: z
      .enum(['income', 'expenditure', 'expenditure_economic', 'expenditure_government_economic'])
      .describe('the block of a two-sided summary the row is printed in: income; expenditure by function class; by economic class (the department’s: 部门预算支出经济分类); by the government’s economic class (政府预算支出经济分类)'),
    line: z.number().int().nullable().describe('行次 as printed, or null'),
    ...codeFields,
    ...rowBase,
  })
  .strict();

const tableBase = {
  number: z.string().nullable().describe('the printed table number (表1, 公开01表), or null'),
  title: z.string().nullable().describe('the printed title, or null when it was lost'),
  declaredUnit: DeclaredUnitSchema.nullable(),
  decimals: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe('decimals the figures print (the most any shows): each stands for ± half a unit of its last decimal'),
  empty: z.boolean(),
  location: LocationSchema,
  columns: z.array(ColumnSchema),
  notes: z.array(z.string()).describe('text printed under the table: notes and identity formulas'),
};

function summaryTable<K extends 'income_expenditure_summary' | 'fiscal_summary'>(kind: K) {
  return z
    .object({
      kind: z.literal(kind),
      ...tableBase,
      rows: z.array(SummaryRowSchema.extend({ values: valuesOf(kind) }).strict()),
    })
    .strict();
}

function codeTable<
  K extends 'income' | 'expenditure' | 'general_budget_expenditure' | 'government_fund' | 'state_capital',
>(kind: K) {
  return z
    .object({
      kind: z.literal(kind),
      ...tableBase,
      rows: z.array(z.object({ ...codeFields, ...keyFields, ...rowBase, values: valuesOf(kind) }).strict()),
    })
    .strict();
}

export const TableSchema = z.discriminatedUnion('kind', [
  summaryTable('income_expenditure_summary'),
  codeTable('income'),
  codeTable('expenditure'),
  summaryTable('fiscal_summary'),
  codeTable('general_budget_expenditure'),
  z
    .object({
      kind: z.literal('general_budget_basic_expenditure'),
      ...tableBase,
      rows: z.array(
        z
          .object({
            ...codeFields,
            governmentEconomicCode: keyFields.governmentEconomicCode,
            group: z.enum(['personnel', 'public']).optional(),
            ...rowBase,
            values: valuesOf('general_budget_basic_expenditure'),
          })
          .strict(),
      ),
    })
    .strict(),
  codeTable('government_fund'),
  codeTable('state_capital'),
  z
    .object({
      kind: z.literal('three_public'),
      ...tableBase,
      rows: z.array(
        z.object({ stage: z.enum(['budget', 'final']), ...rowBase, values: valuesOf('three_public') }).strict(),
      ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('project_expenditure'),
      ...tableBase,
      rows: z.array(z.object({ ...codeFields, ...rowBase, values: z.record(z.string(), AmountSchema) }).strict()),
    })
    .strict(),
  z
    .object({
      kind: z.literal('other'),
      ...tableBase,
      rows: z.array(
        z
          .object({
            code: z.string().regex(/^\d+$/).nullable().describe('a classification code the row starts with, or null'),
            ...rowBase,
            values: z
              .record(z.string(), AmountSchema)
              .describe("by column key (c1, c2, … in printed order; the columns give each one's printed header): amounts in the output unit, counts and percentages as printed"),
          })
          .strict(),
      ),
    })
    .strict()
    .describe('a grid of figures of none of the standard kinds (政府采购预算表, 机关运行经费预算表, …): never left out'),
]);

export const ValueSpecSchema = z
  .object({
    raw: z.string(),
    op: z.enum(['>=', '<=', '>', '<', '=', 'range']).nullable(),
    value: z.number().nullable(),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().nullable(),
  })
  .strict();

export const PerformanceSchema = z
  .object({
    kind: z.enum(['self_evaluation', 'targets']),
    scope: z.enum(['department', 'project']),
    project: z.string().nullable(),
    filledOn: z.string().nullable(),
    budget: z
      .object({
        planned: AmountSchema,
        executed: AmountSchema,
        rate: z.number().nullable(),
        weight: z.number().nullable(),
        score: z.number().nullable(),
      })
      .strict()
      .nullable(),
    goals: z.array(z.object({ name: z.string(), weight: z.number().nullable() }).strict()),
    indicators: z.array(
      z
        .object({
          goal: z.number().int().nullable(),
          level1: z.string().nullable(),
          level2: z.string().nullable(),
          name: z.string(),
          target: ValueSpecSchema.nullable(),
          actual: ValueSpecSchema.nullable(),
          weight: z.number().nullable(),
          score: z.number().nullable(),
        })
        .strict(),
    ),
    totalScore: z.number().nullable(),
    location: LocationSchema,
  })
  .strict();

export const CheckSchema = z
  .object({
    rule: z.string(),
    origin: z.enum(['note', 'builtin']),
    table: AnyTableKindSchema.nullable(),
    formula: z.string(),
    status: z.enum(['pass', 'fail', 'skipped']),
    expected: z.number().nullable(),
    actual: z.number().nullable(),
    difference: z.number().nullable(),
    tolerance: z.number().nullable(),
    message: z.string(),
    location: LocationSchema,
  })
  .strict();

export const DiagnosticSchema = z
  .object({
    severity: z.enum(['error', 'warning', 'info']),
    code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).describe('stable kebab-case id'),
    message: z.string(),
    location: LocationSchema,
    table: AnyTableKindSchema.nullable().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const NarrativeFigureSchema = z
  .object({
    key: z
      .enum([
        'total',
        'income',
        'expenditure',
        'superior_subsidy',
        'business',
        'operating',
        'subsidiary',
        'other_income',
        'basic',
        'project',
        'personnel',
        'public',
        'wages',
        'household',
        'goods_services',
        'class',
        'operation_funds',
        'procurement',
        'three_public',
        'overseas',
        'vehicle',
        'vehicle_purchase',
        'vehicle_operation',
        'reception',
        'performance_basic',
        'performance_project',
      ])
      .describe('the subject: 收支总计 (total), 本年收入/支出合计, an income source, 基本支出, 人员经费, a 类 by name (class), 机关运行经费, 政府采购, "三公"经费 and its parts …'),
    code: z.string().nullable().describe('for a class: its function-classification code, found by its printed name'),
    fund: z
      .enum(['all', 'fiscal', 'general', 'government_fund', 'state_capital'])
      .nullable()
      .describe('whose money: all funds, 财政拨款, 一般公共预算, 政府性基金, 国有资本经营 — named in the phrase, by the total it falls under, or by the section heading; null for 三公'),
    column: z.enum(['basic', 'project', 'personnel', 'public']).nullable().describe('for a class: the 基本支出, 项目支出, 人员经费 or 公用经费 it is part of, where the text breaks one of them down by class'),
    unit: z.string().nullable().describe('the unit of the department the statement is about, where the text speaks of one under its own heading (深圳市生态环境局（本级）, 深圳市饮用水源保护管理办公室); null for the department'),
    stage: z.enum(['budget', 'adjusted', 'final']).nullable().describe('年初预算, 调整后预算 or 决算; null where not a statement of the text'),
    measure: z
      .enum(['amount', 'previous', 'share', 'change', 'change_rate', 'completion', 'comparison'])
      .describe('the figure itself, the figure it is compared with (比上年预算数 x 万元), its share of a whole (占 p%), its change (增加 x 万元), its rate of change (增长 p%), a completion rate (完成预算的 p%), or a comparison in words (决算数小于预算数: a direction and no figure)'),
    direction: z.enum(['increase', 'decrease', 'flat']).nullable().describe('for a change or a comparison: the word the text uses (增加/增长/大于 …, 减少/下降/小于 …, 持平/等于)'),
    versus: z.enum(['previous_year', 'budget']).nullable().describe('for a change: against last year (比上年, 与 2021 年度相比) or the budget (比年初预算)'),
    of: z.string().nullable().describe('for a share: the whole as printed after 占 (本年支出 → "支出"), null if unnamed'),
    label: z.string().describe('the subject as printed'),
    value: z.number().nullable().describe('amounts in the output unit; shares and rates in percent as printed; null for a comparison in words, which prints no figure'),
    printedUnit: z.enum(['万元', '亿元', '元', '%']).nullable().describe('null for a comparison in words'),
    decimals: z.number().int().min(0).describe("decimals printed, which sets the figure's rounding interval"),
    raw: z.string().describe('the printed text of the figure'),
    location: LocationSchema,
  })
  .strict();

export const DocumentSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    source: z
      .object({
        path: z.string().nullable().describe('the input as named on the command line ("-" for standard input), or null'),
        format: z.enum(['text', 'pdf']).describe('how the input was read'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/).describe("the SHA-256 of the input's bytes"),
        pages: z.number().int().nullable().describe('pages of a PDF, null for text'),
      })
      .strict(),
    document: z
      .object({
        kind: z.enum(['budget', 'final_accounts', 'performance_report', 'unknown']).describe('预算, 决算, 绩效自评报告, or unknown'),
        year: z.number().int().nullable().describe('the fiscal year the figures are for'),
        department: z.string().nullable().describe('the department or unit the document is for, as printed'),
        publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
      })
      .strict(),
    unit: z.enum(['yuan', 'wan']).describe('the unit of every amount in this document: yuan (default) or 万元 (--unit wan)'),
    tables: z.array(TableSchema).describe('the standard tables, in the order printed'),
    performance: z.array(PerformanceSchema).describe('performance tables (绩效自评表, 绩效目标表)'),
    narrative: z.array(NarrativeFigureSchema).describe('figures the explanatory text quotes, checked against the tables'),
    checks: z.array(CheckSchema).describe('every identity evaluated (SPEC §5): pass, fail or skipped'),
    diagnostics: z.array(DiagnosticSchema).describe('what the reading met: repairs, assumptions, what could not be read'),
  })
  .strict();

export type Location = z.infer<typeof LocationSchema>;
export type Table = z.infer<typeof TableSchema>;
export type TableOf<K extends TableKind> = Extract<Table, { kind: K }>;
export type Row<K extends TableKind = TableKind> = TableOf<K>['rows'][number];
export type Column = z.infer<typeof ColumnSchema>;
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
export type Check = z.infer<typeof CheckSchema>;
export type Performance = z.infer<typeof PerformanceSchema>;
export type NarrativeFigure = z.infer<typeof NarrativeFigureSchema>;
export type Document = z.infer<typeof DocumentSchema>;
export type DocumentKind = Document['document']['kind'];
export type Level = z.infer<typeof LevelSchema>;

const SourceSchema = DocumentSchema.shape.source;

/** What the CLI writes for an input it could not read, instead of a document. */
export const ErrorRecordSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    source: SourceSchema,
    error: z
      .object({
        code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).describe('one of the fatal diagnostic codes (FATAL_CODES): empty-input, unsupported-type, needs-ocr …'),
        message: z.string().describe('what went wrong, naming the input'),
      })
      .strict(),
  })
  .strict()
  .describe('an input that could not be read as a disclosure');

/** What `disclose check --format json` writes for a document it read. */
export const CheckRecordSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    source: SourceSchema,
    document: DocumentSchema.shape.document,
    checks: z.array(CheckSchema),
    diagnostics: z.array(DiagnosticSchema),
  })
  .strict()
  .describe('the checks and diagnostics of one document (disclose check --format json)');

/** Every JSON record the tool writes: a document, the checks of one, or an input's error. */
export const RecordSchema = z.union([DocumentSchema, CheckRecordSchema, ErrorRecordSchema]);

export type ErrorRecord = z.infer<typeof ErrorRecordSchema>;
export type CheckRecord = z.infer<typeof CheckRecordSchema>;
export type OutputRecord = z.infer<typeof RecordSchema>;

/** The JSON Schema of every record the tool writes (`disclose schema`, `schema.json` in the package). */
export function jsonSchema(): unknown {
  return z.toJSONSchema(RecordSchema, { target: 'draft-2020-12' });
}
