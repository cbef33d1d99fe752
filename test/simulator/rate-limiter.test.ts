import { RateLimiter } from '../../src/simulator/rate-limiter.js';

describe('RateLimiter', () => {
  it('admits 20 requests in one second and throttles the 21st', () => {
    const limiter = new RateLimiter(20);
    const results = Array.from({ length: 21 }, (_, i) => limiter.admit('a/X', 1000 + i * 10));
    expect(results.slice(0, 20).every(Boolean)).toBe(true);
    expect(results[20]).toBe(false);
  });

  it('slides: a request is admitted again once the oldest admitted one is a second old', () => {
    const limiter = new RateLimiter(2);
    expect(limiter.admit('k', 0)).toBe(true);
    expect(limiter.admit('k', 500)).toBe(true);
    expect(limiter.admit('k', 999)).toBe(false);
    expect(limiter.admit('k', 1000)).toBe(true); // the request at 0 left the window (t-1000, t]
    expect(limiter.admit('k', 1400)).toBe(false);
    expect(limiter.admit('k', 1500)).toBe(true);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1);
    expect(limiter.admit('a/X', 0)).toBe(true);
    expect(limiter.admit('a/Y', 0)).toBe(true);
    expect(limiter.admit('b/X', 0)).toBe(true);
    expect(limiter.admit('a/X', 0)).toBe(false);
  });

  it('records the most requests seen in any second, throttled ones included, until reset', () => {
    const limiter = new RateLimiter(3);
    for (let i = 0; i < 5; i++) limiter.admit('a/X', i * 100);
    for (let i = 0; i < 2; i++) limiter.admit('a/X', 5000 + i);
    expect(limiter.maxRequestsInAnySecond()).toEqual({ 'a/X': 5 });
    limiter.resetMaxima();
    limiter.admit('a/X', 9000);
    expect(limiter.maxRequestsInAnySecond()).toEqual({ 'a/X': 1 });
  });

  it('stays bounded over a long run', () => {
    const limiter = new RateLimiter(20);
    let admitted = 0;
    for (let ms = 0; ms < 60_000; ms += 5) if (limiter.admit('k', ms)) admitted++;
    expect(admitted).toBe(60 * 20);
  });
});
