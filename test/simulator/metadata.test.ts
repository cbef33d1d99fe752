import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { CWP, callApi, codeOf } from './sign-helper.js';

const PREFIX = '/latest/meta-data/cam/security-credentials/';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    accounts: [{ name: 'node', secretId: 'AKIDnode', secretKey: 'node-key' }],
    metadataRole: { roleName: 'exporter-role', account: 'node', durationSeconds: 3600 },
  });
});
afterEach(() => {
  sim.setFault('metadata', null);
});
afterAll(async () => {
  await sim.close();
});

describe('CVM metadata credentials', () => {
  it('names the role', async () => {
    const res = await fetch(sim.url + PREFIX);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('exporter-role');
  });

  it('gives temporary credentials that the API accepts for the configured account', async () => {
    const res = await fetch(`${sim.url}${PREFIX}exporter-role`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      TmpSecretId: expect.any(String),
      TmpSecretKey: expect.any(String),
      Token: expect.any(String),
      ExpiredTime: expect.any(Number),
      Expiration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      Code: 'Success',
    });
    expect(body['ExpiredTime']).toBeGreaterThan(Date.now() / 1000 + 3000);
    const result = await callApi({
      url: sim.url,
      action: 'DescribeScanState',
      ...CWP,
      secretId: body['TmpSecretId'] as string,
      secretKey: body['TmpSecretKey'] as string,
      token: body['Token'] as string,
      payload: { ModuleType: 'Malware' },
    });
    expect(codeOf(result)).toBe('Success');
    expect(sim.stats().requests).toEqual(
      expect.arrayContaining([{ account: 'node', action: 'DescribeScanState', code: 'Success', count: 1 }]),
    );
  });

  it('gives the same credentials until they near expiry', async () => {
    const first = (await (await fetch(`${sim.url}${PREFIX}exporter-role`)).json()) as Record<string, unknown>;
    const second = (await (await fetch(`${sim.url}${PREFIX}exporter-role`)).json()) as Record<
      string,
      unknown
    >;
    expect(second['TmpSecretId']).toBe(first['TmpSecretId']);
  });

  it('answers 404 for another role', async () => {
    expect((await fetch(`${sim.url}${PREFIX}other-role`)).status).toBe(404);
  });

  it('hangs when the metadata account has the hang fault', async () => {
    sim.setFault('metadata', { fault: { kind: 'hang' } });
    await expect(fetch(sim.url + PREFIX, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it('applies other faults to the listed metadata actions', async () => {
    sim.setFault('metadata', {
      fault: { kind: 'http_status', status: 500 },
      actions: ['MetadataCredentials'],
    });
    expect((await fetch(sim.url + PREFIX)).status).toBe(200);
    expect((await fetch(`${sim.url}${PREFIX}exporter-role`)).status).toBe(500);
  });

  it('answers 404 when no metadata role is configured', async () => {
    const other = await startSimulator({ accounts: [] });
    try {
      expect((await fetch(other.url + PREFIX)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
