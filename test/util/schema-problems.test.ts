import fc from 'fast-check';
import { z } from 'zod';
import { didYouMean, issueWording, problemsOf, quote } from '../../src/util/schema-problems.js';

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

test('quote keeps a value on one short line', () => {
  expect(quote('a\nb')).toBe('"a\\nb"');
  expect(quote('x'.repeat(200))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
});

describe('problemsOf', () => {
  const schema = z.strictObject({
    level: z.enum(['debug', 'info']),
    port: z.int().min(1),
    auth: z.strictObject({ password: z.string() }).optional(),
  });
  const problems = (input: unknown, secret: (key: string) => boolean) => {
    const result = schema.safeParse(input, { error: issueWording, reportInput: true });
    if (result.success) throw new Error('expected the input to be rejected');
    return problemsOf(result.error.issues, secret);
  };

  test('words every issue, naming its key path, with the value shown where the key is not secret', () => {
    expect(problems({ level: 'trace', port: 0, levle: 1 }, () => false)).toEqual([
      { keyPath: 'level', detail: '"trace" is not one of debug, info' },
      { keyPath: 'port', detail: '0 must be >= 1' },
      { keyPath: 'levle', detail: 'unknown key (did you mean level?)' },
    ]);
  });

  test('a value under a secret key is described by its kind only', () => {
    const [problem] = problems(
      { level: 'info', port: 1, auth: { password: 123456789 } },
      (key) => key === 'auth',
    );
    expect(problem).toEqual({
      keyPath: 'auth.password',
      detail: 'expected a string, got a number; quote it in YAML',
    });
  });

  test('with every key secret, no value appears at all', () => {
    const details = problems({ level: 'SECRET-LEVEL', port: 987654 }, () => true).map((p) => p.detail);
    expect(details.join('\n')).not.toMatch(/SECRET-LEVEL|987654/);
    expect(details).toContain('a string is not one of debug, info');
  });

  test('a missing required key says so', () => {
    expect(problems({ port: 1 }, () => false)).toEqual([{ keyPath: 'level', detail: 'is required' }]);
  });
});

test('a value under a secret key never appears in any problem, whatever it is and whatever is wrong', () => {
  const schema = z.strictObject({
    token: z.strictObject({
      value: z
        .string()
        .min(3)
        .max(8)
        .regex(/^[a-z]+$/),
    }),
    mode: z.enum(['a', 'b']).optional(),
  });
  // Long enough that finding it in a message cannot be chance.
  const secret = fc.oneof(
    fc.string({ minLength: 12, maxLength: 40 }).filter((s) => s.trim().length >= 12),
    fc.double({ min: 1e12, max: 1e15 }).map((n) => Math.floor(n)),
  );
  fc.assert(
    fc.property(secret, (value) => {
      const result = schema.safeParse({ token: { value } }, { error: issueWording, reportInput: true });
      if (result.success) return;
      const shown = problemsOf(result.error.issues, (key) => key === 'token')
        .map((p) => `${p.keyPath}: ${p.detail}`)
        .join('\n');
      expect(shown).not.toContain(String(value));
      expect(shown).not.toContain(JSON.stringify(String(value)).slice(1, -1));
    }),
    { numRuns: 300, seed: 1130 },
  );
});
