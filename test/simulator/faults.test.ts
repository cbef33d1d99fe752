import { FaultBook, withNulls, withWrongTypes } from '../../src/simulator/faults.js';
import type { Fault } from '../../src/simulator/index.js';
import { ALICE, BOB, startTestSimulator, type TestSimulator } from './fixture.js';
import { codeOf } from './sign-helper.js';

const STATUS = 'DescribeAssetImageScanStatus';
let t: TestSimulator;

beforeAll(async () => {
  t = await startTestSimulator();
});
afterEach(() => {
  t.sim.setFault('alice', null);
  t.sim.resetStats();
});
afterAll(async () => {
  await t.sim.close();
});

function codesSeen(): Record<string, number> {
  return Object.fromEntries(
    t.sim.stats().requests.map((r) => [`${r.account} ${r.action} ${r.code}`, r.count]),
  );
}

describe('faults over HTTP', () => {
  it('http_status answers that status with an HTML body', async () => {
    t.sim.setFault('alice', { fault: { kind: 'http_status', status: 502 } });
    const result = await t.call(STATUS);
    expect(result.status).toBe(502);
    expect(result.headers.get('content-type')).toMatch(/^text\/html/);
    expect(result.text).toContain('502');
    expect(Number(result.headers.get('content-length'))).toBe(Buffer.byteLength(result.text));
  });

  it('truncated sends the start of a valid answer with a matching Content-Length', async () => {
    t.sim.setFault('alice', { fault: { kind: 'truncated' } });
    const result = await t.call(STATUS);
    expect(result.status).toBe(200);
    expect(result.text.startsWith('{"Response":{')).toBe(true);
    expect(Number(result.headers.get('content-length'))).toBe(Buffer.byteLength(result.text));
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it('non_json answers 200 with HTML', async () => {
    t.sim.setFault('alice', { fault: { kind: 'non_json' } });
    const result = await t.call(STATUS);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/html/);
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it('wrong_types turns numbers into strings, strings into numbers and arrays into objects', async () => {
    t.sim.setFault('alice', { fault: { kind: 'wrong_types' } });
    const status = (await t.call(STATUS)).response!;
    expect(status['ImageTotal']).toBe('250');
    expect(typeof status['Status']).toBe('number');
    expect(status['RequestId']).toEqual(expect.any(String));
    const state = (await t.call('DescribeScanState', { ModuleType: 'Vul' })).response!;
    expect(typeof state['ScanState']).toBe('string');
    expect(state['VulId']).toEqual(expect.any(Object));
    expect(Array.isArray(state['VulId'])).toBe(false);
  });

  it('nulls answers every output field null', async () => {
    t.sim.setFault('alice', { fault: { kind: 'nulls' } });
    const { RequestId, ...fields } = (await t.call('DescribeScanState', { ModuleType: 'Malware' })).response!;
    expect(RequestId).toEqual(expect.any(String));
    expect(Object.keys(fields).sort()).toEqual(
      [
        'KBNumber',
        'RiskEventCount',
        'ScanBeginTime',
        'ScanEndTime',
        'ScanState',
        'Schedule',
        'TaskId',
        'Type',
        'VulId',
      ].sort(),
    );
    expect(Object.values(fields).every((v) => v === null)).toBe(true);
  });

  it('error answers a Tencent error envelope with HTTP 200', async () => {
    t.sim.setFault('alice', { fault: { kind: 'error', code: 'InternalError', message: 'boom' } });
    const result = await t.call(STATUS);
    expect(result.status).toBe(200);
    expect(result.response).toEqual({
      Error: { Code: 'InternalError', Message: 'boom' },
      RequestId: expect.any(String),
    });
  });

  it('reset destroys the connection without an answer', async () => {
    t.sim.setFault('alice', { fault: { kind: 'reset' } });
    await expect(t.call(STATUS)).rejects.toThrow();
    expect(codesSeen()).toEqual({ [`alice ${STATUS} fault:reset`]: 1 });
  });

  it('hang never answers', async () => {
    t.sim.setFault('alice', { fault: { kind: 'hang' } });
    await expect(t.call(STATUS, {}, ALICE, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(codesSeen()).toEqual({ [`alice ${STATUS} fault:hang`]: 1 });
  });

  it('latency delays the answer', async () => {
    t.sim.setFault('alice', { fault: { kind: 'latency', ms: 60_000 } });
    await expect(t.call(STATUS, {}, ALICE, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    t.sim.setFault('alice', { fault: { kind: 'latency', ms: 20 } });
    expect(codeOf(await t.call(STATUS))).toBe('Success');
  });

  it('applies to the next `times` matching requests only', async () => {
    t.sim.setFault('alice', { fault: { kind: 'error', code: 'RequestLimitExceeded' }, times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(codeOf(await t.call(STATUS)));
    expect(codes).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', 'Success']);
  });

  it('applies only to the listed actions and only to its account', async () => {
    t.sim.setFault('alice', {
      fault: { kind: 'error', code: 'InternalError' },
      actions: ['DescribeScanState'],
      times: 1,
    });
    expect(codeOf(await t.call(STATUS))).toBe('Success');
    expect(codeOf(await t.call('DescribeScanState', { ModuleType: 'Vul' }, BOB))).toBe('Success');
    expect(codeOf(await t.call('DescribeScanState', { ModuleType: 'Vul' }))).toBe('InternalError');
    expect(codeOf(await t.call('DescribeScanState', { ModuleType: 'Vul' }))).toBe('Success');
  });

  it('is cleared by setFault(null)', async () => {
    t.sim.setFault('alice', { fault: { kind: 'non_json' } });
    t.sim.setFault('alice', null);
    expect(codeOf(await t.call(STATUS))).toBe('Success');
  });

  it('does not hide authentication errors behind answer faults', async () => {
    t.sim.setFault('alice', { fault: { kind: 'nulls' } });
    expect(codeOf(await t.call(STATUS, {}, { ...ALICE, secretKey: 'wrong' }))).toBe(
      'AuthFailure.SignatureFailure',
    );
  });
});

describe('FaultBook', () => {
  const kinds = new Set<Fault['kind']>(['error', 'hang']);

  it('gives a fault only for its kinds, and counts down its times only when given', () => {
    const book = new FaultBook();
    book.set('a', { fault: { kind: 'error', code: 'X' }, times: 1 });
    expect(book.take('a', 'Act', new Set(['hang']))).toBeUndefined();
    expect(book.take('a', 'Act', kinds)).toEqual({ kind: 'error', code: 'X' });
    expect(book.take('a', 'Act', kinds)).toBeUndefined();
  });

  it('treats times 0 as clearing', () => {
    const book = new FaultBook();
    book.set('a', { fault: { kind: 'hang' } });
    book.set('a', { fault: { kind: 'hang' }, times: 0 });
    expect(book.take('a', 'Act', kinds)).toBeUndefined();
  });
});

describe('answer rewrites', () => {
  it.each([
    [{ n: 12 }, { n: '12' }],
    [{ s: 'abc' }, { s: 3 }],
    [{ a: [1, 2] }, { a: { '0': 1, '1': 2 } }],
    [{ b: 10n }, { b: '10' }],
    [{ z: null }, { z: {} }],
  ])('withWrongTypes(%j) = %j', (input, expected) => {
    expect(withWrongTypes(input)).toEqual(expected);
  });

  it('withNulls keeps the keys', () => {
    expect(withNulls({ a: 1, b: 'x', c: [1] })).toEqual({ a: null, b: null, c: null });
  });
});
