/**
 * Per (account, action) sliding one-second windows: one of admitted requests (the limit) and
 * one of all arrivals (for `maxRequestsInAnySecond`, which benchmarks use to check clients).
 */
const WINDOW_MS = 1000;

/** Timestamps in arrival order; old ones are dropped from the front. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  /** Count of timestamps in (nowMs - 1 s, nowMs]. */
  count(nowMs: number): number {
    const from = nowMs - WINDOW_MS;
    while (this.head < this.times.length && this.times[this.head]! <= from) this.head++;
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(nowMs: number): void {
    this.times.push(nowMs);
  }
}

export class RateLimiter {
  private readonly admitted = new Map<string, SlidingWindow>();
  private readonly arrivals = new Map<string, SlidingWindow>();
  private readonly maxArrivals = new Map<string, number>();

  constructor(private readonly limitPerSecond: number) {}

  /** Records one request under `key`; false when it exceeds the limit. */
  admit(key: string, nowMs: number): boolean {
    const arrivals = windowFor(this.arrivals, key);
    arrivals.add(nowMs);
    const seen = arrivals.count(nowMs);
    if (seen > (this.maxArrivals.get(key) ?? 0)) this.maxArrivals.set(key, seen);

    const admitted = windowFor(this.admitted, key);
    if (admitted.count(nowMs) >= this.limitPerSecond) return false;
    admitted.add(nowMs);
    return true;
  }

  maxRequestsInAnySecond(): Record<string, number> {
    return Object.fromEntries(this.maxArrivals);
  }

  /** Forgets the observed maxima (the limit itself keeps its memory of the last second). */
  resetMaxima(): void {
    this.arrivals.clear();
    this.maxArrivals.clear();
  }
}

function windowFor(map: Map<string, SlidingWindow>, key: string): SlidingWindow {
  let window = map.get(key);
  if (!window) {
    window = new SlidingWindow();
    map.set(key, window);
  }
  return window;
}
