import { COLLECTORS } from '../../src/collectors/registry.js';
import { FLAG_SPECS } from '../../src/config/flags.js';
import { usageText } from '../../src/exporter/usage.js';

test('usage lists every flag and the defaults', () => {
  const text = usageText();
  for (const spec of FLAG_SPECS) expect(text).toContain(`--${spec.name}`);
  expect(text).toContain('-h');
  expect(text).toContain('Default: :9496');
  expect(text).toContain('Default: /metrics');
  for (const d of COLLECTORS)
    expect(text).toMatch(new RegExp(`^  ${d.name} +${d.description.replace(/[()]/g, '\\$&')}$`, 'm'));
});
