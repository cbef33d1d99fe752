import { closest, didYouMean } from '../../src/config/suggest.js';

test.each([
  ['concurency', ['concurrency', 'staleness_intervals'], 'concurrency'],
  ['--log-level', ['--log.level', '--log.format'], '--log.level'],
  ['SECRET_KEY', ['secret_key', 'secret_id'], 'secret_key'],
  ['completely-different', ['name', 'region'], undefined],
  ['x', [], undefined],
])('closest(%s)', (input, candidates, expected) => {
  expect(closest(input, candidates)).toBe(expected);
});

test('didYouMean is empty when nothing is close', () => {
  expect(didYouMean('modul', ['modules'])).toBe(' (did you mean modules?)');
  expect(didYouMean('qqqqqqq', ['modules'])).toBe('');
});
