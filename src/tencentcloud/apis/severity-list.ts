import type { ActionName, ListEntry, ResponseField } from '../../api-models/actions.js';
import type { ErrorContext } from '../errors.js';
import { count as countRule, describeValue, isObject, requireObject, withRequestId } from './fields.js';
import type { FieldIssue, Parsed } from './types.js';

/** The severity label values, the same for both products. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One entry of a per-severity list, e.g. TCSS `{Level: "HIGH", Cnt: 3}` or CWP `{VulLevel: 3, Count: 3}`. */
export interface SeverityCount {
  readonly severity: Severity;
  readonly count: number;
}

/** The fields of one list entry; `Entry` is its SDK model, so a field the model lacks does not compile. */
export interface SeverityListShape<Entry = Record<string, unknown>> {
  /** The entry's level field and how its value maps to a severity (undefined: not a known level). */
  readonly levelField: keyof Entry & string;
  readonly severityOf: (level: unknown) => Severity | undefined;
  /** Words for the issue text, e.g. `CRITICAL, HIGH, MEDIUM or LOW`. */
  readonly levels: string;
  readonly countField: keyof Entry & string;
}

export type { ListEntry };

const COUNT = countRule();

/**
 * A list of per-severity counts, entry by entry: an entry whose level is not one of the known four
 * or whose count is not a non-negative integer (a number or digit string, as every count) gives no
 * value and an issue, and the others are kept. `null`/missing is absent (no samples, never a
 * made-up 0); a second entry of the same severity is an issue too (which one is right cannot be
 * told). An issue's field names no index (`VulLevelList[].VulLevel`; the index is in the problem
 * text): the field is a label value of the field-issue counter, which must stay bounded however
 * long a hostile list is.
 */
export function parseSeverityList<Entry>(
  raw: unknown,
  field: string,
  shape: SeverityListShape<Entry>,
): { value?: SeverityCount[]; issues: FieldIssue[] } {
  if (raw === undefined || raw === null) return { issues: [] };
  if (!Array.isArray(raw))
    return { issues: [{ field, problem: `expected array, got ${describeValue(raw)}` }] };
  const issues: FieldIssue[] = [];
  const seen = new Set<Severity>();
  const value: SeverityCount[] = [];
  raw.forEach((entry: unknown, i) => {
    if (!isObject(entry)) {
      issues.push({
        field: `${field}[]`,
        problem: `entry ${i}: expected object, got ${describeValue(entry)}`,
      });
      return;
    }
    const level = entry[shape.levelField];
    const severity = shape.severityOf(level);
    if (severity === undefined) {
      issues.push({
        field: `${field}[].${shape.levelField}`,
        problem: `entry ${i}: expected ${shape.levels}, got ${describeValue(level)}`,
      });
      return;
    }
    const rawCount = entry[shape.countField];
    const count = COUNT.schema.safeParse(rawCount);
    if (!count.success) {
      issues.push({
        field: `${field}[].${shape.countField}`,
        problem: `entry ${i}: expected ${COUNT.expected}, got ${describeValue(rawCount)}`,
      });
      return;
    }
    if (seen.has(severity)) {
      issues.push({
        field: `${field}[].${shape.levelField}`,
        problem: `entry ${i}: ${severity} listed twice`,
      });
      return;
    }
    seen.add(severity);
    value.push({ severity, count: count.data });
  });
  return { value, issues };
}

/**
 * An answer made of per-severity lists (`fields`, each of `shape`), read list by list as
 * `parseSeverityList` does: a bad list or entry costs only itself.
 */
export function parseSeverityLists<A extends ActionName, F extends ResponseField<A>>(
  response: unknown,
  _action: A,
  fields: readonly F[],
  shape: SeverityListShape<ListEntry<A, F>>,
  context: ErrorContext,
): Parsed<{ readonly [K in F]: readonly SeverityCount[] }> {
  const source = requireObject(response, context);
  const value: { [K in F]?: readonly SeverityCount[] } = {};
  const issues: FieldIssue[] = [];
  for (const field of fields) {
    const list = parseSeverityList(source[field], field, shape);
    if (list.value) value[field] = list.value;
    issues.push(...list.issues);
  }
  return withRequestId(source, value, issues);
}
