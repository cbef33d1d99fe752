/** The table of faults the suite injects, and what the exporter must show for each. */
import type { Fault } from '../../src/simulator/index.js';
import { ROUND_TIMEOUT_S } from './fault-stack.js';

export type Expectation =
  /** The round fails: collector_success 0 and api_requests_total grows under `code`. */
  | { readonly kind: 'fails'; readonly code: string }
  /**
   * A 200 answer with bad fields is a partial result by contract: the round succeeds, the bad
   * fields give no sample (never a made-up 0) and, for wrong types, are counted as field issues.
   */
  | {
      readonly kind: 'partial';
      readonly fieldIssues: boolean;
      /** Whether the progress series stays (its field still readable after the fault); default: it goes. */
      readonly progressKept?: boolean;
    };

export interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  readonly expect: Expectation;
}

/**
 * One case per error class of the client (a timeout, a network error, an HTTP status, an
 * unusable body, a retryable and a final API error, an invented error code) and per kind of
 * partial answer. Every single API error code and transport variant is covered in process by
 * test/tencentcloud; here the point is what the running exporter does with each class:
 * isolation, counting and recovery.
 */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: 'latency beyond the round timeout',
    fault: { kind: 'latency', ms: ROUND_TIMEOUT_S * 1000 + 1500 },
    expect: { kind: 'fails', code: 'Timeout' },
  },
  { name: 'connection reset', fault: { kind: 'reset' }, expect: { kind: 'fails', code: 'NetworkError' } },
  {
    name: 'HTTP 502 with an HTML page',
    fault: { kind: 'http_status', status: 502 },
    expect: { kind: 'fails', code: 'HttpError' },
  },
  { name: 'non-JSON body', fault: { kind: 'non_json' }, expect: { kind: 'fails', code: 'InvalidResponse' } },
  {
    // Numbers come as digit strings ("50"), which are still the numbers; strings as numbers and
    // lists as objects are field issues.
    name: 'wrong types',
    fault: { kind: 'wrong_types' },
    expect: { kind: 'partial', fieldIssues: true, progressKept: true },
  },
  { name: 'nulls', fault: { kind: 'nulls' }, expect: { kind: 'partial', fieldIssues: false } },
  {
    // JSON.stringify overflows on it; the field is one issue and the other fields still count.
    name: 'a field nested 5,000 levels deep',
    fault: { kind: 'deep_nesting', depth: 5_000 },
    expect: { kind: 'partial', fieldIssues: true, progressKept: true },
  },
  {
    // A server inventing codes must not create label values: not an error code, so InvalidResponse.
    name: 'a 200-character error code',
    fault: { kind: 'error', code: `Invented${'x'.repeat(192)}` },
    expect: { kind: 'fails', code: 'InvalidResponse' },
  },
  ...['InternalError', 'UnauthorizedOperation'].map(
    (code): FaultCase => ({
      name: `error ${code}`,
      fault: { kind: 'error', code, message: `injected ${code}` },
      expect: { kind: 'fails', code },
    }),
  ),
];

/** The table cut into batches of `size`: one victim account per case, all at once. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
