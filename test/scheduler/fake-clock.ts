import type { Timers } from '../../src/util/abort.js';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

/** A clock that moves only when told: timers fire in order as `advance` passes them. */
export class FakeClock implements Timers {
  private ms = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return this.ms;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.ms + Math.max(0, ms), callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as Timer);
  }

  /** Moves time forward, firing due timers one by one and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const until = this.ms + ms;
    for (;;) {
      await flush();
      const next = [...this.timers].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers.delete(next);
      this.ms = next.at;
      next.callback();
    }
    this.ms = until;
    await flush();
  }
}

/** Lets every pending promise chain run (a few macrotask turns). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
