import cron from 'node-cron';

/** Runs looked at: enough to see the short gap of schedules such as `0 0,1 * * * *`. */
const RUNS = 8;

/**
 * The shortest time between two runs of a (valid) cron expression over its next few runs. A
 * round must end within it, or the next tick of the same account finds it still running.
 */
export function shortestIntervalMs(expression: string): number {
  const task = cron.createTask(expression, () => undefined);
  try {
    const runs = task.getNextRuns(RUNS).map((d) => d.getTime());
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < runs.length; i++) shortest = Math.min(shortest, runs[i]! - runs[i - 1]!);
    return Number.isFinite(shortest) ? shortest : 60_000;
  } finally {
    void task.destroy();
  }
}

/** Share of the interval an unset `timeout_seconds` may take: the rest absorbs start jitter. */
const DEFAULT_TIMEOUT_SHARE = 0.9;

/** `timeout_seconds` when the file sets none: the collector's default, shortened to fit the schedule. */
export function defaultTimeoutSeconds(fallback: number, schedule: string): number {
  return Math.min(fallback, (shortestIntervalMs(schedule) * DEFAULT_TIMEOUT_SHARE) / 1000);
}
