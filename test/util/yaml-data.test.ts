import { parseYamlData, YamlDataError } from '../../src/util/yaml-data.js';

function failure(text: string): YamlDataError {
  try {
    parseYamlData(text);
  } catch (error) {
    if (error instanceof YamlDataError) return error;
    throw error;
  }
  throw new Error('expected a YamlDataError');
}

test('plain data out of one document; an empty one is null', () => {
  expect(parseYamlData('a: 1\nb: [x, "y"]\n')).toEqual({ a: 1, b: ['x', 'y'] });
  expect(parseYamlData('')).toBeNull();
});

test.each([
  ['an unclosed quote', 'a: "open\n', 2, 'a closing quote, bracket or ": value" is missing'],
  ['a duplicate key', 'a: 1\na: 2\n', 2, 'the same key appears twice in one map'],
  ['a tab as indentation', 'a:\n\tb: 1\n', 2, undefined],
  ['a bad escape', 'a: "x\\qSECRET"\n', 1, 'invalid escape sequence in a double-quoted string'],
  ['a second document', 'a: 1\n---\nb: 2\n', 2, 'the file holds more than one YAML document'],
  ['an extra tag', 'a: !!binary aGVsbG8=\n', 1, 'unknown tag'],
])('%s is a syntax error at its line, in our words', (_, text, line, reason) => {
  const error = failure(text);
  expect(error.line).toBe(line);
  expect(error.column).toBeGreaterThan(0);
  expect(error.reason).toMatch(/^YAML syntax error: /);
  if (reason) expect(error.reason).toBe(`YAML syntax error: ${reason}`);
  expect(error.message).toBe(`line ${error.line}, column ${error.column}: ${error.reason}`);
  expect(error.message).not.toContain('SECRET');
});

test('aliases that are undefined or expand too far are refused without a position', () => {
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++)
    laughs.push(
      `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
        .fill(`*${'abcdefgh'[i - 1]}`)
        .join(', ')}]`,
    );
  for (const text of ['a: *nope\n', laughs.join('\n')]) {
    const error = failure(text);
    expect(error.line).toBeUndefined();
    expect(error.message).toBe('an alias is undefined or expands too much');
  }
});

test('timestamps and other 1.1 types stay strings', () => {
  expect(parseYamlData('a: 2001-12-14\nb: yes\n')).toEqual({ a: '2001-12-14', b: 'yes' });
});
