import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { isObject, keyPathOf } from './parsed-data.js';

/**
 * zod issues in our own words, shared by the config file, the flags and the web config file.
 * zod's messages can quote the offending value; ours show it only where the key is not secret.
 */

/** One thing wrong with a document, tied to the key (or flag) it concerns. */
export interface Problem {
  /** `collectors.cwp_scan_state.schedule`, `accounts[1].secret_key_file`, `--log.level`, … */
  readonly keyPath: string;
  /** What is wrong. Never contains a secret value. */
  readonly detail: string;
}

/** Shows a value in a message, on one short line. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** ` (did you mean X?)` when a candidate is within a plausible typo's edit distance of `input`. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const needle = input.toLowerCase();
  const [best] = candidates
    .map((candidate) => [candidate, distance(needle, candidate.toLowerCase())] as const)
    .sort((a, b) => a[1] - b[1]);
  return best && best[1] <= Math.max(2, Math.floor(needle.length / 3)) ? ` (did you mean ${best[0]}?)` : '';
}

const KIND: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'a boolean' };
const EXPECTED: Record<string, string> = {
  ...KIND,
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

/**
 * The value as shown in a message. Secret keys (and anything that should have been a map or a
 * list, where a pasted secret could sit) are described by kind only.
 */
function render(value: unknown, masked: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (masked) return KIND[typeof value] ?? typeof value;
  return typeof value === 'string' ? quote(value) : String(value);
}

/** The choices of a discriminated union (`static, env, ...`), if the issue has them. */
const oneOf = (issue: object) =>
  'options' in issue && Array.isArray(issue.options) ? issue.options.map(String).join(', ') : undefined;

/**
 * Our wording for zod's built-in checks; schema-level messages take precedence. `{value}` is
 * replaced by `problemsOf` with the offending value, or its kind when the key is secret. An unknown
 * keys issue gets one line per key, each with the closest key the map accepts.
 */
export const issueWording: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys((issue.inst as unknown as z.ZodObject | undefined)?.shape ?? {});
      return issue.keys.map((key) => `unknown key${didYouMean(key, known)}`).join('\n');
    }
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got {value}`;
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') return 'must not be empty';
      return `{value} must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') return 'is too long';
      return `{value} must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `{value} is not one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return oneOf(issue) ? `{value} is not one of ${oneOf(issue)}` : 'has an invalid value';
    default:
      return '{value} is not valid';
  }
};

/**
 * The problems of a failed `safeParse(input, { error: issueWording, reportInput: true })` in
 * schema order. A value is shown only when no key on its path is `secret`; `name(path)` turns a
 * path into what the message names (a key path, or a flag).
 */
export function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  secret: (key: string) => boolean,
  name = (path: readonly PropertyKey[]) => keyPathOf(path) || '(top level)',
): [Problem, ...Problem[]] {
  const problems = issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      const details = issue.message.split('\n');
      return issue.keys.map((key, i) => ({ keyPath: name([...issue.path, key]), detail: details[i]! }));
    }
    // A discriminated union reports at its discriminator's path, with the whole map as input.
    const value =
      'discriminator' in issue && isObject(issue.input)
        ? issue.input[String(issue.discriminator)]
        : issue.input;
    const missing =
      value === undefined && ['invalid_type', 'invalid_union', 'invalid_value'].includes(issue.code);
    const masked =
      issue.path.some((key) => typeof key === 'string' && secret(key)) ||
      (issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array'));
    let detail = issue.message.replaceAll('{value}', render(value, masked));
    if (missing) detail = `is required${oneOf(issue) ? ` (one of ${oneOf(issue)})` : ''}`;
    else if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof value !== 'object') {
      detail += '; quote it in YAML';
    }
    return [{ keyPath: name(issue.path), detail }];
  });
  return problems as [Problem, ...Problem[]];
}
