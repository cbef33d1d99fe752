import { SCAN_STATES, type ScanSample, type ScanStateName } from '../metrics/scan-families.js';
import type { SeverityCount } from '../tencentcloud/apis/severity-list.js';
import type { FieldRow } from './definition.js';
import { parseZonedTime } from './zoned-time.js';

function memberOf(field: unknown, member: string): unknown {
  return typeof field === 'object' && field !== null ? (field as Record<string, unknown>)[member] : undefined;
}

export type Labels = Readonly<Record<string, string>>;

/**
 * `raw / divisor` without binary noise in the last digits: a fractional percentage such as 56.38
 * is not exact in binary, and 56.38 / 100 prints as 0.5638000000000001. Fifteen significant
 * digits are all a double holds reliably, and more than any API percentage has.
 */
function scaled(raw: number, divisor: number | undefined): number {
  if (divisor === undefined || divisor === 1) return raw;
  return Number((raw / divisor).toPrecision(15));
}

/** Samples for the `number` and `time` rows; an absent field gives no sample, never a 0. */
export function valueSamples<T>(
  rows: readonly FieldRow<T>[],
  parsed: Partial<T>,
  labels: Labels,
  timeZone: string,
): ScanSample[] {
  const samples: ScanSample[] = [];
  for (const row of rows) {
    const field: unknown = parsed[row.field];
    const raw = row.member === undefined ? field : memberOf(field, row.member);
    const rowLabels = row.constLabels === undefined ? labels : { ...labels, ...row.constLabels };
    if (row.kind === 'severities') {
      if (Array.isArray(raw))
        for (const { severity, count } of raw as readonly SeverityCount[])
          samples.push({ name: row.metric, labels: { ...rowLabels, severity }, value: count });
      continue;
    }
    let value: number | undefined;
    if (row.kind === 'number' && typeof raw === 'number') value = scaled(raw, row.divisor);
    else if (row.kind === 'time' && typeof raw === 'string') value = parseZonedTime(raw, timeZone);
    if (value !== undefined && Number.isFinite(value))
      samples.push({ name: row.metric, labels: rowLabels, value });
  }
  return samples;
}

/** The state set: one series per state, exactly one of them 1. Nothing when the state is unknown to us. */
/**
 * The state function of an API whose raw status maps through `table`: a status the table lacks
 * is `unknown` (never taken for one of the known states), no status is no state.
 */
export function stateFromTable(
  table: Readonly<Record<string, ScanStateName>>,
): (status: string | undefined) => ScanStateName | undefined {
  return (status) => {
    if (status === undefined) return undefined;
    return Object.hasOwn(table, status) ? table[status] : 'unknown';
  };
}

export function stateSamples(state: ScanStateName | undefined, labels: Labels): ScanSample[] {
  if (state === undefined) return [];
  return SCAN_STATES.map((s) => ({
    name: 'tencentcloud_scan_state' as const,
    labels: { ...labels, state: s },
    value: s === state ? 1 : 0,
  }));
}
