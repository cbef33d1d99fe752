import {
  escapeHelp,
  escapeLabelValue,
  formatLabels,
  formatSample,
  formatValue,
} from '../../src/metrics/text-format.js';

describe('text format', () => {
  test.each([
    ['plain', 'plain'],
    ['back\\slash', 'back\\\\slash'],
    ['quo"te', 'quo\\"te'],
    ['new\nline', 'new\\nline'],
  ])('escapes label value %j', (input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });

  test('escapes help text backslashes and newlines only', () => {
    expect(escapeHelp('a\\b\nc"d')).toBe('a\\\\b\\nc"d');
  });

  test('sorts labels and omits empty values', () => {
    expect(formatLabels({ scan: 'image', account: 'prod', task_id: '' })).toBe(
      '{account="prod",scan="image"}',
    );
    expect(formatLabels({})).toBe('');
  });

  test.each([
    [1, '1'],
    [0.25, '0.25'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [1_700_000_000, '1700000000'],
  ])('formats value %p as %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  test('formats a sample line', () => {
    expect(formatSample('m', { a: 'x' }, 2)).toBe('m{a="x"} 2\n');
  });
});
