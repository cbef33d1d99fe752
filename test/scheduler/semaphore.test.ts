import { Semaphore } from '../../src/scheduler/semaphore.js';

describe('Semaphore', () => {
  test('never lets more than N holders in, and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const release = await sem.acquire();
        order.push(i);
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setImmediate(r));
        active--;
        release();
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('an aborted waiter leaves the queue and gets the abort reason', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    const again = await sem.acquire();
    again();
  });

  test('releasing twice frees only one permit', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    const a = await sem.acquire();
    let second = false;
    void sem.acquire().then(() => {
      second = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(false);
    a();
  });

  test.each([0, -1, 1.5])('rejects %p permits', (n) => {
    expect(() => new Semaphore(n)).toThrow(RangeError);
  });
});

describe('Semaphore priorities and resize', () => {
  test('low-priority waiters are served only when no normal waiter is left', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const order: string[] = [];
    const take = (name: string, low: boolean) =>
      sem.acquire(undefined, low).then((r) => {
        order.push(name);
        r();
      });
    const all = Promise.all([
      take('slow1', true),
      take('slow2', true),
      take('fast1', false),
      take('fast2', false),
    ]);
    release();
    await all;
    expect(order).toEqual(['fast1', 'fast2', 'slow1', 'slow2']);
  });

  test('resize grants waiters at once when raised and lets holders finish when lowered', async () => {
    const sem = new Semaphore(1);
    const first = await sem.acquire();
    let second: (() => void) | undefined;
    const waiting = sem.acquire().then((r) => {
      second = r;
    });
    sem.resize(2);
    await waiting;
    expect(second).toBeDefined();
    sem.resize(1);
    let third = false;
    const later = sem.acquire().then((r) => {
      third = true;
      r();
    });
    first();
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false); // two were held, the limit is one: the first release frees nothing
    second!();
    await later;
    expect(third).toBe(true);
  });
});
