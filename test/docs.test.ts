import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ESM script without types: the page's generator, run on the build
import { outputDoc } from '../scripts/output-doc.mjs';
import { root } from './helpers/seeds.js';

describe('docs/output.md', () => {
  it('is what the schemas generate (npm run docs rewrites it)', () => {
    expect(readFileSync(`${root}docs/output.md`, 'utf8')).toBe((outputDoc as () => string)());
  });

  it('is where the README sends a reader for the contract, and exists in the repository', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain('](docs/output.md)');
    expect(readme).not.toContain('../shared/SPEC.md');
  });
});
