import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Simulator, startSimulator } from '../../../src/simulator/index.js';
import { TencentCloudClient } from '../../../src/tencentcloud/client.js';
import {
  CvmRoleCredentialProvider,
  metadataCredentialsUrl,
} from '../../../src/tencentcloud/credentials/cvm-role.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import type { ActionSpec } from '../../../src/tencentcloud/types.js';

const DESCRIBE_SCAN_STATE: ActionSpec = {
  service: 'cwp',
  version: '2018-02-28',
  action: 'DescribeScanState',
};
const PREFIX = '/latest/meta-data/cam/security-credentials/';

interface Route {
  status: number;
  body: string;
}

/** A stand-in metadata service whose answers each test sets; it records the paths asked for. */
async function startMetadata(): Promise<{
  url: string;
  routes: Map<string, Route>;
  paths: string[];
  close(): Promise<void>;
}> {
  const routes = new Map<string, Route>();
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (route?.status === 0) return; // hang: never answer
    res.writeHead(route?.status ?? 404, { 'content-type': 'text/plain' });
    res.end(route?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NOW_S = 1_700_000_000;
const doc = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    TmpSecretId: 'AKIDcvm',
    TmpSecretKey: 'cvmsecret',
    Token: 'cvmtoken',
    ExpiredTime: NOW_S + 7200,
    Expiration: '2023-11-14T23:13:20Z',
    Code: 'Success',
    ...overrides,
  });

describe('metadataCredentialsUrl', () => {
  it.each([
    [undefined, 'http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/'],
    ['http://127.0.0.1:9', 'http://127.0.0.1:9/latest/meta-data/cam/security-credentials/'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9/latest/meta-data/cam/security-credentials/'],
    [
      'http://h/latest/meta-data/cam/security-credentials/',
      'http://h/latest/meta-data/cam/security-credentials/',
    ],
  ])('resolves %s', (endpoint, expected) => {
    expect(metadataCredentialsUrl(endpoint)).toBe(expected);
  });
});

describe('CvmRoleCredentialProvider (stand-in metadata service)', () => {
  let md: Awaited<ReturnType<typeof startMetadata>>;
  const now = () => NOW_S * 1000;

  beforeEach(async () => {
    md = await startMetadata();
  });
  afterEach(async () => {
    await md.close();
  });

  it('discovers the role, then reads and caches its credentials', async () => {
    md.routes.set(PREFIX, { status: 200, body: 'exporter-role\n' });
    md.routes.set(`${PREFIX}exporter-role`, { status: 200, body: doc() });
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: md.url, now });
    expect(provider.source).toBe('cvm-role');
    const expected = {
      secretId: 'AKIDcvm',
      secretKey: 'cvmsecret',
      token: 'cvmtoken',
      expiresAt: (NOW_S + 7200) * 1000,
    };
    await expect(provider.getCredentials()).resolves.toEqual(expected);
    await expect(provider.getCredentials()).resolves.toEqual(expected);
    expect(md.paths).toEqual([PREFIX, `${PREFIX}exporter-role`]);
  });

  it('uses a configured role name without discovery', async () => {
    md.routes.set(`${PREFIX}given`, { status: 200, body: doc() });
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: md.url, roleName: 'given', now });
    expect(provider.source).toBe('cvm-role:given');
    await provider.getCredentials();
    expect(md.paths).toEqual([`${PREFIX}given`]);
  });

  it.each([
    ['no role bound', [], 'no CAM role is bound to this instance (HTTP 404)'],
    ['role list fails', [[PREFIX, 500, 'oops']], 'HTTP 500 for the role name'],
    ['empty role list', [[PREFIX, 200, '\n']], 'returned no role name'],
    ['role unbound', [[PREFIX, 200, 'r']], 'role r is not bound to this instance (HTTP 404)'],
    [
      'not JSON',
      [
        [PREFIX, 200, 'r'],
        [`${PREFIX}r`, 200, 'AKIDcvm cvmsecret'],
      ],
      'is not JSON',
    ],
    [
      'Code not Success',
      [
        [PREFIX, 200, 'r'],
        [`${PREFIX}r`, 200, doc({ Code: 'Failed' })],
      ],
      'has Code Failed',
    ],
    [
      'fields missing',
      [
        [PREFIX, 200, 'r'],
        [`${PREFIX}r`, 200, doc({ Token: undefined, ExpiredTime: 'x' })],
      ],
      'lacks Token, ExpiredTime',
    ],
  ] as const)('reports %s without leaking the document', async (_name, routes, reason) => {
    for (const [path, status, body] of routes) md.routes.set(path, { status, body });
    const err = (await new CvmRoleCredentialProvider({ metadataEndpoint: md.url, now })
      .getCredentials()
      .catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain(reason);
    expect(err.message).not.toMatch(/cvmsecret|cvmtoken|AKIDcvm/);
  });

  it('gives up on a hanging metadata service after its timeout', async () => {
    md.routes.set(PREFIX, { status: 0, body: '' });
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: md.url, timeoutMs: 300, now });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain('did not answer within 300 ms');
  });

  it('reports an unreachable metadata service', async () => {
    const url = md.url;
    await md.close();
    const err = (await new CvmRoleCredentialProvider({ metadataEndpoint: url, now })
      .getCredentials()
      .catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain('cannot reach metadata service');
    md = await startMetadata();
  });

  it('rediscovers the role after it was replaced', async () => {
    md.routes.set(PREFIX, { status: 200, body: 'old' });
    md.routes.set(`${PREFIX}old`, { status: 200, body: doc({ ExpiredTime: NOW_S + 600 }) });
    let t = NOW_S * 1000;
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: md.url, now: () => t });
    await provider.getCredentials();
    md.routes.delete(`${PREFIX}old`);
    md.routes.set(PREFIX, { status: 200, body: 'new' });
    md.routes.set(`${PREFIX}new`, {
      status: 200,
      body: doc({ TmpSecretId: 'AKIDnew', ExpiredTime: NOW_S + 7200 }),
    });
    t += 600_000;
    await expect(provider.getCredentials()).rejects.toThrow('role old is not bound');
    await expect(provider.getCredentials()).resolves.toMatchObject({ secretId: 'AKIDnew' });
  });
});

describe('CvmRoleCredentialProvider (simulator)', () => {
  let sim: Simulator;
  let client: TencentCloudClient | undefined;

  beforeAll(async () => {
    sim = await startSimulator({
      accounts: [{ name: 'node', secretId: 'AKIDnodeperm', secretKey: 'nodepermsecret' }],
      metadataRole: { roleName: 'exporter-role', account: 'node', durationSeconds: 3600 },
    });
  });
  afterEach(async () => {
    sim.setFault('metadata', null);
    await client?.close();
    client = undefined;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('gets temporary credentials that the API accepts', async () => {
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: sim.url });
    const creds = await provider.getCredentials();
    expect(creds.token).toBeTruthy();
    expect(creds.expiresAt).toBeGreaterThan(Date.now() + 3000_000);
    client = new TencentCloudClient({ account: 'node', credentials: provider, endpoint: sim.url });
    const res = await client.call(DESCRIBE_SCAN_STATE, { ModuleType: 'Malware' });
    expect(typeof res.ScanState).toBe('number');
  });

  it('fails with a timeout error when the metadata service hangs', async () => {
    sim.setFault('metadata', { fault: { kind: 'hang' } });
    const provider = new CvmRoleCredentialProvider({ metadataEndpoint: sim.url, timeoutMs: 300 });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain('did not answer within 300 ms');
  });

  it('reports a metadata error code without leaking anything', async () => {
    sim.setFault('metadata', {
      fault: { kind: 'error', code: 'InternalError' },
      actions: ['MetadataCredentials'],
    });
    const err = (await new CvmRoleCredentialProvider({ metadataEndpoint: sim.url })
      .getCredentials()
      .catch((e: unknown) => e)) as CredentialSourceError;
    expect(err.reason).toContain('has Code InternalError, not Success');
  });
});
