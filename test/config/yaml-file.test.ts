import { ConfigError } from '../../src/config/errors.js';
import { parseYaml } from '../../src/config/load.js';

test('one document parses to plain data; an empty one to null', () => {
  expect(parseYaml('a: 1\nb: [x, y]\n', 'f.yaml')).toEqual({ a: 1, b: ['x', 'y'] });
  expect(parseYaml('', 'f.yaml')).toBeNull();
});

describe('syntax errors give line and column in our own words', () => {
  const cases: [string, string][] = [
    ['a: 1\na: 2\n', 'f.yaml line 2, column 1: YAML syntax error: the same key appears twice in one map'],
    [
      'a: "x\\qy"\n',
      'f.yaml line 1, column 6: YAML syntax error: invalid escape sequence in a double-quoted string',
    ],
    [
      'a: 1\n---\nb: 2\n',
      'f.yaml line 2, column 1: YAML syntax error: the file holds more than one YAML document',
    ],
    ['a:\n\t- b\n', 'f.yaml line 2, column 1: YAML syntax error: tabs cannot be used for indentation'],
    [
      'a: "abc',
      'f.yaml line 1, column 8: YAML syntax error: a closing quote, bracket or ": value" is missing',
    ],
  ];
  test.each(cases)('%j', (text, detail) => {
    expect(() => parseYaml(text, 'f.yaml')).toThrow(`invalid config: --config.file: ${detail}`);
  });
});

test('undefined and exploding aliases are config errors, not crashes', () => {
  expect(() => parseYaml('a: *nope\n', 'f.yaml')).toThrow(
    'invalid config: --config.file: f.yaml: an alias is undefined or expands too much',
  );
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  expect(() => parseYaml(lines.join('\n'), 'f.yaml')).toThrow(ConfigError);
});

describe('tags beyond the core schema', () => {
  test.each([
    '!!binary aGVsbG8=\n',
    'accounts: !!set {a}\n',
    'global: !!omap [concurrency: 1]\n',
    '!!binary accounts:#',
  ])('%j is an error naming the line, never a Buffer or Set', (text) => {
    expect(() => parseYaml(text, 'c.yml')).toThrow(
      /c\.yml line \d+, column \d+: YAML syntax error: unknown tag/,
    );
  });

  test('dates stay strings', () => {
    expect(parseYaml('a: 2001-12-14\n', 'c.yml')).toEqual({ a: '2001-12-14' });
  });
});
