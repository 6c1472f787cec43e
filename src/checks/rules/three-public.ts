import { defineRule } from '../rule.js';
import { term } from '../rows.js';

export default defineRule({
  id: 'three-public-total',
  family: 'three_public',
  description: '三公: total = overseas + vehicle + reception; vehicle = purchase + operation; for each stage.',
  tables: ['three_public'],
  run(ctx) {
    for (const table of ctx.tables('three_public'))
      for (const row of table.rows) {
        const r = { ...row, values: row.values as Record<string, number | null> };
        ctx.identity({
          table,
          formula: `${row.stage}: 合计 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费`,
          total: term(r, 'total'),
          terms: [term(r, 'overseas'), term(r, 'vehicle'), term(r, 'reception')],
        });
        ctx.identity({
          table,
          formula: `${row.stage}: 公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费`,
          total: term(r, 'vehicle'),
          terms: [term(r, 'vehicle_purchase'), term(r, 'vehicle_operation')],
        });
      }
  },
});
