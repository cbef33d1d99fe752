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
      /** Whether the progress series stays (its field untouched by the fault); default: it goes. */
      readonly progressKept?: boolean;
    };

export interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  readonly expect: Expectation;
}

/** Every error code the API documents (Errors section of the API notes the project works from). */
export const API_ERROR_CODES = [
  'RequestLimitExceeded',
  'RequestLimitExceeded.UinLimitExceeded',
  'RequestLimitExceeded.IPLimitExceeded',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.TokenFailure',
  'AuthFailure.UnauthorizedOperation',
  'UnauthorizedOperation',
  'InternalError',
  'ServiceUnavailable',
  'InvalidParameter',
  'InvalidParameter.InvalidFormat',
  'InvalidParameter.ParsingError',
  'InvalidParameter.IllegalRequest',
  'InvalidParameter.MissingParameter',
  'InvalidParameterValue',
  'MissingParameter',
  'ResourceNotFound',
  'UnsupportedOperation',
  'LimitExceeded',
] as const;

const TRANSPORT_CASES: readonly FaultCase[] = [
  {
    name: 'latency beyond the round timeout',
    fault: { kind: 'latency', ms: ROUND_TIMEOUT_S * 1000 + 1500 },
    expect: { kind: 'fails', code: 'Timeout' },
  },
  { name: 'hang', fault: { kind: 'hang' }, expect: { kind: 'fails', code: 'Timeout' } },
  { name: 'connection reset', fault: { kind: 'reset' }, expect: { kind: 'fails', code: 'NetworkError' } },
  {
    name: 'HTTP 502 with an HTML page',
    fault: { kind: 'http_status', status: 502 },
    expect: { kind: 'fails', code: 'HttpError' },
  },
  {
    name: 'HTTP 503 with an HTML page',
    fault: { kind: 'http_status', status: 503 },
    expect: { kind: 'fails', code: 'HttpError' },
  },
  {
    name: 'HTTP 404',
    fault: { kind: 'http_status', status: 404 },
    expect: { kind: 'fails', code: 'HttpError' },
  },
  {
    name: 'truncated body',
    fault: { kind: 'truncated' },
    expect: { kind: 'fails', code: 'InvalidResponse' },
  },
  { name: 'non-JSON body', fault: { kind: 'non_json' }, expect: { kind: 'fails', code: 'InvalidResponse' } },
  { name: 'wrong types', fault: { kind: 'wrong_types' }, expect: { kind: 'partial', fieldIssues: true } },
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
  {
    name: 'an error code with spaces and quotes',
    fault: { kind: 'error', code: 'Bad "code" here' },
    expect: { kind: 'fails', code: 'InvalidResponse' },
  },
];

const ERROR_CASES: readonly FaultCase[] = API_ERROR_CODES.map((code) => ({
  name: `error ${code}`,
  fault: { kind: 'error', code, message: `injected ${code}` },
  expect: { kind: 'fails', code },
}));

export const FAULT_CASES: readonly FaultCase[] = [...TRANSPORT_CASES, ...ERROR_CASES];

/** The table cut into batches of `size`: one victim account per case, all at once. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
