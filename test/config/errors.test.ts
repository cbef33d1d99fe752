import { ConfigError, configError, didYouMean } from '../../src/config/errors.js';

test('message is the first problem on one line; keyPath and problems are kept', () => {
  const error = new ConfigError([
    { keyPath: 'a.b', detail: 'first' },
    { keyPath: '--c', detail: 'second' },
  ]);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('ConfigError');
  expect(error.message).toBe('invalid config: a.b: first');
  expect(error.keyPath).toBe('a.b');
  expect(error.describeAll()).toBe('invalid config: a.b: first\ninvalid config: --c: second');
  expect(configError('x', 'y').problems).toEqual([{ keyPath: 'x', detail: 'y' }]);
});

test.each([
  ['concurency', ['concurrency', 'staleness_intervals'], 'concurrency'],
  ['--log-level', ['--log.level', '--log.format'], '--log.level'],
  ['SECRET_KEY', ['secret_key', 'secret_id'], 'secret_key'],
  ['modul', ['modules'], 'modules'],
])('didYouMean(%s) suggests the closest candidate', (input, candidates, expected) => {
  expect(didYouMean(input, candidates)).toBe(` (did you mean ${expected}?)`);
});

test.each([
  ['completely-different', ['name', 'region']],
  ['qqqqqqq', ['modules']],
  ['x', []],
])('didYouMean(%s) is empty when nothing is close', (input, candidates) => {
  expect(didYouMean(input, candidates)).toBe('');
});
