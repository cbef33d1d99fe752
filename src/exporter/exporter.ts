import type { Logger } from 'pino';
import { COLLECTORS, familyTable } from '../collectors/registry.js';
import { ConfigError } from '../config/errors.js';
import type { ExporterConfig } from '../config/index.js';
import { acceptsGzip, MetricsRenderer, negotiateFormat } from '../metrics/exposition.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { SeriesStore } from '../metrics/series-store.js';
import { FailureLog } from '../scheduler/failure-log.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { createApp } from '../server/app.js';
import { createWebConfigGuard, type WebConfigGuard } from '../server/basic-auth.js';
import { listen, type RunningServer } from '../server/http-server.js';
import type { ExporterHandle, LandingView, MetricsBody } from '../server/types.js';
import { WebConfigSource } from '../server/web-config.js';
import { closeAllPools } from '../tencentcloud/transport.js';
import { abortableSleep } from '../util/abort.js';
import { AccountRuntimes } from './accounts.js';
import { buildCollectors } from './collectors.js';
import { buildAccountViews } from './landing-view.js';
import { runbookPage } from './runbook.js';
import { BUILD_INFO, VERSION } from './version.js';

export interface ExporterOptions {
  readonly config: ExporterConfig;
  readonly log: Logger;
  readonly env?: NodeJS.ProcessEnv;
  /** Re-reads the configuration for SIGHUP and `/-/reload`; throws on an invalid one. */
  readonly loadConfig?: () => Promise<ExporterConfig>;
}

/** How long running rounds may go on after SIGTERM before they are aborted. */
const SHUTDOWN_GRACE_MS = 5_000;
/** Reloads start at most this often; requests in between share one queued reload. */
const RELOAD_SPACING_MS = 1_000;

/**
 * The running exporter: accounts, collectors on their schedules, the series store and the HTTP
 * server. main builds one from the frozen config and stops it on a signal.
 */
export class Exporter implements ExporterHandle {
  readonly metricsRegistry: SelfMetrics;
  /** Every collector's families, enabled or not: what a family's HELP says never depends on config. */
  readonly store = new SeriesStore(familyTable(COLLECTORS));
  /** Outlives the schedulers that reloads replace, so a reload does not repeat every warning. */
  private readonly failureLog: FailureLog;
  private readonly renderer: MetricsRenderer;
  private config: ExporterConfig;
  private accounts: AccountRuntimes;
  private scheduler: Scheduler;
  private server: RunningServer | undefined;
  private webConfig: WebConfigSource | undefined;
  private guard: WebConfigGuard | undefined;
  /** The reload running now, and the one that runs after it (shared by every request meanwhile). */
  private reloading: Promise<string | undefined> | undefined;
  private queuedReload: Promise<string | undefined> | undefined;
  private lastReloadStart = Number.NEGATIVE_INFINITY;
  private stopping = false;
  /** Readiness stays once reached: a reload must not take the target out of service. */
  private wasReady = false;

  constructor(private readonly options: ExporterOptions) {
    this.config = options.config;
    this.failureLog = new FailureLog({
      log: options.log,
      repeatIntervalMs: this.config.log.failureIntervalMs,
    });
    this.metricsRegistry = new SelfMetrics(VERSION, BUILD_INFO);
    this.renderer = new MetricsRenderer(this.metricsRegistry, this.store);
    this.accounts = AccountRuntimes.build(this.config.accounts, this.metricsRegistry, options.env);
    this.scheduler = new Scheduler({
      collectors: buildCollectors(this.config),
      accounts: this.accounts.runtimes,
      concurrency: this.config.global.concurrency,
      stalenessIntervals: this.config.global.staleness_intervals,
      store: this.store,
      metrics: this.metricsRegistry,
      log: options.log,
      failureLog: this.failureLog,
    });
  }

  get url(): string | undefined {
    return this.server?.url;
  }

  async start(): Promise<void> {
    const { configFile } = this.config.web;
    // Throws WebConfigError on an invalid file: main reports it and exits with status 2.
    this.webConfig = configFile ? WebConfigSource.open(configFile, { log: this.options.log }) : undefined;
    this.guard = this.webConfig ? createWebConfigGuard(this.webConfig) : undefined;
    const app = createApp({
      telemetryPath: this.config.web.telemetryPath,
      exporter: this,
      lifecycle: this.config.web.enableLifecycle,
      guard: this.guard,
      onError: (err) => this.options.log.error({ err }, 'HTTP handler failed'),
    });
    this.server = await listen(app, this.config.web.listenAddress, this.webConfig);
    this.scheduler.start();
    this.options.log.info(
      {
        url: this.server.url,
        accounts: this.config.accounts.length,
        version: VERSION,
        revision: BUILD_INFO.revision,
      },
      'exporter listening',
    );
  }

  whenReady(): Promise<void> {
    return this.scheduler.whenReady();
  }

  ready(): boolean {
    this.wasReady ||= this.scheduler.ready();
    return this.wasReady;
  }

  metrics(accept: string | undefined, acceptEncoding: string | undefined): Promise<MetricsBody> {
    return this.renderer.render(negotiateFormat(accept), acceptsGzip(acceptEncoding));
  }

  landing(page: number): LandingView {
    return {
      version: VERSION,
      telemetryPath: this.config.web.telemetryPath,
      ready: this.ready(),
      now: new Date(),
      ...buildAccountViews(
        this.config.accounts.map((a) => a.name),
        this.store,
        this.scheduler.status(),
        page,
      ),
    };
  }

  runbook(): string | undefined {
    return runbookPage();
  }

  /**
   * Applies a re-read config without dropping the listening socket. Listen address and telemetry
   * path stay as they were (they need a restart). Coalesced: one reload runs at a time, at most
   * one waits (every request meanwhile shares it), and reloads start at most once a second, so a
   * burst of SIGHUPs or POSTs costs at most two. Never rejects: resolves to the error message of
   * a rejected configuration, or undefined.
   */
  reload(): Promise<string | undefined> {
    if (this.queuedReload) return this.queuedReload;
    const sinceLast = performance.now() - this.lastReloadStart;
    if (!this.reloading && sinceLast >= RELOAD_SPACING_MS) return this.beginReload();
    const queued = (this.reloading ?? Promise.resolve()).then(async () => {
      const wait = this.lastReloadStart + RELOAD_SPACING_MS - performance.now();
      if (wait > 0) await abortableSleep(wait);
      this.queuedReload = undefined;
      return this.beginReload();
    });
    this.queuedReload = queued;
    return queued;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.scheduler.stop(SHUTDOWN_GRACE_MS);
    await this.server?.close();
    await this.reloading;
    await this.guard?.close();
    await this.accounts.close();
    await closeAllPools();
  }

  private beginReload(): Promise<string | undefined> {
    this.lastReloadStart = performance.now();
    const run = this.doReload()
      .catch((error: unknown) => this.rejectReload(error))
      .finally(() => {
        if (this.reloading === run) this.reloading = undefined;
      });
    this.reloading = run;
    return run;
  }

  /**
   * Builds everything the new configuration needs (config, credentials, clients, collectors)
   * while the running one goes on; only when all of it succeeded is it swapped in, by steps that
   * cannot fail. A failure leaves the running configuration and scheduler as they were.
   */
  private async doReload(): Promise<string | undefined> {
    const { log, loadConfig } = this.options;
    if (this.stopping) return 'the exporter is shutting down';
    this.webConfig?.reload(); // logs its own problems; the last good web config stays in force
    if (!loadConfig) return 'no configuration file to reload';
    const next = await loadConfig();
    if (this.stopping) return 'the exporter is shutting down';
    const config = Object.freeze({ ...next, web: this.config.web });
    const accounts = AccountRuntimes.build(
      config.accounts,
      this.metricsRegistry,
      this.options.env,
      this.accounts,
    );
    const collectors = buildCollectors(config);

    const previous = this.accounts;
    this.config = config;
    this.accounts = accounts;
    this.scheduler.update({
      collectors,
      accounts: accounts.runtimes,
      concurrency: config.global.concurrency,
      stalenessIntervals: config.global.staleness_intervals,
    });
    this.metricsRegistry.reloaded(true);
    log.info({ accounts: config.accounts.length }, 'configuration reloaded');
    await previous.closeRetired(accounts).catch((err: unknown) => {
      log.warn({ err }, 'closing the clients of replaced accounts failed');
    });
    return undefined;
  }

  /** Counts and logs a rejected reload; the message is one plain line naming the key. */
  private rejectReload(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    this.metricsRegistry.reloaded(false);
    this.options.log.error(
      { err: message, ...(error instanceof ConfigError ? { key: error.keyPath } : {}) },
      'configuration reload rejected; keeping the running configuration',
    );
    return message;
  }
}
