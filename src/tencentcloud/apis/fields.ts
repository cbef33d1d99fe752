import { z } from 'zod';
import { type ErrorContext, InvalidResponseError } from '../errors.js';
import type { ActionSpec, ApiCaller } from '../types.js';
import type { FieldIssue, Parsed } from './types.js';

/** How one output field is read: its name in the response, its schema, and what it should be. */
export interface FieldRule<V> {
  /** The response field; defaults to the output key. */
  readonly from?: string;
  /** Words for the issue text, e.g. `integer 0..100`. */
  readonly expected: string;
  readonly schema: z.ZodType<V>;
}

export type FieldRules<T> = { readonly [K in keyof T]-?: FieldRule<T[K]> };

/** `YYYY-MM-DD HH:MM:SS`, zone-less, as the API writes it. */
const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

export const integer = (): FieldRule<number> => ({ expected: 'integer', schema: z.int() });
export const count = (): FieldRule<number> => ({ expected: 'non-negative integer', schema: z.int().min(0) });
export const percent = (): FieldRule<number> => ({
  expected: 'integer 0..100',
  schema: z.int().min(0).max(100),
});
export const text = (): FieldRule<string> => ({ expected: 'string', schema: z.string() });
export const time = (): FieldRule<string> => ({
  expected: 'time YYYY-MM-DD HH:MM:SS',
  schema: z.string().regex(TIME),
});

/**
 * The number of ids in a list. Ids beyond 2^53 lose precision in `JSON.parse` but stay
 * integers (and some APIs send them as digit strings), and only the count is kept anyway.
 */
export const idCount = (from: string): FieldRule<number> => ({
  from,
  expected: 'array of integer ids',
  schema: z
    .array(z.union([z.number().refine((n) => Number.isInteger(n)), z.string().regex(/^\d+$/)]))
    .transform((ids) => ids.length),
});

/** `string "xx"`, `number 1.5`, `object {"a":1}` — short enough for one log line. */
export function describeValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  const shown = json.length > 40 ? `${json.slice(0, 40)}…` : json;
  return `${Array.isArray(value) ? 'array' : typeof value} ${shown}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function contextOf(caller: ApiCaller, spec: ActionSpec): ErrorContext {
  return { account: caller.account, service: spec.service, action: spec.action };
}

/** The response must at least be an object; anything else is unusable as a whole. */
export function requireObject(response: unknown, context: ErrorContext): Record<string, unknown> {
  if (!isObject(response)) throw new InvalidResponseError(context, 'not_object', describeValue(response));
  return response;
}

/**
 * Reads each field on its own: `null`/missing → absent; wrong type or shape → absent and listed
 * in `issues`. Nothing is coerced ("12" is not 12) and no default is made up.
 */
export function parseFields<T>(response: unknown, rules: FieldRules<T>, context: ErrorContext): Parsed<T> {
  const source = requireObject(response, context);
  const value: Partial<T> = {};
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(rules) as (keyof T & string)[]) {
    const rule = rules[key];
    const field = rule.from ?? key;
    const raw = source[field];
    if (raw === undefined || raw === null) continue;
    const result = rule.schema.safeParse(raw);
    if (result.success) value[key] = result.data;
    else issues.push({ field, problem: `expected ${rule.expected}, got ${describeValue(raw)}` });
  }
  const requestId = typeof source['RequestId'] === 'string' ? source['RequestId'] : undefined;
  return requestId === undefined ? { value, issues } : { value, issues, requestId };
}
