import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/types.js';
import { acceptsGzip, MetricsRenderer, negotiateFormat } from '../metrics/exposition.js';
import { SelfMetrics } from '../metrics/self-metrics.js';
import { SeriesStore } from '../metrics/series-store.js';
import { FailureLog } from '../scheduler/failure-log.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { RoundStatus } from '../scheduler/status.js';
import { createApp } from '../server/app.js';
import { listen, type RunningServer } from '../server/http-server.js';
import type { ExporterHandle, LandingView, MetricsBody } from '../server/types.js';
import { createWebConfigGuard, type WebConfigGuard } from '../server/web-config-guard.js';
import { WebConfigSource } from '../server/web-config-source.js';
import { closeAllPools } from '../tencentcloud/transport.js';
import { type AccountRuntimes, buildAccountRuntimes } from './accounts.js';
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

/**
 * The running exporter: accounts, collectors on their schedules, the series store and the HTTP
 * server. main builds one from the frozen config and stops it on a signal.
 */
export class Exporter implements ExporterHandle {
  readonly metricsRegistry: SelfMetrics;
  readonly store = new SeriesStore();
  /** Outlives the schedulers that reloads replace, so a reload does not repeat every warning. */
  private readonly failureLog: FailureLog;
  private readonly renderer: MetricsRenderer;
  private config: ExporterConfig;
  private accounts: AccountRuntimes;
  private scheduler: Scheduler;
  private server: RunningServer | undefined;
  private webConfig: WebConfigSource | undefined;
  private guard: WebConfigGuard | undefined;
  private reloading: Promise<string | undefined> | undefined;
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
    this.accounts = buildAccountRuntimes(this.config.accounts, this.metricsRegistry, options.env);
    this.scheduler = this.createScheduler(this.config, this.accounts);
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
   * path stay as they were (they need a restart). Concurrent reloads share one.
   */
  reload(): Promise<string | undefined> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  async stop(): Promise<void> {
    await this.scheduler.stop(SHUTDOWN_GRACE_MS);
    await this.server?.close();
    await this.guard?.close();
    await this.accounts.close();
    await closeAllPools();
  }

  private async doReload(): Promise<string | undefined> {
    const { log, loadConfig } = this.options;
    this.webConfig?.reload(); // logs its own problems; the last good web config stays in force
    if (!loadConfig) return 'no configuration file to reload';
    let next: ExporterConfig;
    try {
      next = await loadConfig();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.metricsRegistry.reloaded(false);
      log.error({ err: message }, 'configuration reload rejected; keeping the running configuration');
      return message;
    }
    const previousAccounts = this.accounts;
    const previousStatuses = this.scheduler.status();
    await this.scheduler.stop(SHUTDOWN_GRACE_MS);
    this.accounts = buildAccountRuntimes(next.accounts, this.metricsRegistry, this.options.env);
    this.config = Object.freeze({ ...next, web: this.config.web });
    this.scheduler = this.createScheduler(this.config, this.accounts, previousStatuses);
    this.scheduler.start();
    await previousAccounts.close();
    this.metricsRegistry.reloaded(true);
    log.info({ accounts: next.accounts.length }, 'configuration reloaded');
    return undefined;
  }

  private createScheduler(
    config: ExporterConfig,
    accounts: AccountRuntimes,
    previousStatuses?: readonly RoundStatus[],
  ): Scheduler {
    return new Scheduler({
      previousStatuses,
      collectors: buildCollectors(config),
      accounts: accounts.runtimes,
      concurrency: config.concurrency,
      stalenessIntervals: config.stalenessIntervals,
      store: this.store,
      metrics: this.metricsRegistry,
      log: this.options.log,
      failureLog: this.failureLog,
    });
  }
}
