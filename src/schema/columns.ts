// SPEC §2: table kinds and their canonical column keys.

export const TABLE_KINDS = [
  'income_expenditure_summary',
  'income',
  'expenditure',
  'fiscal_summary',
  'general_budget_expenditure',
  'general_budget_basic_expenditure',
  'government_fund',
  'state_capital',
  'three_public',
  'project_expenditure',
] as const;

export type TableKind = (typeof TABLE_KINDS)[number];

export const COLUMN_KEYS = {
  income_expenditure_summary: ['amount', 'total', 'general', 'fund', 'state_capital'],
  fiscal_summary: ['amount', 'total', 'general', 'fund', 'state_capital'],
  income: [
    'total',
    'fiscal',
    'general',
    'fund',
    'state_capital',
    'superior_subsidy',
    'business',
    'operating',
    'subsidiary',
    'other',
    'fund_offset',
    'carryover',
  ],
  expenditure: ['total', 'basic', 'project', 'remit', 'operating', 'subsidiary', 'carry_forward'],
  general_budget_expenditure: ['total', 'basic', 'project'],
  state_capital: ['total', 'basic', 'project'],
  general_budget_basic_expenditure: ['total', 'personnel', 'public'],
  government_fund: ['opening', 'income', 'total', 'basic', 'project', 'closing'],
  three_public: ['total', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception'],
  project_expenditure: ['total'],
} as const satisfies Record<TableKind, readonly string[]>;

export type ColumnKey<K extends TableKind> = (typeof COLUMN_KEYS)[K][number];

/**
 * Keys for columns a regional template prints beyond a kind's standard ones, by meaning (SPEC §2:
 * snake_case of the meaning). What each is matched by lives with the parsers (extra-columns.ts).
 */
export const EXTRA_COLUMN_KEYS = ['special_account', 'education_fees', 'account_balance', 'meeting', 'training', 'administrative', 'basic', 'personnel', 'public', 'project', 'fiscal', 'other', 'carryover'] as const;
