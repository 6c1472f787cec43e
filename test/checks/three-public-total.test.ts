import { describe, expect, it } from 'vitest';
import rule from '../../src/checks/rules/three-public.js';
import { columns, doc, results } from './helpers.js';

const table = (values: Record<string, number | null>) =>
  doc([{ kind: 'three_public', columns: columns('total', 'overseas', 'vehicle', 'vehicle_purchase', 'vehicle_operation', 'reception'), rows: [{ stage: 'final', name: null, values }] }]);

describe('three-public-total', () => {
  it('passes a consistent row', () => {
    const r = results(rule, table({ total: 178_900, overseas: null, vehicle: 178_900, vehicle_purchase: 175_000, vehicle_operation: 3_900, reception: null }));
    expect(r.map((c) => c.status)).toEqual(['pass', 'pass']);
  });

  it('fails a total that is not the sum, with both figures and where', () => {
    const [total] = results(rule, table({ total: 190_000, overseas: null, vehicle: 178_900, vehicle_purchase: 175_000, vehicle_operation: 3_900, reception: null }));
    expect(total).toEqual({ status: 'fail', expected: 178_900, actual: 190_000, difference: 11_100, tolerance: 200, location: { line: 2 }, origin: 'builtin' });
  });

  it('passes exactly at the tolerance, (n + 1) × half a printed unit, and fails one fen beyond', () => {
    // 3 terms: 4 × 0.005 万元 = 200 yuan
    const at = results(rule, table({ total: 100_200, overseas: 100_000, vehicle: null, vehicle_purchase: null, vehicle_operation: null, reception: null }));
    expect(at[0]).toMatchObject({ status: 'pass', difference: 200, tolerance: 200 });
    const beyond = results(rule, table({ total: 100_200.01, overseas: 100_000, vehicle: null, vehicle_purchase: null, vehicle_operation: null, reception: null }));
    expect(beyond[0]).toMatchObject({ status: 'fail', difference: 200.01 });
  });

  it('skips an identity with nothing printed', () => {
    const r = results(rule, table({ total: null, overseas: null, vehicle: null, vehicle_purchase: null, vehicle_operation: null, reception: null }));
    expect(r.map((c) => c.status)).toEqual(['skipped', 'skipped']);
  });

  it('skips where a column is not in the table', () => {
    const d = doc([{ kind: 'three_public', columns: columns('overseas', 'vehicle', 'reception'), rows: [{ stage: 'budget', name: null, values: { overseas: 1, vehicle: 2, reception: 3 } }] }]);
    expect(results(rule, d)[0]).toMatchObject({ status: 'skipped', expected: null });
  });
});
