import { CWP_FIELD_TABLE } from '../../src/collectors/cwp-scan-state.js';
import { valueSamples } from '../../src/collectors/field-table.js';
import { TCSS_FIELD_TABLE } from '../../src/collectors/tcss-image-scan.js';

test.each([
  ['tcss', TCSS_FIELD_TABLE],
  ['cwp', CWP_FIELD_TABLE],
] as const)(
  '%s progress is Schedule / 100 without float noise (47 → 0.47, not 0.47000000000000003)',
  (_p, table) => {
    for (let schedule = 0; schedule <= 100; schedule++) {
      const rows = table.filter((r) => r.metric === 'tencentcloud_scan_progress_ratio');
      const [sample] = valueSamples(rows as never, { Schedule: schedule } as never, {}, 'UTC');
      expect(String(sample!.value)).toBe(String(schedule / 100));
      expect(String(sample!.value).length).toBeLessThanOrEqual(4);
    }
  },
);

test('fractional percentages (the further TCSS scans) become ratios without float noise either', () => {
  const row = {
    metric: 'tencentcloud_scan_progress_ratio',
    field: 'ScanProgress',
    kind: 'number',
    divisor: 100,
  } as const;
  for (let hundredths = 0; hundredths <= 10_000; hundredths++) {
    const percent = hundredths / 100;
    const [sample] = valueSamples([row] as never, { ScanProgress: percent } as never, {}, 'UTC');
    // 56.38 → 0.5638 (not 0.5638000000000001): at most the percentage's digits plus two.
    expect(String(sample!.value)).toBe(String(Number((hundredths / 10_000).toFixed(4))));
  }
});
