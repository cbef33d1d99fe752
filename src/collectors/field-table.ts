import { SCAN_STATES, type ScanSample, type ScanStateName } from '../metrics/scan-families.js';
import type { FieldRow } from './definition.js';
import { parseZonedTime } from './zoned-time.js';

export type Labels = Readonly<Record<string, string>>;

/** Samples for the `number` and `time` rows; an absent field gives no sample, never a 0. */
export function valueSamples<T>(
  rows: readonly FieldRow<T>[],
  parsed: Partial<T>,
  labels: Labels,
  timeZone: string,
): ScanSample[] {
  const samples: ScanSample[] = [];
  for (const row of rows) {
    const raw = parsed[row.field];
    let value: number | undefined;
    if (row.kind === 'number' && typeof raw === 'number') value = raw / (row.divisor ?? 1);
    else if (row.kind === 'time' && typeof raw === 'string') value = parseZonedTime(raw, timeZone);
    if (value !== undefined && Number.isFinite(value)) samples.push({ name: row.metric, labels, value });
  }
  return samples;
}

/** The state set: one series per state, exactly one of them 1. Nothing when the state is unknown to us. */
export function stateSamples(state: ScanStateName | undefined, labels: Labels): ScanSample[] {
  if (state === undefined) return [];
  return SCAN_STATES.map((s) => ({
    name: 'tencentcloud_scan_state' as const,
    labels: { ...labels, state: s },
    value: s === state ? 1 : 0,
  }));
}
