import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractText } from '../../src/extract.js';
import { DocumentSchema, type Document, type TableKind, type TableOf } from '../../src/schema/index.js';

export const SEED_000 = 'fixtures/000_44aabd3afaab2ce1.txt';
export const SEED_001 = 'fixtures/001_3243ea677d3b48ef.txt';
export const SEED_002 = 'fixtures/002_cb1a81c422be5525.txt';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function readFixture(rel: string): string {
  return readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8');
}

/** Extract text and assert the result validates against the published schema. */
export function extractValid(text: string, path: string | null = null): Document {
  const doc = extractText(text, { path });
  DocumentSchema.parse(doc);
  return doc;
}

export function table<K extends TableKind>(doc: Document, kind: K): TableOf<K> {
  const t = doc.tables.find((x) => x.kind === kind);
  if (!t) throw new Error(`no ${kind} table`);
  return t as TableOf<K>;
}

export function rowByCode<K extends TableKind>(doc: Document, kind: K, code: string | null, name?: string) {
  const rows = (table(doc, kind) as Document['tables'][number]).rows as { code?: string | null; name: string | null }[];
  const r = rows.find((x) => x.code === code && (name === undefined || x.name === name));
  if (!r) throw new Error(`${kind}: no row ${code} ${name ?? ''}`);
  return r as TableOf<K>['rows'][number];
}

/** Replace whole lines of a seed: a fixture derived by editing the seed. */
export function editLines(text: string, edit: (lines: string[]) => string[]): string {
  return edit(text.split('\n')).join('\n');
}
