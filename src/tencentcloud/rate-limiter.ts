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
 * timer and clock jitter from ever letting the server see limit + 1 within its window.
 */
export const DEFAULT_WINDOW_MS = 1_030;

/**
 * A request still unanswered this long after it left is assumed to have reached the server by
 * then, so that hung requests do not block the limiter until they time out.
 */
export const DEFAULT_IN_FLIGHT_BOUND_MS = 1_000;

/**
 * One granted request. Until it is marked sent it occupies its place indefinitely (it could
 * still arrive at any moment); `done()` must be called once it has finished, however it ended.
 */
export interface Permit {
  /** The request was written to its socket (after any connection set-up). */
  markSent(): void;
  /** The answer arrived or the request failed: it reached the server by now, if at all. */
  done(): void;
}

interface Grant {
  /** Latest time the server may have counted this request; Infinity while unknown. */
  at: number;
  sentAt?: number;
}

export interface SlidingWindowLimiterOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs?: number;
  readonly inFlightBoundMs?: number;
  /** Round trips observed before the fastest of them is trusted as pure latency; default `limit` (one window's worth). */
  readonly rttSamples?: number;
  readonly clock?: LimiterClock;
}

interface Waiter {
  resolve(permit: Permit): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * At most `limit` requests reach the server in any `windowMs`. Unlike a token bucket (which
 * allows a burst of N right after N requests in the previous second), a sliding window never
 * exceeds N. Waiters are served first come, first served.
 *
 * The server counts a request when it arrives, which we cannot see: somewhere between sending
 * it and reading the answer. A request that had to open a connection, or waited in a busy
 * server's queue, is counted late; a later one on a warm connection must still land a whole
 * window after it. So each request counts from its answer minus the fastest round trip seen
 * lately (the part of the latency every request has): with steady latency that is its send
 * time, with jitter the jitter is added. Until enough round trips are known, from its answer.
 */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly inFlightBoundMs: number;
  private readonly rttSamples: number;
  private readonly clock: LimiterClock;
  /** Grants that may still count in the server's window (at most `limit`). */
  private grants: Grant[] = [];
  private readonly queue: Waiter[] = [];
  /** The latest round trips, oldest first. */
  private readonly rtts: number[] = [];
  private timer: unknown;

  constructor(options: SlidingWindowLimiterOptions) {
    if (!Number.isFinite(options.limit) || options.limit < 1) {
      throw new RangeError(`limit must be at least 1, got ${options.limit}`);
    }
    this.limit = Math.floor(options.limit);
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.inFlightBoundMs = options.inFlightBoundMs ?? DEFAULT_IN_FLIGHT_BOUND_MS;
    this.rttSamples = Math.max(1, options.rttSamples ?? this.limit);
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

  private tryGrant(): Permit | undefined {
    const now = this.clock.now();
    this.grants = this.grants.filter((grant) => now - grant.at < this.windowMs);
    if (this.grants.length >= this.limit) return undefined;
    const grant: Grant = { at: Number.POSITIVE_INFINITY };
    this.grants.push(grant);
    return {
      markSent: () => {
        if (grant.sentAt !== undefined) return;
        grant.sentAt = this.clock.now();
        this.settle(grant, grant.sentAt + this.inFlightBoundMs);
      },
      done: () => this.finish(grant),
    };
  }

  private finish(grant: Grant): void {
    const now = this.clock.now();
    if (grant.sentAt === undefined) {
      this.settle(grant, now);
      return;
    }
    const credit = this.rtts.length >= this.rttSamples ? Math.min(...this.rtts) : 0;
    this.rtts.push(now - grant.sentAt);
    if (this.rtts.length > this.rttSamples) this.rtts.shift();
    this.settle(grant, Math.max(grant.sentAt, now - credit));
  }

  /** Narrows when a grant may have arrived; earlier bounds can free a place sooner. */
  private settle(grant: Grant, latest: number): void {
    if (latest >= grant.at) return;
    grant.at = latest;
    if (this.queue.length === 0) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  private drain = (): void => {
    this.timer = undefined;
    while (this.queue.length > 0) {
      const permit = this.tryGrant();
      if (!permit) break;
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(permit);
    }
    this.schedule();
  };

  /** Wakes up when the oldest known grant leaves the window; unknown ones wake us via settle(). */
  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const oldest = Math.min(...this.grants.map((grant) => grant.at));
    if (this.grants.length >= this.limit && !Number.isFinite(oldest)) return;
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
