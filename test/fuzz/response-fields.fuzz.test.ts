/**
 * Fuzzes the parse layer of every API: arbitrary values in place of each field and of the whole
 * response, through the real API functions with a fake ApiCaller returning the fuzzed object.
 * Each call ends in a partial result or a typed error; a value in the result is always the raw
 * field itself, or the number a numeric field wrote as a plain decimal string (never otherwise
 * coerced, never made up).
 */
import fc from 'fast-check';
import { describeBaselineStrategyList, describeScanState } from '../../src/tencentcloud/apis/cwp.js';
import { assumeRole, assumeRoleWithWebIdentity } from '../../src/tencentcloud/apis/sts.js';
import {
  describeAssetImageScanStatus,
  describeAssetImageScanTask,
  describeVirusScanTaskStatus,
} from '../../src/tencentcloud/apis/tcss.js';
import type { Parsed } from '../../src/tencentcloud/apis/types.js';
import { InvalidResponseError, TencentCloudError } from '../../src/tencentcloud/errors.js';
import type { ApiCaller, ApiResponse } from '../../src/tencentcloud/types.js';
import {
  accepted,
  type FieldKind,
  fitsIdList,
  IMAGE_SCAN_STATUS_FIELDS,
  IMAGE_SCAN_TASK_FIELDS,
  SCAN_STATE_FIELDS,
  VALID_IMAGE_SCAN_STATUS,
  VALID_IMAGE_SCAN_TASK,
  VALID_SCAN_STATE,
  VALID_VIRUS_SCAN_STATUS,
  VIRUS_SCAN_STATUS_FIELDS,
} from './field-oracle.js';
import { fieldValue, responseValue } from './fuzz-values.js';

const RUNS = 300;

function callerReturning(response: unknown): ApiCaller {
  return { account: 'fuzz', call: async () => response as ApiResponse };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A valid response with some fields replaced by fuzzed values and some removed. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const replacements = fc.record(Object.fromEntries(keys.map((k) => [k, fieldValue])), { requiredKeys: [] });
  return fc.tuple(replacements, fc.subarray(keys)).map(([replaced, removed]) => {
    const out: Record<string, unknown> = { ...valid, ...replaced };
    for (const key of removed) delete out[key];
    return out;
  });
}

/** Runs `parse`; a thrown error must be a typed client error, anything else fails the property. */
async function settle<T>(
  parse: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: TencentCloudError }> {
  try {
    return { ok: true, value: await parse() };
  } catch (error) {
    if (!(error instanceof TencentCloudError)) throw error;
    return { ok: false, error };
  }
}

function checkFields(
  parsed: Parsed<object>,
  raw: Record<string, unknown>,
  fields: Readonly<Record<string, FieldKind>>,
) {
  const value = parsed.value as Record<string, unknown>;
  const flagged = new Set(parsed.issues.map((i) => i.field));
  for (const [field, kind] of Object.entries(fields)) {
    const rawValue = raw[field];
    const want = accepted(kind, rawValue);
    expect({ field, rawValue, value: value[field] }).toEqual({ field, rawValue, value: want });
    const bad = rawValue !== undefined && rawValue !== null && want === undefined;
    expect({ field, flagged: flagged.has(field) }).toEqual({ field, flagged: bad });
  }
}

interface FieldApi {
  readonly name: string;
  readonly valid: Record<string, unknown>;
  readonly fields: Readonly<Record<string, FieldKind>>;
  readonly parse: (caller: ApiCaller) => Promise<Parsed<object>>;
}

const FIELD_APIS: readonly FieldApi[] = [
  {
    name: 'DescribeAssetImageScanStatus',
    valid: VALID_IMAGE_SCAN_STATUS,
    fields: IMAGE_SCAN_STATUS_FIELDS,
    parse: (c: ApiCaller) => describeAssetImageScanStatus(c, { taskId: 't' }),
  },
  {
    name: 'DescribeAssetImageScanTask',
    valid: VALID_IMAGE_SCAN_TASK,
    fields: IMAGE_SCAN_TASK_FIELDS,
    parse: (c: ApiCaller) => describeAssetImageScanTask(c),
  },
  {
    name: 'DescribeScanState',
    valid: VALID_SCAN_STATE,
    fields: SCAN_STATE_FIELDS,
    parse: (c: ApiCaller) => describeScanState(c, { module: 'Baseline', strategyId: 1 }),
  },
  {
    name: 'DescribeVirusScanTaskStatus',
    valid: VALID_VIRUS_SCAN_STATUS,
    fields: VIRUS_SCAN_STATUS_FIELDS,
    parse: (c: ApiCaller) => describeVirusScanTaskStatus(c),
  },
];

describe.each(FIELD_APIS)('$name', ({ valid, fields, parse }) => {
  test('a fuzzed value in any field gives that field or nothing, and never fails the rest', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(valid), async (raw) => {
        const parsed = await parse(callerReturning(raw));
        checkFields(parsed, raw, fields);
        const extra = Object.keys(parsed.value).filter((k) => !(k in fields) && k !== 'VulIdCount');
        expect(extra).toEqual([]);
        if ('VulId' in valid) {
          const count = (parsed.value as { VulIdCount?: number }).VulIdCount;
          expect(count).toBe(fitsIdList(raw['VulId']) ? (raw['VulId'] as unknown[]).length : undefined);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('any whole response gives a partial result, or InvalidResponse when it is not an object', async () => {
    await fc.assert(
      fc.asyncProperty(responseValue, async (raw) => {
        const result = await settle(() => parse(callerReturning(raw)));
        if (isPlainObject(raw)) {
          expect(result.ok).toBe(true);
          if (result.ok) checkFields(result.value, raw, fields);
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error).toBeInstanceOf(InvalidResponseError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('DescribeBaselineStrategyList', () => {
  const strategyList = fc.oneof(
    fieldValue,
    fc.array(
      fc.oneof(fc.record({ StrategyId: fieldValue, StrategyName: fc.string({ maxLength: 5 }) }), fieldValue),
      { maxLength: 6 },
    ),
  );
  const page = fc.oneof(
    fc.record({ StrategyList: strategyList, TotalCount: fieldValue }, { requiredKeys: [] }),
    responseValue,
  );

  test('strategy ids are exactly the integer ids listed; anything else is skipped and reported', async () => {
    await fc.assert(
      fc.asyncProperty(page, async (raw) => {
        const result = await settle(() =>
          describeBaselineStrategyList(callerReturning(raw), { limit: 100, offset: 0, enabled: 1 }),
        );
        if (!isPlainObject(raw)) {
          expect(!result.ok && result.error instanceof InvalidResponseError).toBe(true);
          return;
        }
        const list = raw['StrategyList'];
        // A list that is not a list: the page is unusable (an empty one would be made up).
        if (list !== undefined && list !== null && !Array.isArray(list)) {
          expect(!result.ok && result.error instanceof InvalidResponseError).toBe(true);
          return;
        }
        if (!result.ok) throw result.error;
        const { value } = result.value;
        if (list === undefined || list === null) expect(value.strategyIds).toEqual([]);
        else {
          // Integer ids, as numbers (the model) or digit strings (the official example).
          const ids = list
            .map((entry) => accepted('count', isPlainObject(entry) ? entry['StrategyId'] : undefined))
            .filter((id) => id !== undefined);
          expect(value.strategyIds).toEqual(ids);
        }
        expect(value.totalCount).toBe(accepted('count', raw['TotalCount']));
      }),
      { numRuns: RUNS },
    );
  });
});

/** The expiry an STS answer states: `ExpiredTime` (unix seconds, a number or digits) or the ISO `Expiration`. */
function expiryOf(raw: Record<string, unknown>): number | undefined {
  const seconds = raw['ExpiredTime'];
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0)
    return Math.floor(seconds * 1000);
  if (typeof seconds === 'string' && /^\d{1,12}$/.test(seconds)) return Number(seconds) * 1000;
  const ms = typeof raw['Expiration'] === 'string' ? Date.parse(raw['Expiration']) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

describe.each([
  [
    'AssumeRole',
    (c: ApiCaller) => assumeRole(c, { roleArn: 'qcs::cam::uin/1:roleName/r', roleSessionName: 'fuzz' }),
  ],
  [
    'AssumeRoleWithWebIdentity',
    (c: ApiCaller) =>
      assumeRoleWithWebIdentity(c, {
        providerId: 'p',
        webIdentityToken: 't',
        roleArn: 'qcs::cam::uin/1:roleName/r',
        roleSessionName: 'fuzz',
      }),
  ],
] as const)('%s', (_name, call) => {
  const secretText = fc.oneof(fieldValue, fc.stringMatching(/^SECRET[A-Za-z0-9]{4,12}$/));
  const answer = fc.oneof(
    fc.record(
      {
        Credentials: fc.oneof(
          fc.record(
            { TmpSecretId: secretText, TmpSecretKey: secretText, Token: secretText },
            { requiredKeys: [] },
          ),
          fieldValue,
        ),
        ExpiredTime: fc.oneof(fieldValue, fc.integer({ min: 0, max: 2 ** 31 })),
        Expiration: fc.oneof(fieldValue, fc.constant('2030-01-01T00:00:00Z')),
      },
      { requiredKeys: [] },
    ),
    responseValue,
  );

  test('credentials are all taken as sent or refused whole, with an error naming no secret', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (raw) => {
        const result = await settle(() => call(callerReturning(raw)));
        const creds = isPlainObject(raw) && isPlainObject(raw['Credentials']) ? raw['Credentials'] : {};
        const expiresAt = isPlainObject(raw) ? expiryOf(raw) : undefined;
        const complete =
          ['TmpSecretId', 'TmpSecretKey', 'Token'].every(
            (k) => typeof creds[k] === 'string' && creds[k] !== '',
          ) && expiresAt !== undefined;
        if (complete) {
          expect(result).toEqual({
            ok: true,
            value: {
              secretId: creds['TmpSecretId'],
              secretKey: creds['TmpSecretKey'],
              token: creds['Token'],
              expiresAt,
            },
          });
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toBeInstanceOf(InvalidResponseError);
        for (const key of ['TmpSecretKey', 'Token']) {
          const secret = creds[key];
          if (typeof secret === 'string' && secret.length >= 4)
            expect(result.error.message).not.toContain(secret);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
