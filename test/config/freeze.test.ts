import { deepFreeze } from '../../src/config/load.js';

test('freezes nested objects and arrays, returns the same value', () => {
  const value = { a: { b: [1, { c: 2 }] }, d: 'x' };
  expect(deepFreeze(value)).toBe(value);
  expect(Object.isFrozen(value)).toBe(true);
  expect(Object.isFrozen(value.a)).toBe(true);
  expect(Object.isFrozen(value.a.b)).toBe(true);
  expect(Object.isFrozen(value.a.b[1])).toBe(true);
  expect(() => {
    (value.a.b as unknown[]).push(3);
  }).toThrow(TypeError);
});

test('primitives and null pass through; shared references are fine', () => {
  expect(deepFreeze(null)).toBeNull();
  expect(deepFreeze(3)).toBe(3);
  const shared = { x: 1 };
  const value = { p: shared, q: shared };
  deepFreeze(value);
  expect(Object.isFrozen(shared)).toBe(true);
});
