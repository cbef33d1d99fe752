import { ConfigError, configError, formatProblem } from '../../src/config/errors.js';

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
  expect(formatProblem({ keyPath: 'k', detail: 'd' })).toBe('invalid config: k: d');
  expect(() => new ConfigError([])).toThrow(TypeError);
});
