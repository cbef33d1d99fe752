import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Collector } from '../collectors/collector.js';
import type { CollectorName, SelfMetrics } from '../metrics/self-metrics.js';
import type { SeriesStore } from '../metrics/series-store.js';
import type { ApiCaller } from '../tencentcloud/types.js';
import { runAccountRound } from './account-round.js';
import { FailingScans } from './failing-scans.js';
import type { FailureLog } from './failure-log.js';
import { Semaphore } from './semaphore.js';
import type { RoundStatus } from './status.js';

export interface ScheduledCollector {
  readonly collector: Collector;
  readonly schedule: string;
  readonly timeoutSeconds: number;
}

export interface AccountRuntime {
  readonly name: string;
  readonly caller: ApiCaller;
}

export interface SchedulerOptions {
  readonly collectors: readonly ScheduledCollector[];
  readonly accounts: readonly AccountRuntime[];
  readonly concurrency: number;
  readonly stalenessIntervals: number;
  readonly store: SeriesStore;
  readonly metrics: SelfMetrics;
  readonly log: Logger;
  /** Upper bound of the per-account start delay of scheduled rounds; default 5 s. */
  readonly maxJitterMs?: number;
  /** Statuses carried over from the scheduler this one replaces (config reload). */
  readonly previousStatuses?: readonly RoundStatus[];
  /** Logs failures rate-limited per account; the exporter keeps one across reloads. */
  readonly failureLog: FailureLog;
}

/**
 * Runs every collector once at start, then on its cron schedule. A round that is still running
 * when the next one is due makes that one skip (counted). Accounts run concurrently under one
 * global limit, each bounded by its collector's timeout; the store is only touched per account
 * once that account's round is over, so accounts never see each other's failures.
 */
export class Scheduler {
  private readonly semaphore: Semaphore;
  private readonly shutdown = new AbortController();
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<CollectorName, Promise<void>>();
  /** Time between two runs, per cron expression: computed once, not on every round. */
  private readonly intervals = new Map<string, number>();
  private readonly statuses = new Map<string, RoundStatus>();
  private readonly failingScans = new FailingScans();
  private accounts: readonly AccountRuntime[];
  private firstRounds: Promise<void> | undefined;
  private isReady = false;

  constructor(private readonly options: SchedulerOptions) {
    this.semaphore = new Semaphore(options.concurrency);
    // Every account waiting for its start or a semaphore slot listens on it: thousands is normal.
    setMaxListeners(0, this.shutdown.signal);
    this.accounts = options.accounts;
    for (const status of options.previousStatuses ?? []) {
      this.statuses.set(`${status.collector}\0${status.account}`, status);
    }
    this.setAccounts(options.accounts);
  }

  /** Starts the first round of every collector and the schedules. */
  start(): void {
    this.firstRounds = Promise.all(this.options.collectors.map((c) => this.triggerRound(c, true))).then(
      () => {
        this.isReady = true;
      },
    );
    for (const scheduled of this.options.collectors) {
      const task = cron.schedule(scheduled.schedule, () => void this.triggerRound(scheduled, false), {
        name: scheduled.collector.name,
      });
      this.tasks.push(task);
    }
  }

  /** Resolves when the first round of every collector has finished. */
  whenReady(): Promise<void> {
    return this.firstRounds ?? Promise.resolve();
  }

  ready(): boolean {
    return this.isReady;
  }

  status(): RoundStatus[] {
    return [...this.statuses.values()].sort(
      (a, b) => a.account.localeCompare(b.account) || a.collector.localeCompare(b.collector),
    );
  }

  /** Replaces the account set (reload / re-shard); series of removed accounts go at once. */
  setAccounts(accounts: readonly AccountRuntime[]): void {
    this.accounts = accounts;
    const names = new Set(accounts.map((a) => a.name));
    this.options.store.retainAccounts(names);
    this.options.failureLog.retainAccounts(names);
    this.failingScans.retainAccounts(names);
    for (const [key, status] of this.statuses) {
      if (!names.has(status.account)) {
        this.statuses.delete(key);
        this.options.metrics.forgetAccount(status.account);
      }
    }
  }

  /** Stops the schedules, lets running rounds finish for up to `deadlineMs`, then aborts them. */
  async stop(deadlineMs: number): Promise<void> {
    for (const task of this.tasks) await task.destroy();
    this.tasks.length = 0;
    const inFlight = Promise.all(this.running.values());
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([inFlight, deadline]);
    clearTimeout(timer);
    this.shutdown.abort(new Error('exporter shutting down'));
    await inFlight;
  }

  /** Runs one round unless one of the same collector is still running. */
  triggerRound(scheduled: ScheduledCollector, first: boolean): Promise<void> {
    const name = scheduled.collector.name;
    const current = this.running.get(name);
    if (current) {
      this.options.metrics.roundSkipped(name);
      this.options.log.warn({ collector: name }, 'previous round still running; skipping this one');
      return current;
    }
    if (this.shutdown.signal.aborted) return Promise.resolve();
    const round = this.runRound(scheduled, first).finally(() => this.running.delete(name));
    this.running.set(name, round);
    return round;
  }

  private async runRound(scheduled: ScheduledCollector, first: boolean): Promise<void> {
    let intervalMs = this.intervals.get(scheduled.schedule);
    if (intervalMs === undefined) {
      intervalMs = scheduleIntervalMs(scheduled.schedule);
      this.intervals.set(scheduled.schedule, intervalMs);
    }
    const jitterWindow = first ? 0 : Math.min(intervalMs / 10, this.options.maxJitterMs ?? 5000);
    const started = performance.now();
    await Promise.all(
      this.accounts.map((account) =>
        this.runAccount(scheduled, account, intervalMs, jitterWindow * spread(account.name)),
      ),
    );
    this.options.log.debug(
      {
        collector: scheduled.collector.name,
        accounts: this.accounts.length,
        seconds: (performance.now() - started) / 1000,
      },
      'round finished',
    );
  }

  private async runAccount(
    scheduled: ScheduledCollector,
    account: AccountRuntime,
    intervalMs: number,
    delayMs: number,
  ): Promise<void> {
    const { store, metrics, log } = this.options;
    const collector = scheduled.collector.name;
    const signal = this.shutdown.signal;
    try {
      if (delayMs > 0) await sleep(delayMs, signal);
      const release = await this.semaphore.acquire(signal);
      let result: Awaited<ReturnType<typeof runAccountRound>>;
      try {
        result = await runAccountRound(
          scheduled.collector,
          account.caller,
          scheduled.timeoutSeconds,
          signal,
          (action, issue) => {
            metrics.fieldIssue(account.name, action, issue.field);
            log.debug(
              { collector, account: account.name, action, field: issue.field, problem: issue.problem },
              'unexpected field in API response',
            );
          },
        );
      } finally {
        release();
      }
      // The account may have been removed by a reload while its round ran.
      if (!this.accounts.includes(account)) return;
      const now = new Date();
      const key = `${collector}\0${account.name}`;
      const previous = this.statuses.get(key);
      metrics.observeRound(collector, account.name, result.ok, result.durationSeconds, now);
      const staleAfterMs = intervalMs * this.options.stalenessIntervals;
      if (result.ok) {
        this.failingScans.answered(collector, account.name);
        store.replace(collector, account.name, result.samples);
        this.options.failureLog.succeeded(collector, account.name);
        this.statuses.set(key, {
          collector,
          account: account.name,
          ok: true,
          lastAttempt: now,
          durationSeconds: result.durationSeconds,
          lastSuccess: now,
          lastError: previous?.lastError,
        });
        return;
      }
      const lastSuccess = previous?.lastSuccess;
      if (result.partial) {
        // Some scans answered: theirs are replaced, the failed ones keep their last good series.
        const merged = this.failingScans.merge(
          collector,
          account.name,
          store.samples(collector, account.name) ?? [],
          result.partial,
          now.getTime(),
          staleAfterMs,
        );
        store.replace(collector, account.name, merged);
      } else if (
        lastSuccess &&
        now.getTime() - lastSuccess.getTime() > staleAfterMs &&
        store.drop(collector, account.name)
      ) {
        log.warn({ collector, account: account.name }, 'last good series are stale and were dropped');
      }
      this.statuses.set(key, {
        collector,
        account: account.name,
        ok: false,
        lastAttempt: now,
        durationSeconds: result.durationSeconds,
        lastSuccess,
        lastError: { code: result.code, message: result.message, at: now },
      });
      // A partial round's message names every scan that failed (e.g. baseline discovery).
      this.options.failureLog.failed(collector, account.name, result.code, result.message);
    } catch (error) {
      if (!signal.aborted)
        log.error({ collector, account: account.name, err: error }, 'unexpected scheduler error');
    }
  }
}

/** The time between the next two runs of a cron expression. */
export function scheduleIntervalMs(expression: string): number {
  const task = cron.createTask(expression, () => undefined);
  try {
    const [a, b] = task.getNextRuns(2);
    return a && b ? b.getTime() - a.getTime() : 60_000;
  } finally {
    void task.destroy();
  }
}

/** A stable 0..1 fraction per account, so each account starts at the same offset every round. */
function spread(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
