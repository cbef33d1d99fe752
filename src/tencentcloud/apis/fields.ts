import { z } from 'zod';
import {
  type ActionName,
  API_ACTIONS,
  type Exact,
  type ModelRequest,
  type ResponseField,
} from '../../api-models/actions.js';
import { isObject } from '../../util/parsed-data.js';
import { type ErrorContext, InvalidResponseError } from '../errors.js';
import type { ActionSpec, ApiCaller, ApiResponse, CallOptions } from '../types.js';
import type { FieldIssue, Parsed } from './types.js';

export { isObject };

/** How one output field is read: its name in the response, its schema, and what it should be. */
export interface FieldRule<V, Field extends string = string> {
  /** The response field; defaults to the output key. */
  readonly from?: Field;
  /** Words for the issue text, e.g. `integer 0..100`. */
  readonly expected: string;
  readonly schema: z.ZodType<V>;
}

/**
 * One rule per output key. `Field` is the set of fields the SDK model declares for the answer
 * (`ResponseField<Action>`): a key that is not one of them must name one with `from`, so reading a
 * field the model lacks does not compile.
 */
export type FieldRules<T, Field extends string = string> = {
  readonly [K in keyof T]-?: K extends Field
    ? FieldRule<T[K], Field>
    : FieldRule<T[K], Field> & { readonly from: Field };
};

/** `YYYY-MM-DD HH:MM:SS`, zone-less, as the API writes it. */
const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/**
 * A number as the wire may write it: the SDK models say number, but official examples answer some
 * numeric fields as strings (CWP's `StrategyId` `"10023"`), so a plain decimal string is the same
 * value. Only that form: no sign but the `-` a negative rule allows, no exponent, hex, spaces or
 * separators; a string too long for a safe integer fails the integer check it is piped into.
 */
const NON_NEGATIVE_INTEGER_TEXT = /^\d+$/;
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
function numeric<T extends z.ZodType<number, number>>(text: RegExp, range: T) {
  return z.union([z.number(), z.string().regex(text).transform(Number)]).pipe(range);
}

export const integer = (): FieldRule<number, never> => ({
  expected: 'integer (number or digit string)',
  schema: numeric(INTEGER_TEXT, z.int()),
});
/** A count: of findings, assets or items, in summaries and asset lists alike. */
export const count = (): FieldRule<number, never> => ({
  expected: 'non-negative integer (number or digit string)',
  schema: numeric(NON_NEGATIVE_INTEGER_TEXT, z.int().min(0)),
});
export const percent = (): FieldRule<number, never> => ({
  expected: 'integer 0..100 (number or digit string)',
  schema: numeric(NON_NEGATIVE_INTEGER_TEXT, z.int().min(0).max(100)),
});
/** A percentage the API may answer with decimals (`47.5`). */
export const fractionalPercent = (): FieldRule<number, never> => ({
  expected: 'number 0..100 (number or decimal string)',
  schema: numeric(DECIMAL_TEXT, z.number().min(0).max(100)),
});
export const text = (): FieldRule<string, never> => ({ expected: 'string', schema: z.string() });
export const time = (): FieldRule<string, never> => ({
  expected: 'time YYYY-MM-DD HH:MM:SS',
  schema: z.string().regex(TIME),
});

/**
 * The number of ids in a list. Ids beyond 2^53 lose precision in `JSON.parse` but stay
 * integers (and some APIs send them as digit strings), and only the count is kept anyway.
 */
export const idCount = <Field extends string>(
  from: Field,
): FieldRule<number, Field> & { readonly from: Field } => ({
  from,
  expected: 'array of integer ids (numbers or digit strings)',
  schema: z
    .array(z.union([z.number().refine((n) => Number.isInteger(n)), z.string().regex(/^\d+$/)]))
    .transform((ids) => ids.length),
});

const SHOWN_CHARS = 40;

/**
 * `string "xx"`, `number 1.5`, `object {"a":1}` — short enough for one log line, whatever the
 * value: JSON.stringify overflows the stack on a value nested a few thousand levels deep (which
 * JSON.parse accepts), and then only the opening of the value is shown.
 */
export function describeValue(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = Array.isArray(value) ? '[[[…' : '{…';
    return `${Array.isArray(value) ? 'array' : typeof value} ${json} (nested too deeply to show)`;
  }
  const shown = json.length > SHOWN_CHARS ? `${json.slice(0, SHOWN_CHARS)}…` : json;
  return `${Array.isArray(value) ? 'array' : typeof value} ${shown}`;
}

export function contextOf(caller: ApiCaller, spec: ActionSpec): ErrorContext {
  return { account: caller.account, service: spec.service, action: spec.action };
}

/**
 * Sends `request` as action `A`. The request must have every parameter the SDK model requires
 * and nothing it lacks, even when built elsewhere and passed as a variable.
 */
export function callModel<A extends ActionName, R extends ModelRequest<A>>(
  caller: ApiCaller,
  action: A,
  request: Exact<ModelRequest<A>, R>,
  options?: CallOptions,
): Promise<ApiResponse> {
  return caller.call(API_ACTIONS[action], request as Record<string, unknown>, options);
}

/** Reads one field of an answer by a name the SDK model declares for it. */
export function modelField<A extends ActionName>(
  source: Record<string, unknown>,
  _action: A,
  field: ResponseField<A>,
): unknown {
  return source[field];
}

/** The response must at least be an object; anything else is unusable as a whole. */
export function requireObject(response: unknown, context: ErrorContext): Record<string, unknown> {
  if (!isObject(response)) throw new InvalidResponseError(context, 'not_object', describeValue(response));
  return response;
}

/**
 * Reads each field on its own: `null`/missing → absent; wrong type or shape → absent and listed
 * in `issues`. Nothing is coerced beyond a number written as a plain decimal string ("12" is 12,
 * " 12", "1e1" and `true` are not) and no default is made up.
 */
export function parseFields<T, Field extends string>(
  response: unknown,
  rules: FieldRules<T, Field>,
  context: ErrorContext,
): Parsed<T> {
  const source = requireObject(response, context);
  const value: Partial<T> = {};
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(rules) as (keyof T & string)[]) {
    const rule = rules[key] as FieldRule<T[typeof key], Field>;
    const field = rule.from ?? key;
    const raw = source[field];
    if (raw === undefined || raw === null) continue;
    let result: { success: true; data: T[typeof key] } | { success: false };
    try {
      result = rule.schema.safeParse(raw);
    } catch {
      // A schema check that throws (e.g. on absurd nesting) is one unreadable field, not a failed round.
      result = { success: false };
    }
    if (result.success) value[key] = result.data;
    else issues.push({ field, problem: `expected ${rule.expected}, got ${describeValue(raw)}` });
  }
  return withRequestId(source, value, issues);
}

/** The answer's `RequestId`, when it has one (for error contexts and logs). */
export function requestIdOf(source: Record<string, unknown>): string | undefined {
  return typeof source['RequestId'] === 'string' ? source['RequestId'] : undefined;
}

/** A parsed answer, carrying the `RequestId` of its `source` when it has one. */
export function withRequestId<T>(
  source: Record<string, unknown>,
  value: Partial<T>,
  issues: readonly FieldIssue[],
): Parsed<T> {
  const requestId = requestIdOf(source);
  return requestId === undefined ? { value, issues } : { value, issues, requestId };
}
