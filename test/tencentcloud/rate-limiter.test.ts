import { type LimiterClock, type Permit, SlidingWindowLimiter } from '../../src/tencentcloud/rate-limiter.js';

/** Manual clock: timers fire only when the test advances time. */
function manualClock() {
  let now = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: LimiterClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  return {
    clock,
    pendingTimers: () => timers.length,
    async advanceTo(target: number) {
      for (let guard = 0; guard < 10_000; guard++) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.callback();
        await flush();
      }
      now = target;
      await flush();
    },
  };
}

async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Starts `n` acquires and records at which clock time each one was granted. */
function acquireAll(limiter: SlidingWindowLimiter, clock: LimiterClock, n: number, signal?: AbortSignal) {
  const granted: number[] = [];
  const order: number[] = [];
  const promises = Array.from({ length: n }, (_, i) =>
    limiter.acquire(signal).then((permit) => {
      // As if the request went out and was answered at once.
      permit.done();
      granted.push(clock.now());
      order.push(i);
    }),
  );
  return { granted, order, promises };
}

describe('SlidingWindowLimiter', () => {
  it('grants `limit` at once, then one per expiring grant', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1000, clock: t.clock });
    const { granted, order } = acquireAll(limiter, t.clock, 7);
    await flush();
    expect(granted).toEqual([0, 0, 0]);
    await t.advanceTo(999);
    expect(granted).toHaveLength(3);
    await t.advanceTo(1000);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000]);
    await t.advanceTo(2000);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('never allows more than `limit` in any window, unlike a token bucket', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 1000, clock: t.clock });
    const granted: number[] = [];
    // Arrivals spread over time, some bursts.
    const arrivals = [0, 10, 20, 500, 900, 950, 990, 1000, 1001, 1400, 1500, 1999, 2000, 2001, 2002];
    const all: Promise<void>[] = [];
    for (const at of arrivals) {
      await t.advanceTo(at);
      all.push(
        limiter.acquire().then((permit) => {
          permit.done();
          granted.push(t.clock.now());
        }),
      );
      await flush();
    }
    await t.advanceTo(10_000);
    await Promise.all(all);
    expect(granted).toHaveLength(arrivals.length);
    for (const start of granted) {
      expect(granted.filter((g) => g >= start && g < start + 1000).length).toBeLessThanOrEqual(5);
    }
  });

  it('serves waiters in arrival order even when capacity frees up', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 100, clock: t.clock });
    (await limiter.acquire()).done();
    const first = acquireAll(limiter, t.clock, 1);
    await t.advanceTo(100);
    // A newcomer arriving when the first waiter is due does not overtake it.
    const late = acquireAll(limiter, t.clock, 1);
    await flush();
    expect(first.granted).toEqual([100]);
    expect(late.granted).toEqual([]);
    await t.advanceTo(200);
    expect(late.granted).toEqual([200]);
  });

  it('removes an aborted waiter without disturbing the others', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 100, clock: t.clock });
    (await limiter.acquire()).done();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const kept = acquireAll(limiter, t.clock, 1);
    expect(limiter.waiting).toBe(2);
    controller.abort(new Error('gave up'));
    await expect(aborted).rejects.toThrow('gave up');
    expect(limiter.waiting).toBe(1);
    await t.advanceTo(100);
    expect(kept.granted).toEqual([100]);
  });

  it('clears its timer when the last waiter leaves', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 100, clock: t.clock });
    (await limiter.acquire()).done();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(t.pendingTimers()).toBe(1);
    controller.abort(new Error('x'));
    await expect(waiting).rejects.toThrow('x');
    expect(t.pendingTimers()).toBe(0);
  });

  it('holds the place of a request not yet sent, then of one still unanswered', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({
      limit: 1,
      windowMs: 1000,
      inFlightBoundMs: 500,
      clock: t.clock,
    });
    const connecting = await limiter.acquire();
    const next = acquireAll(limiter, t.clock, 1);
    await t.advanceTo(5000);
    expect(next.granted).toEqual([]);
    expect(t.pendingTimers()).toBe(0);
    // It finally leaves at 5000 and gets no answer: assumed to have arrived by 5500.
    connecting.markSent();
    await t.advanceTo(6499);
    expect(next.granted).toEqual([]);
    await t.advanceTo(6500);
    expect(next.granted).toEqual([6500]);
  });

  it('counts from the answer while the round trip is unknown', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1000, clock: t.clock });
    const permit = await limiter.acquire();
    const next = acquireAll(limiter, t.clock, 1);
    await t.advanceTo(100);
    permit.markSent();
    await t.advanceTo(300);
    permit.done();
    // Sent at 100, answered at 300: it may have been counted as late as 300.
    await t.advanceTo(1299);
    expect(next.granted).toEqual([]);
    await t.advanceTo(1300);
    expect(next.granted).toEqual([1300]);
  });

  it('credits the steady part of the latency once enough round trips are known', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1000, rttSamples: 2, clock: t.clock });
    /** Waits for a permit (running the clock up to `until`), sends at once, answers after `latency`. */
    const roundTrip = async (until: number, latency: number) => {
      let permit: Permit | undefined;
      void limiter.acquire().then((p) => {
        permit = p;
      });
      for (let at = t.clock.now(); !permit && at <= until; at++) await t.advanceTo(at);
      const sent = t.clock.now();
      permit!.markSent();
      await t.advanceTo(sent + latency);
      permit!.done();
      return sent;
    };
    // The first two 150 ms round trips count from their answers.
    expect(await roundTrip(0, 150)).toBe(0);
    expect(await roundTrip(2000, 150)).toBe(1150);
    // Then the 150 ms every request has is credited: counted from its send time.
    expect(await roundTrip(3000, 150)).toBe(2300);
    expect(await roundTrip(4000, 400)).toBe(3300);
    // Jitter beyond the fastest round trip is not credited: 3700 - 150 + 1000.
    expect(await roundTrip(5000, 10)).toBe(4550);
  });

  it('never moves a permit later', async () => {
    const t = manualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1000, clock: t.clock });
    const permit = await limiter.acquire();
    const next = acquireAll(limiter, t.clock, 1);
    await t.advanceTo(10);
    permit.done();
    await t.advanceTo(20);
    permit.markSent();
    permit.done();
    await t.advanceTo(1009);
    expect(next.granted).toEqual([]);
    await t.advanceTo(1010);
    expect(next.granted).toEqual([1010]);
  });

  it('rejects at once with an already aborted signal', async () => {
    const limiter = new SlidingWindowLimiter({ limit: 1 });
    await expect(limiter.acquire(AbortSignal.abort(new Error('before')))).rejects.toThrow('before');
  });

  it('rejects a limit below 1', () => {
    expect(() => new SlidingWindowLimiter({ limit: 0 })).toThrow(RangeError);
  });

  it('works with the real clock', async () => {
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 30 });
    const take = () => limiter.acquire().then((permit) => permit.done());
    await Promise.all([take(), take(), take()]);
    expect(limiter.waiting).toBe(0);
  });
});
