import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type CollectorName = 'tcss_image_scan' | 'cwp_scan_state';

const PREFIX = 'tencentcloud_scan_exporter_';

/**
 * prom-client 15's defaults include three gauges whose names end in `_total`, which
 * `promtool check metrics` rejects; the same numbers remain in the per-type gauges without the
 * suffix (`nodejs_active_handles`, ...).
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface RequestObservation {
  readonly account: string;
  readonly service: string;
  readonly action: string;
  readonly code: string;
  readonly durationSeconds: number;
}

/**
 * The exporter's own metrics, in one prom-client registry per exposition format (prom-client
 * fixes the format per registry). Every metric is registered in both.
 */
export class SelfMetrics {
  readonly prometheus = new Registry();
  readonly openMetrics = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();

  private readonly collectorSuccess: Gauge<'collector' | 'account'>;
  private readonly collectorDuration: Gauge<'collector' | 'account'>;
  private readonly collectorLastSuccess: Gauge<'collector' | 'account'>;
  private readonly roundsSkipped: Counter<'collector'>;
  private readonly apiRequests: Counter<'account' | 'service' | 'action' | 'code'>;
  private readonly apiDuration: Histogram<'service' | 'action'>;
  private readonly fieldIssues: Counter<'account' | 'action' | 'field'>;
  private readonly reloadSuccess: Gauge;
  private readonly reloads: Counter<'result'>;

  constructor(version: string) {
    this.openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const registers = [this.prometheus, this.openMetrics];
    this.collectorSuccess = new Gauge({
      name: `${PREFIX}collector_success`,
      help: 'Whether the last collection round for this collector and account succeeded (1) or failed (0).',
      labelNames: ['collector', 'account'],
      registers,
    });
    this.collectorDuration = new Gauge({
      name: `${PREFIX}collector_duration_seconds`,
      help: 'Duration of the last collection round for this collector and account.',
      labelNames: ['collector', 'account'],
      registers,
    });
    this.collectorLastSuccess = new Gauge({
      name: `${PREFIX}collector_last_success_timestamp_seconds`,
      help: 'Unix time of the last successful collection round for this collector and account.',
      labelNames: ['collector', 'account'],
      registers,
    });
    this.roundsSkipped = new Counter({
      name: `${PREFIX}collector_rounds_skipped_total`,
      help: 'Scheduled rounds skipped because the previous round of the same collector was still running.',
      labelNames: ['collector'],
      registers,
    });
    this.apiRequests = new Counter({
      name: `${PREFIX}api_requests_total`,
      help: 'Tencent Cloud API requests (each retry counts), by outcome code.',
      labelNames: ['account', 'service', 'action', 'code'],
      registers,
    });
    this.apiDuration = new Histogram({
      name: `${PREFIX}api_request_duration_seconds`,
      help: 'Duration of Tencent Cloud API requests, including failed ones.',
      labelNames: ['service', 'action'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.fieldIssues = new Counter({
      name: `${PREFIX}response_field_issues_total`,
      help: 'API response fields of an unexpected type; they produce no sample instead of a made-up value.',
      labelNames: ['account', 'action', 'field'],
      registers,
    });
    new Gauge({
      name: `${PREFIX}build_info`,
      help: 'Build information; always 1.',
      labelNames: ['version', 'nodejs_version'],
      registers,
    }).set({ version, nodejs_version: process.version }, 1);
    this.reloadSuccess = new Gauge({
      name: `${PREFIX}config_last_reload_successful`,
      help: 'Whether the last configuration reload succeeded (1) or was rejected (0).',
      registers,
    });
    this.reloadSuccess.set(1);
    this.reloads = new Counter({
      name: `${PREFIX}config_reloads_total`,
      help: 'Configuration reloads, by result.',
      labelNames: ['result'],
      registers,
    });
    for (const register of registers) {
      collectDefaultMetrics({ register });
      for (const name of MISNAMED_DEFAULT_GAUGES) register.removeSingleMetric(name);
    }
  }

  observeRequest(event: RequestObservation): void {
    this.apiRequests.inc({
      account: event.account,
      service: event.service,
      action: event.action,
      code: event.code,
    });
    this.apiDuration.observe({ service: event.service, action: event.action }, event.durationSeconds);
  }

  observeRound(
    collector: CollectorName,
    account: string,
    ok: boolean,
    durationSeconds: number,
    at: Date,
  ): void {
    const labels = { collector, account };
    this.collectorSuccess.set(labels, ok ? 1 : 0);
    this.collectorDuration.set(labels, durationSeconds);
    if (ok) this.collectorLastSuccess.set(labels, Math.floor(at.getTime() / 1000));
  }

  fieldIssue(account: string, action: string, field: string): void {
    this.fieldIssues.inc({ account, action, field });
  }

  roundSkipped(collector: CollectorName): void {
    this.roundsSkipped.inc({ collector });
  }

  reloaded(ok: boolean): void {
    this.reloadSuccess.set(ok ? 1 : 0);
    this.reloads.inc({ result: ok ? 'success' : 'failure' });
  }

  /** Forgets an account's collector series (removed by a reload or re-shard). */
  forgetAccount(account: string): void {
    for (const gauge of [this.collectorSuccess, this.collectorDuration, this.collectorLastSuccess]) {
      for (const collector of ['tcss_image_scan', 'cwp_scan_state'] as const)
        gauge.remove({ collector, account });
    }
  }
}
