/** Checks on scraped scan series that several integration tests share. */
import { type Sample, seriesKey } from '../helpers/metrics-text.js';
import { SCAN_METRICS, SCAN_STATES } from './expected-series.js';

const SCAN_NAMES: ReadonlySet<string> = new Set(SCAN_METRICS);

/** The contract's scan series of one account (the exporter's own metrics excluded). */
export function scanSeriesOf(samples: readonly Sample[], account: string): Sample[] {
  return samples.filter((s) => SCAN_NAMES.has(s.name) && s.labels['account'] === account);
}

/** `name{labels}` → value, for comparing whole sets of series with a readable diff. */
export function byKey(samples: readonly Sample[]): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [seriesKey(s), s.value]));
}

/**
 * Whether `actual` has exactly the series of `expected` with equal values (ratios computed as
 * `Schedule * 0.01` and `Schedule / 100` may differ in the last bit). Returns a message or ''.
 */
export function differences(actual: readonly Sample[], expected: readonly Sample[]): string {
  const a = byKey(actual);
  const e = byKey(expected);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(e)) {
    if (!(key in a)) problems.push(`missing ${key} (expected ${value})`);
    else if (Math.abs(a[key]! - value) > 1e-9) problems.push(`${key} is ${a[key]}, expected ${value}`);
  }
  for (const key of Object.keys(a)) if (!(key in e)) problems.push(`unexpected ${key} = ${a[key]}`);
  return problems.join('\n');
}

/** The identity of one scan: everything but `state` (and the info labels). */
function scanIdentity(s: Sample): string {
  const { account, product, scan, strategy_id } = s.labels;
  return `${account}/${product}/${scan}/${strategy_id ?? ''}`;
}

/** Labels and value ranges the contract promises, for every scan series given. */
export function expectConsistent(samples: readonly Sample[], nowSeconds: number): void {
  const byScan = new Map<string, Map<string, number>>();
  const stateOnes = new Map<string, number>();
  for (const s of samples) {
    if (s.name.startsWith('tencentcloud_security_')) {
      expectConsistentSummary(s, nowSeconds);
      continue;
    }
    const { product, scan } = s.labels;
    expect(['tcss', 'cwp']).toContain(product);
    expect(product === 'tcss' ? ['image'] : ['malware', 'vul', 'baseline']).toContain(scan);
    expect('strategy_id' in s.labels).toBe(scan === 'baseline');
    if (scan === 'baseline') expect(s.labels['strategy_id']).toMatch(/^\d+$/);
    expect(Number.isFinite(s.value)).toBe(true);
    const id = scanIdentity(s);
    if (s.name === 'tencentcloud_scan_state') {
      expect(SCAN_STATES).toContain(s.labels['state']);
      expect([0, 1]).toContain(s.value);
      stateOnes.set(id, (stateOnes.get(id) ?? 0) + s.value);
    } else if (s.name === 'tencentcloud_scan_info') {
      expect(s.value).toBe(1);
      if (product === 'cwp' && s.labels['trigger'] !== undefined) {
        expect(['one_click', 'scheduled']).toContain(s.labels['trigger']);
      }
    } else {
      expect(s.labels['state']).toBeUndefined();
      const fields = byScan.get(id) ?? new Map<string, number>();
      fields.set(s.name, s.value);
      byScan.set(id, fields);
    }
  }
  for (const [id, ones] of stateOnes) expect({ id, ones }).toEqual({ id, ones: 1 });
  for (const fields of byScan.values()) {
    const get = (name: string) => fields.get(`tencentcloud_scan_${name}`);
    const progress = get('progress_ratio');
    if (progress !== undefined) expect(progress >= 0 && progress <= 1).toBe(true);
    for (const name of [
      'risks',
      'images',
      'images_scanned',
      'images_succeeded',
      'remaining_seconds',
      'vulnerabilities',
    ]) {
      const value = get(name);
      if (value !== undefined) expect(Number.isInteger(value) && value >= 0).toBe(true);
    }
    const [images, scanned, succeeded] = [get('images'), get('images_scanned'), get('images_succeeded')];
    if (scanned !== undefined && succeeded !== undefined) expect(succeeded).toBeLessThanOrEqual(scanned);
    if (images !== undefined && scanned !== undefined) expect(scanned).toBeLessThanOrEqual(images);
    const [start, end] = [get('start_timestamp_seconds'), get('end_timestamp_seconds')];
    for (const t of [start, end]) {
      // Unix seconds, not milliseconds, and not in the future (allowing the simulator's skew).
      if (t !== undefined) expect(t > 1_500_000_000 && t <= nowSeconds + 600).toBe(true);
    }
    if (start !== undefined && end !== undefined) expect(start).toBeLessThanOrEqual(end);
  }
}

/** A summary series: account and product, no scan; a count, a 0–1 ratio or plausible unix seconds. */
function expectConsistentSummary(s: Sample, nowSeconds: number): void {
  expect(['tcss', 'cwp']).toContain(s.labels['product']);
  expect(s.labels['scan']).toBeUndefined();
  if (s.name.endsWith('_ratio')) expect(s.value >= 0 && s.value <= 1).toBe(true);
  else if (s.name.endsWith('_timestamp_seconds'))
    expect(s.value > 1_500_000_000 && s.value <= nowSeconds + 600).toBe(true);
  else expect(Number.isInteger(s.value) && s.value >= 0).toBe(true);
  if ('severity' in s.labels) expect(['critical', 'high', 'medium', 'low']).toContain(s.labels['severity']);
}
