/**
 * A FIFO counting semaphore: the global limit on account rounds running at once. Waiters asking
 * with `low` priority are served only when no normal waiter is left, so that accounts whose last
 * round timed out cannot hold back the healthy ones.
 */
export class Semaphore {
  private permits: number;
  private available: number;
  private readonly waiters: Array<() => void> = [];
  private readonly lowWaiters: Array<() => void> = [];

  constructor(permits: number) {
    checkPermits(permits);
    this.permits = permits;
    this.available = permits;
  }

  /** Resolves with a release function; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal, low = false): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.available > 0) {
      this.available--;
      return Promise.resolve(this.releaser());
    }
    const queue = low ? this.lowWaiters : this.waiters;
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Changes the limit (config reload); holders beyond a lowered limit finish undisturbed. */
  resize(permits: number): void {
    checkPermits(permits);
    this.available += permits - this.permits;
    this.permits = permits;
    while (this.available > 0 && this.grantNext()) this.available--;
  }

  private grantNext(): boolean {
    const next = this.waiters.shift() ?? this.lowWaiters.shift();
    next?.();
    return next !== undefined;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.available < 0 || !this.grantNext()) this.available++;
    };
  }
}

function checkPermits(permits: number): void {
  if (!Number.isInteger(permits) || permits < 1)
    throw new RangeError(`permits must be a positive integer, got ${permits}`);
}
