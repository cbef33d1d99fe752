import type { ActionName, ListEntry, ResponseField } from '../../api-models/actions.js';
import { type ErrorContext, InvalidResponseError } from '../errors.js';
import { count, describeValue, type FieldRules, isObject, parseFields, requireObject } from './fields.js';
import type { FieldIssue } from './types.js';

/**
 * The largest page both asset lists serve (`Limit`: "最大值为100" in both request models); every
 * page is asked at this size, so a shorter page is the end of the list.
 */
export const ASSET_PAGE_LIMIT = 100;

/** One page of an asset list (`DescribeAssetImageList`, `DescribeMachines`), entry by entry. */
export interface AssetPage<T> {
  /** The readable entries, each with the fields that parsed (issues are on the page). */
  readonly entries: readonly Partial<T>[];
  /** How many entries the list holds in all (the API's `TotalCount`), when it said so usably. */
  readonly totalCount?: number;
  /** How many entries this page carried, readable or not: paging goes by it. */
  readonly received: number;
}

/** A page as read: unlike a summary's fields, its shape is always there (an empty list at worst). */
export interface ParsedPage<T> {
  readonly value: AssetPage<T>;
  readonly issues: readonly FieldIssue[];
  readonly requestId?: string;
}

/**
 * Reads one page: `listField` entry by entry with `rules`, each issue named `List[].Field` (the
 * index is in the problem text, not in the name: the name is a label value of the field-issue
 * counter, which must stay bounded however long the list). A `null`/missing list is an empty page
 * (the API writes empty lists as null); a list that is not an array leaves the page unusable. At
 * most `limit` entries (the request's `Limit`) are read: a page that holds more is broken, and the
 * work of a round must stay bounded by its calls, not by how much one answer holds.
 */
export function parseAssetPage<A extends ActionName, L extends ResponseField<A>, T>(
  response: unknown,
  _action: A,
  listField: L,
  /** Rules for the fields of one entry, as the SDK model declares the list's entries. */
  rules: FieldRules<T, keyof ListEntry<A, L> & string>,
  context: ErrorContext,
  options: {
    readonly limit: number;
    readonly emptyIsAbsent?: readonly (keyof ListEntry<A, L> & string)[];
  },
): ParsedPage<T> {
  const source = requireObject(response, context);
  const requestId = typeof source['RequestId'] === 'string' ? source['RequestId'] : undefined;
  const list = source[listField];
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    throw new InvalidResponseError(
      requestId ? { ...context, requestId } : context,
      'incomplete',
      `${listField}: expected array, got ${describeValue(list)}`,
    );
  }
  const totals = parseFields(source, { TotalCount: count() }, context);
  const issues: FieldIssue[] = [...totals.issues];
  const entries: Partial<T>[] = [];
  const raw: readonly unknown[] = Array.isArray(list) ? list : [];
  if (raw.length > options.limit) {
    issues.push({
      field: listField,
      problem: `${raw.length} entries, more than the Limit of ${options.limit}: the first ${options.limit} read`,
    });
  }
  raw.slice(0, options.limit).forEach((entry, i) => {
    if (!isObject(entry)) {
      issues.push({
        field: `${listField}[]`,
        problem: `entry ${i}: expected object, got ${describeValue(entry)}`,
      });
      return;
    }
    const fields = { ...entry };
    for (const name of options.emptyIsAbsent ?? []) if (fields[name] === '') delete fields[name];
    const parsed = parseFields(fields, rules, context);
    for (const issue of parsed.issues)
      issues.push({ field: `${listField}[].${issue.field}`, problem: `entry ${i}: ${issue.problem}` });
    entries.push(parsed.value);
  });
  const value: AssetPage<T> =
    totals.value.TotalCount === undefined
      ? { entries, received: raw.length }
      : { entries, received: raw.length, totalCount: totals.value.TotalCount };
  return requestId === undefined ? { value, issues } : { value, issues, requestId };
}
