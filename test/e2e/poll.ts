/** Bounded waiting: every wait in the end-to-end test ends with a descriptive error. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly lastProblem: string,
  ) {
    super(`timed out after ${waitedMs} ms waiting for ${what}; last: ${lastProblem}`);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, or throws a
 * WaitTimeoutError after `timeoutMs`. A probe that throws counts as "not yet" (its message is
 * kept for the timeout error), since services refuse connections while they start.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const start = Date.now();
  let lastProblem = 'no attempt finished';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastProblem = 'not yet';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    const waited = Date.now() - start;
    if (waited >= timeoutMs) throw new WaitTimeoutError(what, waited, lastProblem);
    await sleep(Math.min(intervalMs, timeoutMs - waited));
  }
}
