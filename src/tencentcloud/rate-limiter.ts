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
export const DEFAULT_WINDOW_MS = 1_050;

/** One granted request. */
export interface Permit {
  /**
   * Restarts this permit's window now, when the request actually leaves. A request that first
   * had to open a connection reaches the server late; counting it from its grant would let a
   * later request on a warm connection land less than a window after it.
   */
  markSent(): void;
}

interface Grant extends Permit {
  at: number;
}

export interface SlidingWindowLimiterOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs?: number;
  readonly clock?: LimiterClock;
}

interface Waiter {
  resolve(permit: Permit): void;
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
  /** Grants still inside the window (a handful: at most `limit`). */
  private grants: Grant[] = [];
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
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const granted = this.queue.length === 0 ? this.tryGrant() : undefined;
    if (granted) return Promise.resolve(granted);
    return new Promise<Permit>((resolve, reject) => {
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

  private tryGrant(): Grant | undefined {
    const now = this.clock.now();
    this.grants = this.grants.filter((grant) => now - grant.at < this.windowMs);
    if (this.grants.length >= this.limit) return undefined;
    const grant: Grant = {
      at: now,
      markSent: () => {
        grant.at = Math.max(grant.at, this.clock.now());
      },
    };
    this.grants.push(grant);
    return grant;
  }

  private drain = (): void => {
    this.timer = undefined;
    while (this.queue.length > 0) {
      const grant = this.tryGrant();
      if (!grant) break;
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(grant);
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const oldest = Math.min(...this.grants.map((grant) => grant.at));
    // A permit marked sent after this timer was set only makes drain() find no room and re-arm.
    const delay = Number.isFinite(oldest) ? Math.max(0, oldest + this.windowMs - this.clock.now()) : 0;
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
