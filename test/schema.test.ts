import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/schema/index.js';
import { SEED_000, SEED_001, extractValid, readFixture } from './helpers/seeds.js';

describe('the published JSON Schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(jsonSchema() as object);

  it.each([SEED_000, SEED_001, 'fixtures/002_cb1a81c422be5525.txt', 'fixtures/003_e7a38e6b87d50f48.txt', 'fixtures/004_37727312486c824c.txt'])(
    'validates what the tool emits for %s',
    (path) => {
      const doc = extractValid(readFixture(path), path);
      const ok = validate(JSON.parse(JSON.stringify(doc)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it('rejects a document with a misspelt column key', () => {
    const doc = JSON.parse(JSON.stringify(extractValid(readFixture(SEED_000), SEED_000)));
    doc.tables[2].rows[0].values.totl = 1;
    expect(validate(doc)).toBe(false);
  });
});
