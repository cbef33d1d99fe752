/** The clock the limiter reads and the timers it sets; replaceable in tests. */
export interface LimiterClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending wait must not keep the process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The API counts requests in a sliding one-second window; a little more than a second keeps
 * network jitter from ever letting the server see limit + 1 within its window.
 */
export const DEFAULT_WINDOW_MS = 1_030;

export interface SlidingWindowLimiterOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs?: number;
  readonly clock?: LimiterClock;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * At most `limit` grants in any `windowMs` interval. Unlike a token bucket (which allows a
 * burst of N right after N requests in the previous second), this never exceeds N in any
 * window. Waiters are served first come, first served.
 */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: LimiterClock;
  /** Times of the grants still inside the window, oldest first. */
  private readonly grants: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: unknown;

  constructor(options: SlidingWindowLimiterOptions) {
    if (!Number.isFinite(options.limit) || options.limit < 1) {
      throw new RangeError(`limit must be at least 1, got ${options.limit}`);
    }
    this.limit = Math.floor(options.limit);
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.clock = options.clock ?? realClock;
  }

  /** Resolves when the caller may send; rejects with the signal's reason if aborted first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.tryGrant()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => this.abandon(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Callers currently waiting. */
  get waiting(): number {
    return this.queue.length;
  }

  private tryGrant(): boolean {
    const now = this.clock.now();
    while (this.grants.length > 0 && now - this.grants[0]! >= this.windowMs) this.grants.shift();
    if (this.grants.length >= this.limit) return false;
    this.grants.push(now);
    return true;
  }

  private drain = (): void => {
    this.timer = undefined;
    while (this.queue.length > 0 && this.tryGrant()) {
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const oldest = this.grants[0];
    const delay = oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - this.clock.now());
    this.timer = this.clock.setTimeout(this.drain, delay);
  }

  private abandon(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    if (this.queue.length === 0 && this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    waiter.reject(waiter.signal?.reason);
  }
}
