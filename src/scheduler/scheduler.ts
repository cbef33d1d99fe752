import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Collector } from '../collectors/collector.js';
import type { SelfMetrics } from '../metrics/self-metrics.js';
import type { SeriesStore } from '../metrics/series-store.js';
import type { ApiCaller } from '../tencentcloud/types.js';
import { abortableSleep, realTimers, type Timers } from '../util/abort.js';
import { shortestIntervalMs } from '../util/cron-schedule.js';
import { type AccountRoundResult, runAccountRound } from './account-round.js';
import { FailingScans } from './failing-scans.js';
import type { FailureLog } from './failure-log.js';
import { Semaphore } from './semaphore.js';
import type { RoundStatus } from './status.js';

export interface ScheduledCollector {
  readonly collector: Collector;
  readonly schedule: string;
  readonly timeoutSeconds: number;
  /**
   * Identifies the collector's settings: after a reload, rounds of a collector whose settings
   * changed are called off; with the same fingerprint they go on. Default: its schedule.
   */
  readonly fingerprint?: string;
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
  /** Logs failed rounds without repeating the same warning every round. */
  readonly failureLog: FailureLog;
  /** Upper bound of the per-account start delay of scheduled rounds; default 5 s. */
  readonly maxJitterMs?: number;
  readonly clock?: Timers;
}

/** What a reload changes. */
export interface SchedulerUpdate {
  readonly collectors: readonly ScheduledCollector[];
  readonly accounts: readonly AccountRuntime[];
  readonly concurrency: number;
  readonly stalenessIntervals: number;
}

/** One (collector, account) round in progress. */
interface Running {
  readonly scheduled: ScheduledCollector;
  readonly account: AccountRuntime;
  /** Calls the round off (reload dropped the account or changed the collector). */
  readonly cancel: AbortController;
  readonly done: Promise<void>;
}

/** Thrown into rounds called off by a reload; such rounds are not failures. */
export class RoundCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(reason: string) {
    super(`round called off: ${reason}`);
  }
}

/** After the longest timeout, time for the rounds that just timed out to be recorded. */
const READY_GRACE_MS = 1_000;

const key = (collector: string, account: string): string => `${collector}\0${account}`;

/**
 * Runs every collector once at start, then on its cron schedule, per (collector, account): a
 * tick starts every account that is not still running its previous round, and skips (and
 * counts, per account) those that are, so a slow or hanging account delays only itself.
 * Accounts run concurrently under one global limit, each bounded by its collector's timeout;
 * accounts whose last round timed out queue behind the others for a slot. The store is only
 * touched per account once that account's round is over.
 *
 * A reload (`update`) swaps collectors and accounts in place: rounds of unchanged (collector,
 * account) pairs go on and keep their schedule; new pairs start within the usual jitter window.
 */
export class Scheduler {
  private readonly semaphore: Semaphore;
  private readonly clock: Timers;
  /** Aborted by stop(): no tick starts rounds any more. */
  private readonly shutdown = new AbortController();
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Running>();
  /** Time between two runs, per cron expression: computed once, not on every round. */
  private readonly intervals = new Map<string, number>();
  private readonly statuses = new Map<string, RoundStatus>();
  /** When each (collector, account) last succeeded, on the scheduler clock: what staleness is judged by. */
  private readonly lastGood = new Map<string, number>();
  private readonly failingScans = new FailingScans();
  /** Accounts whose last round of a collector timed out: they wait behind the others for a slot. */
  private readonly slow = new Set<string>();
  private collectors: readonly ScheduledCollector[];
  private accounts: readonly AccountRuntime[];
  private stalenessIntervals: number;
  private concurrency: number;
  private started = false;
  private isReady = false;
  private readyWaiters: Array<() => void> = [];
  private readinessTimer: unknown;

  constructor(private readonly options: SchedulerOptions) {
    this.semaphore = new Semaphore(options.concurrency);
    this.clock = options.clock ?? realTimers;
    this.collectors = options.collectors;
    this.accounts = options.accounts;
    this.stalenessIntervals = options.stalenessIntervals;
    this.concurrency = options.concurrency;
    this.forgetOthers();
  }

  /**
   * Starts the first round of every (collector, account) at once and the schedules. Ready once
   * every first round has ended, or once the longest collector timeout has passed: accounts
   * that hang (or wait for a slot behind hanging ones) do not hold readiness longer.
   */
  start(): void {
    this.started = true;
    const firsts = this.collectors.flatMap((scheduled) => this.tick(scheduled, 0));
    const longest = Math.max(0, ...this.collectors.map((c) => c.timeoutSeconds));
    this.readinessTimer = this.clock.setTimeout(() => this.markReady(), longest * 1000 + READY_GRACE_MS);
    void Promise.all(firsts).then(() => this.markReady());
    this.schedule();
  }

  /** Resolves once ready (see `start`). */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  ready(): boolean {
    return this.isReady;
  }

  status(): RoundStatus[] {
    return [...this.statuses.values()].sort(
      (a, b) => a.account.localeCompare(b.account) || a.collector.localeCompare(b.collector),
    );
  }

  /**
   * Applies a reloaded configuration. Nothing here can fail: everything was built beforehand.
   * Rounds of removed accounts, of replaced account runtimes (new credentials or endpoint) and of
   * collectors whose settings changed are called off without counting as failures; series of
   * removed accounts go at once.
   */
  update(next: SchedulerUpdate): void {
    if (this.shutdown.signal.aborted) return;
    const previous = new Map(this.collectors.map((c) => [c.collector.name, c]));
    const fingerprints = new Map(next.collectors.map((c) => [c.collector.name, fingerprintOf(c)]));
    const accounts = new Set(next.accounts);
    for (const round of this.running.values()) {
      if (!accounts.has(round.account)) round.cancel.abort(new RoundCancelledError('account reloaded'));
      else if (fingerprints.get(round.scheduled.collector.name) !== fingerprintOf(round.scheduled))
        round.cancel.abort(new RoundCancelledError('collector reloaded'));
    }
    const known = new Set(
      this.accounts.flatMap((a) =>
        this.collectors.map((c) => `${key(c.collector.name, a.name)}\0${fingerprintOf(c)}`),
      ),
    );
    const oldRuntimes = new Set(this.accounts);
    this.collectors = next.collectors;
    this.accounts = next.accounts;
    this.stalenessIntervals = next.stalenessIntervals;
    this.concurrency = next.concurrency;
    this.semaphore.resize(next.concurrency);
    this.forgetOthers();
    if (!this.started) return;
    const schedulesChanged =
      next.collectors.length !== previous.size ||
      next.collectors.some((c) => previous.get(c.collector.name)?.schedule !== c.schedule);
    if (schedulesChanged) this.reschedule();
    // New pairs (new account, new credentials, changed collector) start now, spread over the
    // jitter window like any scheduled round: a reload never fires every account at once.
    for (const scheduled of this.collectors) {
      const fresh = this.accounts.filter(
        (a) =>
          !oldRuntimes.has(a) ||
          !known.has(`${key(scheduled.collector.name, a.name)}\0${fingerprintOf(scheduled)}`),
      );
      this.tick(scheduled, this.jitterWindow(scheduled), fresh);
    }
  }

  /** Stops the schedules, lets running rounds finish for up to `deadlineMs`, then aborts them. */
  async stop(deadlineMs: number): Promise<void> {
    this.clock.clearTimeout(this.readinessTimer);
    await this.unschedule();
    const inFlight = Promise.all([...this.running.values()].map((r) => r.done));
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, deadlineMs);
    });
    await Promise.race([inFlight, deadline]);
    this.clock.clearTimeout(timer);
    const reason = new RoundCancelledError('exporter shutting down');
    this.shutdown.abort(reason);
    for (const round of this.running.values()) round.cancel.abort(reason);
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /**
   * Starts a round of `scheduled` for every account (or those in `only`) that is not still
   * running its previous one; resolves when the rounds it started have ended.
   */
  triggerRound(scheduled: ScheduledCollector, first: boolean): Promise<void> {
    return Promise.all(this.tick(scheduled, first ? 0 : this.jitterWindow(scheduled))).then(() => undefined);
  }

  private tick(
    scheduled: ScheduledCollector,
    jitterWindowMs: number,
    only: readonly AccountRuntime[] = this.accounts,
  ): Promise<void>[] {
    if (this.shutdown.signal.aborted) return [];
    const collector = scheduled.collector.name;
    const started: Promise<void>[] = [];
    for (const account of only) {
      const k = key(collector, account.name);
      // A round called off by a reload is on its way out and does not hold the new one back.
      if (this.running.get(k)?.cancel.signal.aborted === false) {
        this.options.metrics.roundSkipped(collector, account.name);
        this.options.log.warn(
          { collector, account: account.name },
          'previous round of this account still running; skipping this one',
        );
        continue;
      }
      const cancel = new AbortController();
      const done = this.runAccount(scheduled, account, jitterWindowMs * spread(account.name), cancel).finally(
        () => {
          if (this.running.get(k)?.done === done) this.running.delete(k);
        },
      );
      this.running.set(k, { scheduled, account, cancel, done });
      started.push(done);
    }
    if (started.length > 0) {
      const begun = this.clock.now();
      void Promise.all(started).then(() =>
        this.options.log.debug(
          { collector, accounts: started.length, seconds: (this.clock.now() - begun) / 1000 },
          'round finished',
        ),
      );
    }
    return started;
  }

  private schedule(): void {
    for (const scheduled of this.collectors) {
      const task = cron.schedule(
        scheduled.schedule,
        () => {
          const current = this.current(scheduled.collector.name);
          if (current) void this.triggerRound(current, false);
        },
        { name: scheduled.collector.name },
      );
      this.tasks.push(task);
    }
  }

  private reschedule(): void {
    const old = this.tasks.splice(0);
    for (const task of old) void task.destroy();
    this.schedule();
  }

  private async unschedule(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
  }

  /** The collector of that name as configured now (a cron task outlives reloads that keep its schedule). */
  private current(name: string): ScheduledCollector | undefined {
    return this.collectors.find((c) => c.collector.name === name);
  }

  private markReady(): void {
    if (this.isReady) return;
    this.isReady = true;
    this.clock.clearTimeout(this.readinessTimer);
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  private intervalMs(schedule: string): number {
    let intervalMs = this.intervals.get(schedule);
    if (intervalMs === undefined) {
      intervalMs = scheduleIntervalMs(schedule);
      this.intervals.set(schedule, intervalMs);
    }
    return intervalMs;
  }

  private jitterWindow(scheduled: ScheduledCollector): number {
    return Math.min(this.intervalMs(scheduled.schedule) / 10, this.options.maxJitterMs ?? 5000);
  }

  /**
   * Drops series, statuses and collector gauges of accounts no longer configured; the skip
   * counters of configured ones exist from the start, at 0, so that `increase()` works at once.
   */
  private forgetOthers(): void {
    const names = new Set(this.accounts.map((a) => a.name));
    for (const scheduled of this.collectors) {
      for (const name of names) this.options.metrics.roundSkipped(scheduled.collector.name, name, 0);
    }
    this.options.store.retainAccounts(names);
    this.options.failureLog.retainAccounts(names);
    this.failingScans.retainAccounts(names);
    const forgotten = new Set<string>();
    for (const [k, status] of this.statuses) {
      if (!names.has(status.account)) {
        this.statuses.delete(k);
        this.slow.delete(k);
        this.lastGood.delete(k);
        forgotten.add(status.account);
      }
    }
    for (const account of forgotten) this.options.metrics.forgetAccount(account);
  }

  private async runAccount(
    scheduled: ScheduledCollector,
    account: AccountRuntime,
    delayMs: number,
    cancel: AbortController,
  ): Promise<void> {
    const { log } = this.options;
    const collector = scheduled.collector.name;
    // Shutdown aborts every running round's own controller (see stop): no composed signal needed.
    const signal = cancel.signal;
    setMaxListeners(0, signal);
    const k = key(collector, account.name);
    try {
      if (delayMs > 0) await abortableSleep(delayMs, signal, this.clock);
      const release = await this.semaphore.acquire(signal, this.slow.has(k));
      let result: AccountRoundResult;
      try {
        result = await runAccountRound(
          scheduled.collector,
          account.caller,
          scheduled.timeoutSeconds,
          signal,
          (action, issue) => {
            this.options.metrics.fieldIssue(account.name, action, issue.field);
            log.debug(
              { collector, account: account.name, action, field: issue.field, problem: issue.problem },
              'unexpected field in API response',
            );
          },
          this.clock,
        );
      } finally {
        release();
      }
      // Called off by a reload or shutdown: not the account's failure, nothing to record. The
      // account may also have been removed by a reload while its round ran.
      if ((!result.ok && result.cancelled) || !this.accounts.includes(account)) return;
      this.record(scheduled, account, result);
    } catch (error) {
      if (!signal.aborted)
        log.error({ collector, account: account.name, err: error }, 'unexpected scheduler error');
    }
  }

  private record(scheduled: ScheduledCollector, account: AccountRuntime, result: AccountRoundResult): void {
    const { store, metrics, log } = this.options;
    const collector = scheduled.collector.name;
    const now = new Date();
    // Staleness is judged on the scheduler's clock (a fake one in tests), the statuses show wall time.
    const at = this.clock.now();
    const k = key(collector, account.name);
    const previous = this.statuses.get(k);
    metrics.observeRound(collector, account.name, result.ok, result.durationSeconds, now);
    const staleAfterMs = this.intervalMs(scheduled.schedule) * this.stalenessIntervals;
    if (result.ok) {
      this.slow.delete(k);
      this.failingScans.answered(collector, account.name);
      store.replace(collector, account.name, result.samples);
      this.lastGood.set(k, at);
      this.options.failureLog.succeeded(collector, account.name);
      this.statuses.set(k, {
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
    if (result.code === 'Timeout') this.slow.add(k);
    else this.slow.delete(k);
    const lastSuccess = previous?.lastSuccess;
    if (result.partial) {
      // Some scans answered: theirs are replaced, the failed ones keep their last good series.
      const merged = this.failingScans.merge(
        collector,
        account.name,
        store.samples(collector, account.name) ?? [],
        result.partial,
        at,
        staleAfterMs,
      );
      store.replace(collector, account.name, merged);
    } else if (
      lastSuccess &&
      at - (this.lastGood.get(k) ?? at - (now.getTime() - lastSuccess.getTime())) > staleAfterMs &&
      store.drop(collector, account.name)
    ) {
      log.warn({ collector, account: account.name }, 'last good series are stale and were dropped');
    }
    this.statuses.set(k, {
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
  }
}

function fingerprintOf(scheduled: ScheduledCollector): string {
  return scheduled.fingerprint ?? `${scheduled.schedule}\0${scheduled.timeoutSeconds}`;
}

/** The time between two runs of a cron expression (the shortest gap, for irregular ones). */
export const scheduleIntervalMs = shortestIntervalMs;

/** A stable 0..1 fraction per account, so each account starts at the same offset every round. */
function spread(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) / 0x1_0000_0000;
}
