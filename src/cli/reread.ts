import { checkDocument } from '../checks/index.js';
import { inputError, sha256 } from '../extract.js';
import { DocumentSchema, ErrorRecordSchema, type Diagnostic, type Document } from '../schema/index.js';

const key = (d: Diagnostic) => `${d.code}\u0000${d.message}\u0000${d.location.page ?? ''}\u0000${d.location.line ?? ''}`;

/**
 * `disclose check --json`: disclose's own output (one JSON document, or NDJSON) read back. Each
 * document is validated against the v1 schema and checked again as it stands; an error record stays
 * the failed input it was; anything else is an `invalid-record` naming the file and line.
 */
export function reread(path: string, text: string, problem?: { code: string; message: string }): Document[] {
  const blank = { path, format: 'text' as const, sha256: sha256(new Uint8Array()), pages: null };
  if (problem) return [inputError(blank, problem.code, problem.message)];
  const records: { value: unknown; line: number }[] = [];
  const whole = text.replace(/^\ufeff/, '');
  try {
    records.push({ value: JSON.parse(whole), line: 1 });
  } catch {
    const lines = whole.split('\n');
    for (const [k, l] of lines.entries()) {
      if (l.trim() === '') continue;
      try {
        records.push({ value: JSON.parse(l), line: k + 1 });
      } catch {
        return [inputError(blank, 'invalid-record', `${path}: line ${k + 1} is not JSON; check --json reads disclose's own JSON or NDJSON output.`)];
      }
    }
  }
  if (records.length === 0) return [inputError(blank, 'empty-input', `${path} is empty.`)];
  return records.map(({ value, line }) => {
    const failed = ErrorRecordSchema.safeParse(value);
    if (failed.success) return inputError(failed.data.source, failed.data.error.code, failed.data.error.message);
    const parsed = DocumentSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return inputError(blank, 'invalid-record', `${path}: line ${line} is not a disclose v1 document (${issue?.message ?? 'invalid'}${at}).`);
    }
    const doc = parsed.data;
    const again = checkDocument(doc);
    const known = new Set(doc.diagnostics.map(key));
    return { ...doc, checks: again.checks, diagnostics: [...doc.diagnostics, ...again.diagnostics.filter((d) => !known.has(key(d)))] };
  });
}
