import { CodeLabels, MAX_CODES_PER_ACTION, OTHER_CODE } from '../../src/metrics/code-label.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';

describe('CodeLabels keeps the code label bounded', () => {
  test.each([
    ['InternalError', 'InternalError'],
    ['AuthFailure.SignatureFailure', 'AuthFailure.SignatureFailure'],
    ['FailedOperation.Task1.NotFound', 'FailedOperation.Task1.NotFound'],
    ['Success', 'Success'],
    ['Aborted', 'Aborted'],
    ['x'.repeat(65), 'InvalidResponse'],
    ['Bad "code"', 'InvalidResponse'],
    ['1Starts.WithDigit', 'InvalidResponse'],
    ['Trailing.', 'InvalidResponse'],
    ['Double..Dot', 'InvalidResponse'],
    ['', 'InvalidResponse'],
    ['Ünicode', 'InvalidResponse'],
  ])('%j → %s', (code, label) => {
    expect(new CodeLabels().label('a', 'Act', code)).toBe(label);
  });

  test(`past ${MAX_CODES_PER_ACTION} distinct codes per (account, action), new ones are Other`, () => {
    const codes = new CodeLabels();
    const labels = Array.from({ length: 100 }, (_, i) => codes.label('a', 'Act', `Invented${i}`));
    expect(new Set(labels).size).toBe(MAX_CODES_PER_ACTION + 1);
    expect(labels.slice(MAX_CODES_PER_ACTION)).toEqual(Array(100 - MAX_CODES_PER_ACTION).fill(OTHER_CODE));
    // Codes seen before the cap keep their own label; our own outcomes are never capped.
    expect(codes.label('a', 'Act', 'Invented0')).toBe('Invented0');
    expect(codes.label('a', 'Act', 'Timeout')).toBe('Timeout');
    // Another action or account has its own budget.
    expect(codes.label('a', 'Other', 'Invented99')).toBe('Invented99');
    expect(codes.label('b', 'Act', 'Invented99')).toBe('Invented99');
  });

  test('a server answering random codes adds a bounded number of api_requests_total series', async () => {
    const metrics = new SelfMetrics('test');
    for (let i = 0; i < 500; i++) {
      const code = i % 2 === 0 ? `R${Math.random().toString(36).slice(2)}` : 'z'.repeat(200 + i);
      metrics.observeRequest({ account: 'a', service: 'cwp', action: 'Act', code, durationSeconds: 0.01 });
    }
    const json = await metrics.prometheus.getMetricsAsJSON();
    const series = json.find((m) => m.name === 'tencentcloud_scan_exporter_api_requests_total')!.values;
    expect(series.length).toBeLessThanOrEqual(MAX_CODES_PER_ACTION + 2);
    expect(series.map((s) => s.labels['code'])).toEqual(expect.arrayContaining(['InvalidResponse', 'Other']));
  });
});
