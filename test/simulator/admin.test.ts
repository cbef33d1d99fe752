import { startTestSimulator, type TestSimulator } from './fixture.js';
import { codeOf } from './sign-helper.js';

const STATUS = 'DescribeAssetImageScanStatus';
let t: TestSimulator;

beforeAll(async () => {
  t = await startTestSimulator();
});
afterAll(async () => {
  await t.sim.close();
});

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.sim.url}/_simulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('admin API', () => {
  it('sets and clears a fault', async () => {
    expect(
      (await admin('PUT', 'faults/alice', { fault: { kind: 'error', code: 'InternalError' } })).status,
    ).toBe(204);
    expect(codeOf(await t.call(STATUS))).toBe('InternalError');
    expect((await admin('DELETE', 'faults/alice')).status).toBe(204);
    expect(codeOf(await t.call(STATUS))).toBe('Success');
  });

  it('decodes the account name', async () => {
    t.sim.addAccount({ name: 'team a/prod', secretId: 'AKIDteam', secretKey: 'k' });
    await admin('PUT', `faults/${encodeURIComponent('team a/prod')}`, {
      fault: { kind: 'non_json' },
      times: 1,
    });
    const result = await t.call(STATUS, {}, { name: 'team a/prod', secretId: 'AKIDteam', secretKey: 'k' });
    expect(result.response).toBeUndefined();
  });

  it('serves and resets the stats', async () => {
    await admin('DELETE', 'stats');
    await t.call(STATUS);
    const stats = await admin('GET', 'stats');
    expect(stats.status).toBe(200);
    expect(stats.json).toEqual({
      requests: [{ account: 'alice', action: STATUS, code: 'Success', count: 1 }],
      throttled: 0,
      maxRequestsInAnySecond: { [`alice/${STATUS}`]: 1 },
    });
    expect((await admin('DELETE', 'stats')).status).toBe(204);
    expect((await admin('GET', 'stats')).json).toEqual({
      requests: [],
      throttled: 0,
      maxRequestsInAnySecond: {},
    });
  });

  it('adds an account', async () => {
    const account = { name: 'carol', secretId: 'AKIDcarol', secretKey: 'carol-key', imageTotal: 12 };
    expect((await admin('POST', 'accounts', account)).status).toBe(204);
    expect((await t.call(STATUS, {}, account)).response?.['ImageTotal']).toBe(12);
  });

  it.each([
    ['PUT', 'faults/alice', { fault: { kind: 'explode' } }, 400, /fault/],
    ['PUT', 'faults/alice', { fault: { kind: 'latency' } }, 400, /ms/],
    ['PUT', 'faults/alice', { fault: { kind: 'hang' }, times: -1 }, 400, /times/],
    ['PUT', 'faults/alice', '{not json', 400, /JSON/],
    ['POST', 'accounts', { name: 'x' }, 400, /secretId/],
    ['GET', 'nothing', undefined, 404, /no admin route/],
    ['POST', 'stats', undefined, 405, /not allowed/],
  ])('%s %s answers %i', async (method, path, body, status, message) => {
    const result = await admin(method, path, body);
    expect(result.status).toBe(status);
    expect(String(result.json?.['error'])).toMatch(message);
  });
});
