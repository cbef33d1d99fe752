import { gunzipSync } from 'node:zlib';
import { COLLECTORS, familyTable } from '../../src/collectors/registry.js';
import { gzipPieces } from '../../src/metrics/gzip-concat.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { SeriesStore } from '../../src/metrics/series-store.js';

const SCAN_FAMILIES = familyTable(COLLECTORS);

const sample = (
  name: ScanSample['name'],
  account: string,
  value: number,
  extra: Record<string, string> = {},
): ScanSample => ({
  name,
  labels: { account, product: 'tcss', scan: 'image', ...extra },
  value,
});

describe('SeriesStore', () => {
  test('renders each family once with HELP and TYPE, accounts in stable order', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('tcss_image_scan', 'b', [sample('tencentcloud_scan_risks', 'b', 2)]);
    store.replace('tcss_image_scan', 'a', [
      sample('tencentcloud_scan_risks', 'a', 1),
      sample('tencentcloud_scan_progress_ratio', 'a', 0.5),
    ]);
    const text = store.text();
    expect(text.match(/# TYPE tencentcloud_scan_risks gauge/g)).toHaveLength(1);
    expect(text).toContain('# HELP tencentcloud_scan_risks ');
    const a = text.indexOf('tencentcloud_scan_risks{account="a"');
    const b = text.indexOf('tencentcloud_scan_risks{account="b"');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    // Families follow the contract's order: progress before risks.
    expect(text.indexOf('tencentcloud_scan_progress_ratio{')).toBeLessThan(a);
  });

  test('replace swaps the whole set: series that vanished are gone', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('c', 'a', [
      sample('tencentcloud_scan_risks', 'a', 1),
      sample('tencentcloud_scan_images', 'a', 9),
    ]);
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 3)]);
    expect(store.text()).not.toContain('tencentcloud_scan_images');
    expect(store.text()).toContain('tencentcloud_scan_risks{account="a",product="tcss",scan="image"} 3');
    expect(store.seriesCount).toBe(1);
  });

  test('other accounts are untouched by one account’s replace or drop', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 1)]);
    store.replace('c', 'b', [sample('tencentcloud_scan_risks', 'b', 2)]);
    expect(store.drop('c', 'a')).toBe(true);
    expect(store.drop('c', 'a')).toBe(false);
    expect(store.samples('c', 'b')).toEqual([sample('tencentcloud_scan_risks', 'b', 2)]);
    expect(store.text()).not.toContain('account="a"');
  });

  test('non-finite values are never rendered', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', Number.NaN)]);
    expect(store.text()).toBe('');
  });

  test('retainAccounts removes every collector’s series of other accounts', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('x', 'keep', [sample('tencentcloud_scan_risks', 'keep', 1)]);
    store.replace('x', 'gone', [sample('tencentcloud_scan_risks', 'gone', 1)]);
    store.replace('y', 'gone', [sample('tencentcloud_scan_images', 'gone', 1)]);
    store.retainAccounts(new Set(['keep']));
    expect(store.text()).not.toContain('gone');
    expect(store.text()).toContain('keep');
  });

  test('text and its compressed piece are cached until the content changes', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 1)]);
    const first = store.piece().deflated();
    expect(store.piece().deflated()).toBe(first);
    expect(gunzipSync(Buffer.concat(gzipPieces([first]))).toString()).toBe(store.text());
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 2)]);
    expect(store.piece().deflated()).not.toBe(first);
    expect(gunzipSync(Buffer.concat(gzipPieces([store.piece().deflated()]))).toString()).toContain('} 2\n');
  });

  test('the encoded text is cached until the content changes', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 1)]);
    const first = store.piece().bytes();
    expect(store.piece().bytes()).toBe(first);
    expect(first.toString()).toBe(store.text());
    store.replace('c', 'a', [sample('tencentcloud_scan_risks', 'a', 2)]);
    expect(store.piece().bytes()).not.toBe(first);
    expect(store.piece().bytes().toString()).toContain('} 2\n');
  });

  test('samples come back as given, in their order, before and after the text is assembled', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    const given = [
      sample('tencentcloud_scan_state', 'a"\\\n b', 1, { state: 'scanning' }),
      sample('tencentcloud_scan_risks', 'a"\\\n b', 0.1 + 0.2),
      sample('tencentcloud_scan_progress_ratio', 'a"\\\n b', -1e-7, { strategy_id: '7', task_id: 'x}{,=' }),
      sample('tencentcloud_scan_state', 'a"\\\n b', 0, { state: 'completed' }),
      { name: 'tencentcloud_scan_images' as const, labels: {}, value: 12 },
    ];
    store.replace('c', 'z', [sample('tencentcloud_scan_risks', 'z', 5)]);
    store.replace('c', 'a', given);
    expect(store.samples('c', 'a')).toEqual(given);
    store.piece();
    expect(store.samples('c', 'a')).toEqual(given);
    expect(store.samples('c', 'z')).toEqual([sample('tencentcloud_scan_risks', 'z', 5)]);
    expect(store.samples('c', 'nobody')).toBeUndefined();
    expect(store.seriesCount).toBe(6);
  });

  test('pairs that did not change are read back from the assembled text after another changed', () => {
    const store = new SeriesStore(SCAN_FAMILIES);
    for (const account of ['a', 'b', 'c'])
      store.replace('x', account, [sample('tencentcloud_scan_risks', account, 1)]);
    store.text();
    store.replace('x', 'b', [
      sample('tencentcloud_scan_risks', 'b', 2),
      sample('tencentcloud_scan_images', 'b', 3),
    ]);
    const lines = store
      .text()
      .split('\n')
      .filter((l) => !l.startsWith('#') && l !== '');
    expect(lines.map((l) => l.replace(/,product="tcss",scan="image"/, ''))).toEqual([
      'tencentcloud_scan_risks{account="a"} 1',
      'tencentcloud_scan_risks{account="b"} 2',
      'tencentcloud_scan_risks{account="c"} 1',
      'tencentcloud_scan_images{account="b"} 3',
    ]);
    expect(store.samples('x', 'a')).toEqual([sample('tencentcloud_scan_risks', 'a', 1)]);
    expect(store.samples('x', 'c')).toEqual([sample('tencentcloud_scan_risks', 'c', 1)]);
  });
});
