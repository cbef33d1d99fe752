import type { Logger } from 'pino';

export interface FailureLogOptions {
  readonly log: Logger;
  /** While a failure lasts unchanged, its warning repeats at most this often; 0: every round. */
  readonly repeatIntervalMs: number;
  /** Milliseconds; injectable so tests can run many rounds without waiting. */
  readonly now?: () => number;
}

interface Streak {
  code: string;
  /** When the last warning of this streak was written. */
  warnedAt: number;
  /** Failed rounds since that warning (it included). */
  sinceWarning: number;
  /** Failed rounds since the account last succeeded, whatever their codes. */
  rounds: number;
}

/**
 * Logs collection failures per (collector, account) so that one account that fails for days
 * does not drown every other line: a warning when its state changes (first failure, a different
 * error code), then at most one per interval while it lasts, carrying how many rounds failed
 * since the previous one, and one info line when it recovers. At debug level every failed round
 * is still logged. The state outlives config reloads (the exporter keeps one instance).
 */
export class FailureLog {
  private readonly streaks = new Map<string, Streak>();
  private readonly now: () => number;

  constructor(private readonly options: FailureLogOptions) {
    this.now = options.now ?? Date.now;
  }

  failed(collector: string, account: string, code: string, message: string): void {
    const key = `${collector}\0${account}`;
    const now = this.now();
    const streak = this.streaks.get(key);
    const fields = { collector, account, code, err: message };
    if (streak === undefined || streak.code !== code) {
      const previous = streak === undefined ? {} : { previous_code: streak.code };
      this.streaks.set(key, { code, warnedAt: now, sinceWarning: 1, rounds: (streak?.rounds ?? 0) + 1 });
      this.options.log.warn({ ...fields, ...previous }, 'collection failed');
      return;
    }
    streak.rounds++;
    streak.sinceWarning++;
    if (now - streak.warnedAt >= this.options.repeatIntervalMs) {
      // Rounds since the last warning line, this one included.
      this.options.log.warn({ ...fields, failed_rounds: streak.sinceWarning - 1 }, 'collection failed');
      streak.warnedAt = now;
      streak.sinceWarning = 1;
      return;
    }
    this.options.log.debug(fields, 'collection failed');
  }

  succeeded(collector: string, account: string): void {
    const key = `${collector}\0${account}`;
    const streak = this.streaks.get(key);
    if (streak === undefined) return;
    this.streaks.delete(key);
    this.options.log.info(
      { collector, account, failed_rounds: streak.rounds, last_code: streak.code },
      'collection recovered',
    );
  }

  /** Forgets accounts no longer configured (their streaks would never end). */
  retainAccounts(names: ReadonlySet<string>): void {
    for (const key of this.streaks.keys()) {
      if (!names.has(key.slice(key.indexOf('\0') + 1))) this.streaks.delete(key);
    }
  }
}
