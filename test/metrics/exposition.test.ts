import { gunzipSync } from 'node:zlib';
import { COLLECTORS, familyTable } from '../../src/collectors/registry.js';
import {
  acceptsGzip,
  MetricsRenderer,
  negotiateFormat,
  renderMetrics,
} from '../../src/metrics/exposition.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { SeriesStore } from '../../src/metrics/series-store.js';

const SCAN_FAMILIES = familyTable(COLLECTORS);

const body = (r: { chunks: readonly Buffer[] }): Buffer => Buffer.concat(r.chunks);

describe('negotiation', () => {
  test.each([
    [undefined, 'prometheus'],
    ['text/plain;version=0.0.4', 'prometheus'],
    ['application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5', 'openmetrics'],
  ])('Accept %j → %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  test.each([
    [undefined, false],
    ['gzip', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['GZIP', true],
  ])('Accept-Encoding %j → %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('renderMetrics', () => {
  const self = new SelfMetrics('1.2.3');
  const store = new SeriesStore(SCAN_FAMILIES);
  store.replace('tcss_image_scan', 'prod', [
    {
      name: 'tencentcloud_scan_risks',
      labels: { account: 'prod', product: 'tcss', scan: 'image' },
      value: 4,
    },
  ]);
  self.observeRequest({
    account: 'prod',
    service: 'tcss',
    action: 'X',
    code: 'Success',
    durationSeconds: 0.1,
  });

  test('Prometheus text: self metrics, process metrics and scan series; no misnamed defaults', async () => {
    const out = await renderMetrics(self, store, 'prometheus', false);
    const text = body(out).toString();
    expect(out.contentType).toContain('text/plain');
    expect(text).toContain('tencentcloud_scan_exporter_build_info{version="1.2.3"');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('tencentcloud_scan_risks{account="prod",product="tcss",scan="image"} 4');
    expect(text).not.toMatch(/^nodejs_active_\w+_total/m);
    expect(text).not.toContain('# EOF');
  });

  test('OpenMetrics: one # EOF, at the very end', async () => {
    const out = await renderMetrics(self, store, 'openmetrics', false);
    const text = body(out).toString();
    expect(out.contentType).toContain('application/openmetrics-text');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text.match(/# EOF/g)).toHaveLength(1);
    expect(text).toContain('tencentcloud_scan_risks{account="prod"');
  });

  test.each(['prometheus', 'openmetrics'] as const)('gzip (%s) decodes to the same text', async (format) => {
    const plain = body(await renderMetrics(self, store, format, false)).toString();
    const zipped = await renderMetrics(self, store, format, true);
    expect(zipped.gzipped).toBe(true);
    const decoded = gunzipSync(body(zipped)).toString();
    // Process metrics move between two renders; compare the stable parts.
    const stable = (t: string) =>
      t
        .split('\n')
        .filter((l) => l.startsWith('tencentcloud_scan_'))
        .join('\n');
    expect(stable(decoded)).toBe(stable(plain));
  });
});

describe('formats do not disturb each other', () => {
  test('a Prometheus scrape after an OpenMetrics scrape still has counters with _total', async () => {
    const self = new SelfMetrics('x');
    self.observeRequest({ account: 'a', service: 's', action: 'A', code: 'Success', durationSeconds: 0.01 });
    const store = new SeriesStore(SCAN_FAMILIES);
    await renderMetrics(self, store, 'openmetrics', false);
    const text = body(await renderMetrics(self, store, 'prometheus', false)).toString();
    expect(text).toContain('tencentcloud_scan_exporter_api_requests_total{');
    expect(text).toContain('# TYPE tencentcloud_scan_exporter_api_requests_total counter');
    const om = body(await renderMetrics(self, store, 'openmetrics', false)).toString();
    expect(om).toContain('# TYPE tencentcloud_scan_exporter_api_requests counter');
    expect(om).toContain('tencentcloud_scan_exporter_api_requests_total{');
  });
});

describe('SelfMetrics.text', () => {
  const requests = (text: string) =>
    text.split('\n').filter((l) => l.startsWith('tencentcloud_scan_exporter_api_requests_total{'));

  test.each(['prometheus', 'openmetrics'] as const)(
    'is re-rendered after a change, with live process metrics (%s)',
    async (format) => {
      const self = new SelfMetrics('x');
      const request = { account: 'a', service: 's', action: 'A', code: 'Success', durationSeconds: 0.01 };
      self.observeRequest(request);
      const first = await self.text(format);
      expect(requests(first)).toEqual([
        'tencentcloud_scan_exporter_api_requests_total{account="a",service="s",action="A",code="Success"} 1',
      ]);
      expect(first).toContain('process_cpu_user_seconds_total');
      expect(requests(await self.text(format))).toEqual(requests(first));
      self.observeRequest(request);
      expect(requests(await self.text(format))).toEqual([
        'tencentcloud_scan_exporter_api_requests_total{account="a",service="s",action="A",code="Success"} 2',
      ]);
      expect(await self.text(format)).not.toContain('# EOF');
    },
  );
});

describe('MetricsRenderer reuse', () => {
  test('reuses a body while nothing changed and the process section is young; renders again otherwise', async () => {
    let now = 0;
    const self = new SelfMetrics('x');
    const store = new SeriesStore(SCAN_FAMILIES);
    const renderer = new MetricsRenderer(self, store, 1000, () => now);
    const first = await renderer.render('prometheus', true);
    expect(await renderer.render('prometheus', true)).toBe(first);
    expect(await renderer.render('prometheus', false)).not.toBe(first);
    now = 1000;
    const aged = await renderer.render('prometheus', true);
    expect(aged).not.toBe(first);
    self.observeRequest({ account: 'a', service: 's', action: 'A', code: 'Success', durationSeconds: 0.01 });
    const changed = await renderer.render('prometheus', true);
    expect(changed).not.toBe(aged);
    expect(gunzipSync(Buffer.concat(changed.chunks)).toString()).toContain('api_requests_total{account="a"');
    store.replace('c', 'a', [{ name: 'tencentcloud_scan_risks', labels: { account: 'a' }, value: 1 }]);
    const scanChanged = await renderer.render('prometheus', true);
    expect(scanChanged).not.toBe(changed);
    expect(gunzipSync(Buffer.concat(scanChanged.chunks)).toString()).toContain(
      'tencentcloud_scan_risks{account="a"} 1',
    );
  });
});
