import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TencentCloudClient } from '../../src/tencentcloud/client.js';
import { InvalidResponseError, NetworkError, TimeoutError } from '../../src/tencentcloud/errors.js';
import { signRequest } from '../../src/tencentcloud/signer.js';
import { closeAllPools, DEFAULT_TIMEOUTS, mapTransportError } from '../../src/tencentcloud/transport.js';
import type { ClientOptions } from '../../src/tencentcloud/types.js';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const OK = JSON.stringify({ Response: { Status: 'END', RequestId: 'r-1' } });
const SECRET = { secretId: 'AKIDraw', secretKey: 'raw-secret-key' };
const STATUS = { service: 'tcss', version: '2020-11-01', action: 'DescribeAssetImageScanStatus' };

let server: Server;
let url: string;
let seen: Seen[] = [];
/** How the server answers the next requests; set per test. */
let respond: (res: ServerResponse) => void = (res) => res.end(OK);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const clients: TencentCloudClient[] = [];
afterEach(async () => {
  seen = [];
  respond = (res) => res.end(OK);
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeAllPools();
});

function client(overrides: Partial<ClientOptions> = {}, token?: string) {
  const c = new TencentCloudClient({
    account: 'raw',
    credentials: {
      source: 'static',
      getCredentials: async () => ({ ...SECRET, ...(token ? { token } : {}) }),
    },
    endpoint: url,
    retry: { maxAttempts: 1 },
    ...overrides,
  });
  clients.push(c);
  return c;
}

describe('request headers', () => {
  it('sends the documented headers and a signature over them', async () => {
    const before = Math.floor(Date.now() / 1000);
    await client({ endpoint: `${url}/prefix`, language: 'zh-CN', region: 'ap-shanghai' }, 'tok-1').call(
      STATUS,
      {
        TaskID: 't',
      },
    );
    const request = seen[0]!;
    expect(request.url).toBe('/prefix/');
    expect(request.body.toString()).toBe('{"TaskID":"t"}');
    const h = request.headers;
    expect(h).toMatchObject({
      'content-type': 'application/json',
      host: new URL(url).host,
      'x-tc-action': 'DescribeAssetImageScanStatus',
      'x-tc-version': '2020-11-01',
      'x-tc-token': 'tok-1',
      'x-tc-language': 'zh-CN',
      'x-tc-region': 'ap-shanghai',
      'x-tc-requestclient': 'tencentcloud-scan-exporter',
    });
    const timestamp = Number(h['x-tc-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    const expected = signRequest({
      ...SECRET,
      service: 'tcss',
      host: h.host!,
      timestamp,
      body: request.body,
      contentType: 'application/json',
    });
    expect(h.authorization).toBe(expected.authorization);
  });

  it('omits the optional headers when not configured', async () => {
    await client().call(STATUS, {});
    const h = seen[0]!.headers;
    expect(seen[0]!.body.toString()).toBe('{}');
    for (const name of ['x-tc-token', 'x-tc-language', 'x-tc-region']) expect(h).not.toHaveProperty(name);
  });

  it('sends Authorization: SKIP and no token when unsigned, with a per-call region', async () => {
    await client({ requestClient: 'custom-client' }, 'tok-2').call(
      { service: 'sts', version: '2018-08-13', action: 'AssumeRoleWithWebIdentity' },
      {},
      { unsigned: true, region: 'ap-guangzhou' },
    );
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'SKIP',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-requestclient': 'custom-client',
    });
    expect(seen[0]!.headers).not.toHaveProperty('x-tc-token');
  });
});

describe('responses', () => {
  it('times out a body that stops arriving', async () => {
    respond = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"Response":');
    };
    const error = await client({ timeouts: { bodyMs: 100 } })
      .call(STATUS, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'body', timeoutMs: 100 });
  });

  it('stops reading a chunked body past the size limit', async () => {
    respond = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`{"Response":{"Pad":"${'x'.repeat(4096)}`);
      res.write('x'.repeat(4096));
      res.end('"}}');
    };
    const error = await client({ maxResponseBytes: 1000 })
      .call(STATUS, {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'too_large' });
  });

  it('reports a connection dropped mid-body as a (retryable) network error', async () => {
    respond = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 500 });
      res.write('{"Response":{');
      res.destroy();
    };
    const error = await client()
      .call(STATUS, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).retryable).toBe(true);
  });

  it.each([
    ['', 'not_json'],
    ['{"Response": [1]}', 'no_response'],
    ['{"Other": {}}', 'no_response'],
    ['"just a string"', 'no_response'],
    ['{"Response":{"Error":{"Message":"no code"}}}', 'no_response'],
    ['{"Response":{"Error":{"Code":""}}}', 'no_response'],
  ])('rejects the envelope %j as %s', async (body, reason) => {
    respond = (res) => res.end(body);
    const error = await client()
      .call(STATUS, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason });
  });

  it('keeps an error without a message', async () => {
    respond = (res) => res.end('{"Response":{"Error":{"Code":"ResourceNotFound"},"RequestId":"r-9"}}');
    await expect(client().call(STATUS, {})).rejects.toMatchObject({
      code: 'ResourceNotFound',
      apiMessage: '',
      requestId: 'r-9',
    });
  });

  it('returns a Response with Error: null as success', async () => {
    respond = (res) => res.end('{"Response":{"Error":null,"RequestId":"r-2"}}');
    await expect(client().call(STATUS, {})).resolves.toMatchObject({ RequestId: 'r-2' });
  });
});

describe('mapTransportError', () => {
  const ctx = { account: 'a', service: 's', action: 'A' };
  it.each([
    [
      { code: 'UND_ERR_CONNECT_TIMEOUT' },
      'Timeout',
      { phase: 'connect', timeoutMs: DEFAULT_TIMEOUTS.connectMs },
    ],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'Timeout', { phase: 'headers' }],
    [{ code: 'UND_ERR_BODY_TIMEOUT' }, 'Timeout', { phase: 'body' }],
    [{ code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' }, 'InvalidResponse', { reason: 'truncated' }],
    [
      Object.assign(new Error('other side closed'), {
        code: 'UND_ERR_SOCKET',
        cause: { code: 'ECONNRESET' },
      }),
      'NetworkError',
      { causeCode: 'ECONNRESET' },
    ],
    [
      Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
      'NetworkError',
      { causeCode: 'ENOTFOUND' },
    ],
    ['weird', 'NetworkError', { causeCode: 'UNKNOWN' }],
  ])('%j → %s', (error, code, fields) => {
    const mapped = mapTransportError(error, ctx, DEFAULT_TIMEOUTS);
    expect(mapped).toMatchObject({ code, ...fields });
  });
});
