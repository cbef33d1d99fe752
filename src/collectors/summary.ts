import type { ScanSample } from '../metrics/scan-families.js';
import type { Parsed } from '../tencentcloud/apis/types.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../tencentcloud/types.js';
import { type CollectContext, type Collector, callOptionsOf, reportIssues } from './collector.js';
import { type CollectorDefinition, defineCollector, type FieldRow, type MetricHelp } from './definition.js';
import { valueSamples } from './field-table.js';

/**
 * Summaries change slowly: every five minutes is 12 calls per account per hour for each summary
 * collector. The second differs per collector so that an account's summary calls are spread over
 * the minute instead of arriving together.
 */
export function summarySchedule(second: number): string {
  return `${second} */5 * * * *`;
}

/** The zone of the zone-less times in the summaries: Beijing time, as the scan APIs. */
export const SUMMARY_TIMEZONE = 'Asia/Shanghai';

/**
 * A collector of one summary action: one call per account and round, each field as its metric row
 * says, labelled `account` and `product`. The call is the round's only unit, so a failed call fails
 * the round (the last values stay until they are stale); fields of an unexpected type are reported
 * and give no sample.
 */
export function defineSummaryCollector<const Name extends string, T>(spec: {
  readonly name: Name;
  readonly product: 'tcss' | 'cwp';
  readonly description: string;
  readonly second: number;
  readonly action: ActionSpec;
  readonly fetch: (caller: ApiCaller, options: CallOptions) => Promise<Parsed<T>>;
  readonly metrics: MetricHelp;
  readonly rows: readonly FieldRow<T>[];
}): CollectorDefinition<Name, object> {
  const collector: Collector = {
    name: spec.name,
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller } = context;
      const parsed = await spec.fetch(caller, callOptionsOf(context));
      reportIssues(context, spec.action.action, parsed.issues);
      return valueSamples(
        spec.rows,
        parsed.value,
        { account: caller.account, product: spec.product },
        SUMMARY_TIMEZONE,
      );
    },
  };
  return defineCollector({
    name: spec.name,
    product: spec.product,
    description: spec.description,
    // Opt-in: each summary needs its own CAM permission, which a policy written for the scan
    // collectors does not grant; on by default, an upgrade would fail seven collectors.
    defaults: { enabled: false, schedule: summarySchedule(spec.second), timeout_seconds: 30 },
    options: {},
    actions: [spec.action],
    metrics: spec.metrics,
    fields: [{ action: spec.action, rows: spec.rows as readonly FieldRow<never>[] }],
    create: () => collector,
    // The landing page's scan lines are about scans in progress; summaries have none.
    landingRows: () => [],
  }) as unknown as CollectorDefinition<Name, object>;
}
