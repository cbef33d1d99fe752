/**
 * Fuzzes whole HTTP answers: arbitrary bytes, arbitrary `Response` objects, bodies cut short and
 * error statuses, first through the envelope parser and then through a real client against a
 * tiny local server. Every answer ends in a response object or a typed error, and the `code`
 * reported for the attempt is the typed error's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describeAssetImageScanStatus } from '../../src/tencentcloud/apis/tcss.js';
import { TencentCloudClient } from '../../src/tencentcloud/client.js';
import { parseEnvelope } from '../../src/tencentcloud/envelope.js';
import {
  ApiError,
  HttpStatusError,
  InvalidResponseError,
  TencentCloudError,
} from '../../src/tencentcloud/errors.js';
import type { RequestEvent } from '../../src/tencentcloud/types.js';
import { isErrorCode } from '../../src/util/error-code.js';
import { VALID_IMAGE_SCAN_STATUS } from './field-oracle.js';
import { fieldValue, responseValue } from './fuzz-values.js';

const CONTEXT = { account: 'fuzz', service: 'tcss', action: 'DescribeAssetImageScanStatus' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function outcome(run: () => unknown): { ok: true; value: unknown } | { ok: false; error: TencentCloudError } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (!(error instanceof TencentCloudError)) throw error;
    return { ok: false, error };
  }
}

/** `Response` objects: valid ones with fuzzed fields, fuzzed errors, and anything at all. */
const responseObject = fc.oneof(
  fc.record(Object.fromEntries(Object.keys(VALID_IMAGE_SCAN_STATUS).map((k) => [k, fieldValue])), {
    requiredKeys: [],
  }),
  fc.record(
    {
      Error: fc.oneof(fc.record({ Code: fieldValue, Message: fieldValue }, { requiredKeys: [] }), fieldValue),
      RequestId: fieldValue,
    },
    { requiredKeys: [] },
  ),
  responseValue,
);

describe('parseEnvelope', () => {
  test('arbitrary bytes give a response object or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = outcome(() => parseEnvelope(200, Buffer.from(bytes), CONTEXT));
        // `outcome` rethrows an untyped error; a success must be the `Response` object.
        if (result.ok) expect(isPlainObject(result.value)).toBe(true);
        else expect(result.error).toBeInstanceOf(TencentCloudError);
      }),
      { numRuns: 500 },
    );
  });

  test('any Response is returned as sent, refused as an ApiError with its code, or refused as invalid', () => {
    fc.assert(
      fc.property(responseObject, (response) => {
        const result = outcome(() =>
          parseEnvelope(200, Buffer.from(JSON.stringify({ Response: response })), CONTEXT),
        );
        if (!isPlainObject(response)) {
          expect(!result.ok && result.error instanceof InvalidResponseError).toBe(true);
          return;
        }
        // What the wire carries: JSON writes Infinity and NaN as null.
        const error = (JSON.parse(JSON.stringify(response)) as Record<string, unknown>)['Error'];
        if (error === undefined || error === null) {
          expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(response)) });
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const code = isPlainObject(error) ? error['Code'] : undefined;
        // Only codes of the documented shape are the API's error codes (and `code` label values).
        if (typeof code === 'string' && isErrorCode(code)) {
          expect(result.error).toBeInstanceOf(ApiError);
          expect(result.error.code).toBe(code);
        } else expect(result.error).toBeInstanceOf(InvalidResponseError);
      }),
      { numRuns: 500 },
    );
  });

  test('a JSON body cut anywhere is InvalidResponse, never a partial object', () => {
    const body = JSON.stringify({ Response: VALID_IMAGE_SCAN_STATUS });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), (cut) => {
        const result = outcome(() => parseEnvelope(200, Buffer.from(body.slice(0, cut)), CONTEXT));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('InvalidResponse');
      }),
    );
  });

  test('any status but 200 is an HttpError with a short excerpt, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }).filter((s) => s !== 200),
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.constant('<html><body><h1>502 Bad Gateway</h1></body></html>'),
        ),
        (status, body) => {
          const result = outcome(() => parseEnvelope(status, Buffer.from(body), CONTEXT));
          expect(!result.ok && result.error instanceof HttpStatusError).toBe(true);
          if (!result.ok) expect((result.error as HttpStatusError).excerpt.length).toBeLessThanOrEqual(201);
        },
      ),
    );
  });
});

describe('the client against a server answering fuzzed bodies', () => {
  let server: Server;
  let next: { status: number; body: Buffer } = { status: 200, body: Buffer.alloc(0) };
  let client: TencentCloudClient;
  const events: RequestEvent[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(next.status, {
          'Content-Type': 'application/json',
          'Content-Length': next.body.length,
        });
        res.end(next.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new TencentCloudClient({
      account: 'fuzz',
      credentials: {
        source: 'static',
        getCredentials: async () => ({ secretId: 'AKIDfuzz', secretKey: 'fuzz-key' }),
      },
      endpoint: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 1 },
      hooks: { onRequest: (event) => events.push(event) },
    });
  });

  afterAll(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const answer = fc.oneof(
    fc.record({
      status: fc.constant(200),
      body: fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
    }),
    fc.record({
      status: fc.constant(200),
      body: responseObject.map((r) => Buffer.from(JSON.stringify({ Response: r }))),
    }),
    fc.record({
      status: fc.constantFrom(400, 404, 429, 500, 502, 503),
      body: fc.string({ maxLength: 100 }).map((s) => Buffer.from(s)),
    }),
  );

  test('each answer gives a partial result or a typed error, and the attempt is counted under its code', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        next = a;
        events.length = 0;
        let code = 'Success';
        try {
          const parsed = await describeAssetImageScanStatus(client, { taskId: 't' });
          expect(isPlainObject(parsed.value)).toBe(true);
        } catch (error) {
          if (!(error instanceof TencentCloudError)) throw error;
          code = error.code;
        }
        expect(events.map((e) => e.code)).toEqual([code]);
      }),
      { numRuns: 60 },
    );
  });
});
