import { describe, expect, it } from 'vitest';
import { warning } from '../../src/diagnostics/diagnostic.js';
import { defineRule, finding } from '../../src/checks/_rule.js';
import type { CheckContext } from '../../src/checks/types.js';

const ctx = {} as CheckContext;

describe('defineRule', () => {
  it('stamps the rule id as every finding id prefix and applies the default severity', async () => {
    const rule = defineRule({
      id: 'documents.current',
      severity: 'error',
      description: 'd',
      run: () => [finding('stale', 'a', { line: 3 }), warning('schema.invalid', 'b'), finding('documents.current.kept', 'c')],
    });
    const out = await rule.run(ctx);
    expect(out.map((d) => [d.id, d.severity])).toEqual([
      ['documents.current.stale', 'error'],
      ['documents.current.invalid', 'warning'],
      ['documents.current.kept', 'error'],
    ]);
    expect(out[0]).toMatchObject({ message: 'a', line: 3 });
  });

  it('a warning rule makes warnings by default', async () => {
    const rule = defineRule({ id: 'leftovers', severity: 'warning', description: 'd', run: async () => [finding('temp-file', 'x')] });
    expect(await rule.run(ctx)).toEqual([{ id: 'leftovers.temp-file', severity: 'warning', message: 'x' }]);
    expect([rule.id, rule.severity, rule.description]).toEqual(['leftovers', 'warning', 'd']);
  });
});
