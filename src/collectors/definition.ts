import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import type { ScanSample, ScanSummary } from '../metrics/scan-families.js';
import type { ActionSpec } from '../tencentcloud/types.js';
import { defaultTimeoutSeconds, shortestIntervalMs } from '../util/cron-schedule.js';
import { type Collector, PartialRoundError } from './collector.js';
import { sharedMetricsOf } from './shared-metrics.js';

/**
 * One row of a collector's declarative field → metric table. `kind` says how the field becomes a
 * value: `number` as is (divided by `divisor`: `47 / 100` is 0.47, `47 * 0.01` is
 * 0.47000000000000003), `time` a zone-less timestamp to unix seconds, `state` and `info` are
 * documented here and produced by the collector's own functions, `severities` a list of
 * per-severity counts (one sample per severity), `derived` a value the collector computes from
 * this field and another (e.g. an end time from a start and a duration). `labels` names the
 * labels the row adds to `account`, `product` and `scan` (e.g. `asset_type`, `severity`).
 */
export interface FieldRow<T = Record<string, unknown>> {
  /** A shared family (shared-metrics.ts) or one of the collector's own `metrics`. */
  readonly metric: string;
  readonly field: keyof T & string;
  readonly kind: 'number' | 'time' | 'state' | 'info' | 'severities' | 'derived';
  readonly divisor?: number;
  readonly labels?: readonly string[];
  /** Label values this row sets (e.g. `{ state: 'running' }`): rows of one metric stay apart. */
  readonly constLabels?: Readonly<Record<string, string>>;
  /** For a field that is an object: the member holding the number (e.g. `EventCnt`). */
  readonly member?: string;
}

/** The rows read from one action's response. */
export interface FieldTable<T = Record<string, unknown>> {
  readonly action: ActionSpec;
  readonly rows: readonly FieldRow<T>[];
}

/**
 * The scan families a collector emits: name → where the value comes from, for HELP. A family two
 * collectors emit is declared once, in shared-metrics.ts (see `sharedMetricsOf`).
 */
export type MetricHelp = Readonly<Record<string, string>>;

/** Every HELP text ends so: a scrape never calls Tencent Cloud. */
const POLLED = 'Polled from the Tencent Cloud API on the collector schedule, not at scrape time.';

/** One line of the landing page (see ScanSummary). */
export type LandingRow = ScanSummary;

function isCron(value: string): boolean {
  try {
    return isValidCron(value);
  } catch {
    return false;
  }
}

/** A list with no item twice: a repeated id or type would be asked, and exported, twice. */
export const isDistinct = (list: readonly unknown[]): boolean => new Set(list).size === list.length;

/** The check of a list config key that refuses repeats, with the key's own message. */
export const distinct = (error: string) => z.refine<readonly unknown[]>(isDistinct, { error });

/** The keys every collector has; `defaults` are the collector's own. */
function settingsShape(defaults: CollectorDefaults) {
  return {
    enabled: z.boolean().default(defaults.enabled ?? true),
    /** node-cron expression, optional leading seconds field. */
    schedule: z
      .string()
      .refine(isCron, { error: '{value} is not a valid cron expression' })
      .default(defaults.schedule),
    /** One account's round is abandoned after this long; absent: the default, shortened to fit the schedule. */
    timeout_seconds: z.number().gt(0).lte(86400).optional(),
  };
}

export interface CollectorDefaults {
  readonly enabled?: boolean;
  readonly schedule: string;
  readonly timeout_seconds: number;
}

/** `enabled`, `schedule` and `timeout_seconds`, as every collector's config block has them. */
export type CollectorSettings = {
  readonly enabled: boolean;
  readonly schedule: string;
  readonly timeout_seconds: number;
};

/**
 * Everything the exporter knows about one collector, in one place (node_exporter's "a collector is
 * one file", YACE's "a service is a row of a table"). The registry lists these; the config schema
 * and types, the wiring, the demo, the landing page, `--check`, the README check and the
 * integration test's expected series are all derived from them.
 */
export interface CollectorDefinition<Name extends string = string, Config = unknown> {
  /** The `collectors.<name>` config key and the `collector` label. */
  readonly name: Name;
  readonly product: 'tcss' | 'cwp';
  /** One line for `--help`. */
  readonly description: string;
  /** The config block: the common settings plus the collector's own keys, all with defaults. */
  readonly config: z.ZodType<Config & CollectorSettings, unknown>;
  /** Every action one round may call (`--check` and the docs list them). */
  readonly actions: readonly ActionSpec[];
  /** The families it emits, name → HELP as exposed; it emits no other (see `defineCollector`). */
  readonly metrics: MetricHelp;
  /** Field → metric rows per action (the README's metric table is checked against them). */
  readonly fields: readonly FieldTable[];
  readonly create: (config: Config & CollectorSettings) => Collector;
  /** Landing-page lines from one account's samples; default: one line per scan. */
  readonly landingRows: (samples: readonly ScanSample[]) => LandingRow[];
  /** Schedule under `--demo` without a config file; default every five seconds. */
  readonly demoSchedule?: string;
}

/** A collector's own config keys after validation; none for a collector without options. */
type OwnConfig<Options extends z.ZodRawShape> = keyof Options extends never
  ? object
  : z.output<z.ZodObject<Options>>;

/**
 * Declares a collector. `options` are its own config keys (zod, with defaults); the config type its
 * constructor receives is inferred from them, so there is no second description of the shape.
 * `metrics` are the families of its own it emits, with where each value comes from (the shared
 * families its field rows name are added); the HELP adds that it is polled. A field row of an
 * undeclared family fails here, at load; a sample of one fails the round (and so the collector's
 * tests) with the family's name.
 */
export function defineCollector<const Name extends string, Options extends z.ZodRawShape>(spec: {
  readonly name: Name;
  readonly product: 'tcss' | 'cwp';
  readonly description: string;
  readonly defaults: CollectorDefaults;
  readonly options: Options;
  readonly actions: readonly ActionSpec[];
  readonly metrics: MetricHelp;
  readonly fields: readonly FieldTable<never>[];
  readonly create: (config: OwnConfig<Options> & CollectorSettings) => Collector;
  readonly landingRows?: (samples: readonly ScanSample[]) => LandingRow[];
  readonly demoSchedule?: string;
}): CollectorDefinition<Name, OwnConfig<Options>> {
  const rows = (spec.fields as readonly FieldTable[]).flatMap((table) => table.rows);
  const declared = { ...sharedMetricsOf(rows.map((row) => row.metric)), ...spec.metrics };
  const metrics = Object.fromEntries(
    Object.entries(declared).map(([name, source]) => [name, `${source} ${POLLED}`]),
  );
  for (const row of rows)
    if (!Object.hasOwn(metrics, row.metric))
      throw new Error(`collector ${spec.name}: field ${row.field} feeds ${row.metric}, not in its metrics`);
  type Block = { readonly schedule: string; readonly timeout_seconds?: number };
  const config = z
    .strictObject({ ...settingsShape(spec.defaults), ...spec.options })
    .superRefine((parsed, ctx) => {
      // A round that may outlast the interval would still be running at the next tick of the
      // same account, which then skips: the account would be refreshed every other interval.
      const block = parsed as Block;
      if (block.timeout_seconds === undefined || !isCron(block.schedule)) return;
      const intervalSeconds = shortestIntervalMs(block.schedule) / 1000;
      if (block.timeout_seconds >= intervalSeconds) {
        ctx.addIssue({
          code: 'custom',
          path: ['timeout_seconds'],
          message: `${block.timeout_seconds} must be shorter than the schedule's interval (${intervalSeconds} s)`,
        });
      }
    })
    .transform((parsed) => {
      const block = parsed as Block;
      return {
        ...parsed,
        timeout_seconds:
          block.timeout_seconds ?? defaultTimeoutSeconds(spec.defaults.timeout_seconds, block.schedule),
      };
    });
  return {
    name: spec.name,
    product: spec.product,
    description: spec.description,
    config: config as unknown as z.ZodType<OwnConfig<Options> & CollectorSettings, unknown>,
    actions: spec.actions,
    metrics,
    fields: spec.fields as readonly FieldTable[],
    create: (config) => declaredOnly(spec.create(config), new Set(Object.keys(metrics))),
    landingRows: spec.landingRows ?? scanLandingRows,
    ...(spec.demoSchedule === undefined ? {} : { demoSchedule: spec.demoSchedule }),
  };
}

/** A collector whose samples, of a full or a partial round, are all of `declared` families. */
function declaredOnly(collector: Collector, declared: ReadonlySet<string>): Collector {
  const check = (samples: readonly ScanSample[]) => {
    for (const { name } of samples)
      if (!declared.has(name))
        throw new Error(`collector ${collector.name} emitted ${name}, not in its metrics`);
  };
  return {
    name: collector.name,
    async collect(context) {
      try {
        const samples = await collector.collect(context);
        check(samples);
        return samples;
      } catch (error) {
        if (error instanceof PartialRoundError) check(error.samples);
        throw error;
      }
    },
  };
}

type MutableRow = { -readonly [K in keyof LandingRow]: LandingRow[K] };

/**
 * The default landing rows: samples grouped by product, scan and the labels that tell scans of one
 * kind apart (everything but the metric's own value labels), the state set folded into one state.
 */
export function scanLandingRows(samples: readonly ScanSample[]): LandingRow[] {
  const rows = new Map<string, MutableRow>();
  for (const sample of samples) {
    const { product = '', scan = '', strategy_id: strategyId, asset_type: assetType } = sample.labels;
    const isInfo = sample.name === 'tencentcloud_scan_info';
    const taskId = isInfo ? undefined : sample.labels['task_id'];
    const details = [
      strategyId === undefined ? undefined : `strategy ${strategyId}`,
      assetType === undefined ? undefined : assetType,
      taskId === undefined ? undefined : `task ${taskId}`,
    ].filter((d): d is string => d !== undefined);
    const detail = details.length === 0 ? undefined : details.join(', ');
    const key = `${product}\0${scan}\0${detail ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = detail === undefined ? { product, scan } : { product, scan, detail };
      rows.set(key, row);
    }
    switch (sample.name) {
      case 'tencentcloud_scan_state':
        if (sample.value === 1) row.state = sample.labels['state'];
        break;
      case 'tencentcloud_scan_progress_ratio':
        row.progress = sample.value;
        break;
      case 'tencentcloud_scan_risks':
        row.risks = sample.value;
        break;
      case 'tencentcloud_scan_remaining_seconds':
        row.remainingSeconds = sample.value;
        break;
      case 'tencentcloud_scan_end_timestamp_seconds':
        row.endTimestamp = sample.value;
        break;
      default:
    }
  }
  return [...rows.values()];
}
