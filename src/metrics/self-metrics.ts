import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CodeLabels } from './code-label.js';
import { TextPiece } from './text-piece.js';

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

/** The `revision` and `build_date` labels of build_info (src/exporter/version.ts reads them). */
export interface BuildLabels {
  readonly revision: string;
  readonly buildDate: string;
}

const UNKNOWN_BUILD_LABELS: BuildLabels = { revision: 'unknown', buildDate: 'unknown' };

export interface RequestObservation {
  readonly account: string;
  readonly service: string;
  readonly action: string;
  readonly code: string;
  readonly durationSeconds: number;
}

/** The exporter's own instruments, registered in one registry. */
function createInstruments(
  register: Registry<typeof Registry.PROMETHEUS_CONTENT_TYPE | typeof Registry.OPENMETRICS_CONTENT_TYPE>,
  version: string,
  build: BuildLabels,
) {
  const registers = [register];
  const instruments = {
    collectorSuccess: new Gauge({
      name: `${PREFIX}collector_success`,
      help: 'Whether the last collection round for this collector and account succeeded (1) or failed (0).',
      labelNames: ['collector', 'account'],
      registers,
    }),
    collectorDuration: new Gauge({
      name: `${PREFIX}collector_duration_seconds`,
      help: 'Duration of the last collection round for this collector and account.',
      labelNames: ['collector', 'account'],
      registers,
    }),
    collectorLastSuccess: new Gauge({
      name: `${PREFIX}collector_last_success_timestamp_seconds`,
      help: 'Unix time of the last successful collection round for this collector and account.',
      labelNames: ['collector', 'account'],
      registers,
    }),
    roundsSkipped: new Counter({
      name: `${PREFIX}collector_rounds_skipped_total`,
      help: 'Scheduled rounds of an account skipped because its previous round of the same collector was still running.',
      labelNames: ['collector', 'account'],
      registers,
    }),
    apiRequests: new Counter({
      name: `${PREFIX}api_requests_total`,
      help: 'Tencent Cloud API requests (each retry counts), by outcome code.',
      labelNames: ['account', 'service', 'action', 'code'],
      registers,
    }),
    apiDuration: new Histogram({
      name: `${PREFIX}api_request_duration_seconds`,
      help: 'Duration of Tencent Cloud API requests, including failed ones.',
      labelNames: ['service', 'action'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    fieldIssues: new Counter({
      name: `${PREFIX}response_field_issues_total`,
      help: 'API response fields of an unexpected type; they produce no sample instead of a made-up value.',
      labelNames: ['account', 'action', 'field'],
      registers,
    }),
    reloadSuccess: new Gauge({
      name: `${PREFIX}config_last_reload_successful`,
      help: 'Whether the last configuration reload succeeded (1) or was rejected (0).',
      registers,
    }),
    reloads: new Counter({
      name: `${PREFIX}config_reloads_total`,
      help: 'Configuration reloads, by result.',
      labelNames: ['result'],
      registers,
    }),
  };
  new Gauge({
    name: `${PREFIX}build_info`,
    help: 'Build information; always 1.',
    labelNames: ['version', 'revision', 'build_date', 'nodejs_version'],
    registers,
  }).set(
    { version, revision: build.revision, build_date: build.buildDate, nodejs_version: process.version },
    1,
  );
  instruments.reloadSuccess.set(1);
  // Counters start at 0 rather than appear at their first event, so that rate() and increase()
  // see that first event and dashboards show 0 instead of "no data". The skip counters are
  // per account: the scheduler creates them as it learns the accounts.
  for (const result of ['success', 'failure']) instruments.reloads.inc({ result }, 0);
  return instruments;
}

type AnyRegistry = Registry<
  typeof Registry.PROMETHEUS_CONTENT_TYPE | typeof Registry.OPENMETRICS_CONTENT_TYPE
>;

function processRegistry(contentType?: typeof Registry.OPENMETRICS_CONTENT_TYPE): AnyRegistry {
  const register: AnyRegistry = new Registry();
  if (contentType) register.setContentType(contentType);
  collectDefaultMetrics({ register });
  for (const name of MISNAMED_DEFAULT_GAUGES) register.removeSingleMetric(name);
  return register;
}

const EOF_LINE = '# EOF\n';

/** A registry's text without OpenMetrics' `# EOF`, ending in a newline. */
async function bodyOf(register: AnyRegistry): Promise<string> {
  let text = await register.metrics();
  if (text.endsWith(EOF_LINE)) text = text.slice(0, -EOF_LINE.length);
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

export type SelfFormat = 'prometheus' | 'openmetrics';

type Instruments = ReturnType<typeof createInstruments>;

/**
 * The exporter's own metrics, in one prom-client registry per exposition format (prom-client
 * fixes the format per registry). Each registry has its own instruments, updated together:
 * rendering OpenMetrics renames a counter object in place (`…_total` → `…`), so a counter shared
 * by both registries would lose its `_total` in every later Prometheus-format scrape.
 *
 * Their text (thousands of per-account series) is rendered again only after a change; the
 * process metrics live in separate registries and are read on every scrape.
 */
export class SelfMetrics {
  /** The exporter's own metrics (no process metrics), Prometheus text format. */
  readonly prometheus: AnyRegistry = new Registry();
  /** The same, OpenMetrics. */
  readonly openMetrics: AnyRegistry = new Registry();
  /** Standard `process_*` / `nodejs_*` metrics, per format. */
  readonly processPrometheus = processRegistry();
  readonly processOpenMetrics = processRegistry(Registry.OPENMETRICS_CONTENT_TYPE);
  private readonly sets: readonly Instruments[];
  private readonly codes = new CodeLabels();
  private version = 0;
  /** Every `collector` label value seen, so an account's series can be forgotten in all of them. */
  private readonly collectors = new Set<string>();
  private readonly cached: Record<SelfFormat, { version: number; piece: TextPiece }> = {
    prometheus: { version: -1, piece: new TextPiece('') },
    openmetrics: { version: -1, piece: new TextPiece('') },
  };

  constructor(version: string, build: BuildLabels = UNKNOWN_BUILD_LABELS) {
    this.openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    this.sets = [
      createInstruments(this.prometheus, version, build),
      createInstruments(this.openMetrics, version, build),
    ];
  }

  /** The exporter's own metrics as a piece that stays the same (encoded and compressed once) until one changes. */
  async exporterPiece(format: SelfFormat): Promise<TextPiece> {
    const cache = this.cached[format];
    if (cache.version === this.version) return cache.piece;
    const version = this.version;
    const piece = new TextPiece(await bodyOf(format === 'openmetrics' ? this.openMetrics : this.prometheus));
    // Only keep it if nothing changed while rendering.
    if (version === this.version) Object.assign(cache, { version, piece });
    return piece;
  }

  /** The standard process metrics, read now. */
  processText(format: SelfFormat): Promise<string> {
    return bodyOf(format === 'openmetrics' ? this.processOpenMetrics : this.processPrometheus);
  }

  /** All self and process metrics in one format, without `# EOF`. */
  async text(format: SelfFormat): Promise<string> {
    return (await this.exporterPiece(format)).text + (await this.processText(format));
  }

  observeRequest(event: RequestObservation): void {
    const { account, service, action } = event;
    const code = this.codes.label(account, action, event.code);
    this.version++;
    for (const m of this.sets) {
      m.apiRequests.inc({ account, service, action, code });
      m.apiDuration.observe({ service, action }, event.durationSeconds);
    }
  }

  observeRound(collector: string, account: string, ok: boolean, durationSeconds: number, at: Date): void {
    const labels = { collector, account };
    this.collectors.add(collector);
    this.version++;
    for (const m of this.sets) {
      m.collectorSuccess.set(labels, ok ? 1 : 0);
      m.collectorDuration.set(labels, durationSeconds);
      if (ok) m.collectorLastSuccess.set(labels, Math.floor(at.getTime() / 1000));
    }
  }

  fieldIssue(account: string, action: string, field: string): void {
    this.version++;
    for (const m of this.sets) m.fieldIssues.inc({ account, action, field });
  }

  /** `by` 0 creates the series without counting a skip. */
  roundSkipped(collector: string, account: string, by = 1): void {
    this.collectors.add(collector);
    this.version++;
    for (const m of this.sets) m.roundsSkipped.inc({ collector, account }, by);
  }

  reloaded(ok: boolean): void {
    this.version++;
    for (const m of this.sets) {
      m.reloadSuccess.set(ok ? 1 : 0);
      m.reloads.inc({ result: ok ? 'success' : 'failure' });
    }
  }

  /** Forgets an account's collector series (removed by a reload or re-shard). */
  forgetAccount(account: string): void {
    this.version++;
    for (const m of this.sets) {
      for (const metric of [
        m.collectorSuccess,
        m.collectorDuration,
        m.collectorLastSuccess,
        m.roundsSkipped,
      ]) {
        for (const collector of this.collectors) metric.remove({ collector, account });
      }
    }
  }
}
