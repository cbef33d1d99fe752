/** Fault rules per account, and the rewrites of a normal answer that some faults make. */
import { successBody, toJson } from './response-json.js';
import type { Fault, FaultRule } from './types.js';

interface ActiveRule {
  readonly fault: Fault;
  readonly actions?: ReadonlySet<string>;
  /** Undefined: until cleared. */
  remaining?: number;
}

export class FaultBook {
  private readonly rules = new Map<string, ActiveRule>();

  set(account: string, rule: FaultRule | null): void {
    if (rule === null || (rule.times !== undefined && rule.times <= 0)) {
      this.rules.delete(account);
      return;
    }
    this.rules.set(account, {
      fault: rule.fault,
      actions: rule.actions ? new Set(rule.actions) : undefined,
      remaining: rule.times,
    });
  }

  /**
   * The fault to apply to this request, if the account's rule matches the action and the fault is
   * one of `kinds`; applying it uses up one of its `times`.
   */
  take(account: string, action: string, kinds: ReadonlySet<Fault['kind']>): Fault | undefined {
    const rule = this.rules.get(account);
    if (!rule || !kinds.has(rule.fault.kind)) return undefined;
    if (rule.actions && !rule.actions.has(action)) return undefined;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.rules.delete(account);
    return rule.fault;
  }
}

/** Faults applied as soon as the account is known, before authentication. */
export const EARLY_FAULTS: ReadonlySet<Fault['kind']> = new Set(['latency', 'reset', 'hang']);
/** Faults applied after authentication and the rate limit, instead of or on top of the answer. */
export const LATE_FAULTS: ReadonlySet<Fault['kind']> = new Set([
  'http_status',
  'truncated',
  'non_json',
  'wrong_types',
  'nulls',
  'fields',
  'error',
  'deep_nesting',
]);
export const ALL_FAULTS: ReadonlySet<Fault['kind']> = new Set([...EARLY_FAULTS, ...LATE_FAULTS]);

function wrongType(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, i) => [String(i), item]));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return {};
  return [value];
}

/** Numbers become strings ("12"), strings numbers, arrays objects; RequestId is left alone. */
export function withWrongTypes(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, wrongType(value)]));
}

export function withNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, null]));
}

export const NON_JSON_BODY =
  '<!DOCTYPE html><html><body><p>Service temporarily unavailable. 请稍后再试</p></body></html>';

const DEEP_MARK = '@@sim-deep-nesting@@';

/**
 * The normal answer with its first field wrapped in `depth` arrays (`[[[…12…]]]`), written as
 * text: JSON.stringify itself overflows the stack on a few thousand levels, JSON.parse does not.
 */
export function deeplyNestedBody(fields: Record<string, unknown>, depth: number, requestId: string): string {
  const [first] = Object.keys(fields);
  if (first === undefined) return successBody(fields, requestId);
  const nested = `${'['.repeat(depth)}${toJson(fields[first])}${']'.repeat(depth)}`;
  return successBody({ ...fields, [first]: DEEP_MARK }, requestId).replace(`"${DEEP_MARK}"`, nested);
}
