import { assignShard, ownsAccount } from '../../src/shard/assign.js';
import { ShardArgumentError } from '../../src/shard/errors.js';

const NAMES = Array.from({ length: 1000 }, (_, i) => `account-${i}`);
const COUNTS = Array.from({ length: 10 }, (_, i) => i + 1);

/** Shard of every name for one count, computed once per count to keep the file fast. */
const assignments = new Map<number, number[]>(
  [...COUNTS, 11].map((count) => [count, NAMES.map((name) => assignShard(name, count))]),
);
const shardsFor = (count: number): number[] => assignments.get(count)!;

describe('ownsAccount', () => {
  test.each(COUNTS)('with %i shards every account is owned by exactly one shard', (count) => {
    for (const name of NAMES) {
      const owners = Array.from({ length: count }, (_, index) => index).filter((index) =>
        ownsAccount(name, index, count),
      );
      expect(owners).toEqual([assignShard(name, count)]);
    }
  });

  test('a single shard owns everything', () => {
    expect(NAMES.every((name) => ownsAccount(name, 0, 1))).toBe(true);
  });

  test.each([
    [-1, 3],
    [3, 3],
    [1.5, 3],
    [0, 0],
    [0, -2],
    [0, Number.NaN],
  ])('rejects index %p of count %p', (index, count) => {
    expect(() => ownsAccount('prod', index, count)).toThrow(ShardArgumentError);
  });
});

describe('assignShard', () => {
  test('is stable across calls', () => {
    for (const count of COUNTS) {
      expect(NAMES.map((name) => assignShard(name, count))).toEqual(shardsFor(count));
    }
  });

  test('does not depend on the order or set of other accounts', () => {
    expect(assignShard('account-7', 5)).toBe(shardsFor(5)[7]);
  });

  test.each(COUNTS)('going from %i to one more shard moves few accounts, all to the new shard', (count) => {
    const before = shardsFor(count);
    const after = shardsFor(count + 1);
    const movedTo = NAMES.flatMap((_, i) => (before[i] !== after[i] ? [after[i]] : []));
    expect(movedTo.every((shard) => shard === count)).toBe(true);
    expect(movedTo.length).toBeLessThanOrEqual((1.5 / (count + 1)) * NAMES.length);
    // Some accounts must move, or the new replica would sit idle.
    expect(movedTo.length).toBeGreaterThan(0);
  });

  test.each(COUNTS)('with %i shards each shard gets within 30%% of an even share', (count) => {
    const sizes = new Array<number>(count).fill(0);
    for (const shard of shardsFor(count)) sizes[shard]! += 1;
    const even = NAMES.length / count;
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(even * 0.7);
      expect(size).toBeLessThanOrEqual(even * 1.3);
    }
  });

  test('accepts empty and non-ASCII names', () => {
    expect(assignShard('', 4)).toBeGreaterThanOrEqual(0);
    expect(assignShard('账号-生产', 4)).toBeLessThan(4);
  });

  test.each([0, -1, 2.5, Number.POSITIVE_INFINITY])('rejects count %p', (count) => {
    expect(() => assignShard('prod', count)).toThrow(ShardArgumentError);
  });
});
