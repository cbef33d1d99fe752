import { type Simulator, startSimulator } from '../../../src/simulator/index.js';
import { TencentCloudClient } from '../../../src/tencentcloud/client.js';
import { AssumeRoleProvider } from '../../../src/tencentcloud/credentials/assume-role.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import { StaticCredentialProvider } from '../../../src/tencentcloud/credentials/static.js';
import type { ActionSpec, ApiCaller, ApiResponse, CallOptions } from '../../../src/tencentcloud/types.js';

const ROLE = 'qcs::cam::uin/100000000002:roleName/scan-reader';

/** Records calls and answers like STS would, or fails. */
function fakeSts(answer: () => Promise<ApiResponse>) {
  const calls: { spec: ActionSpec; payload: Record<string, unknown>; options?: CallOptions }[] = [];
  const caller: ApiCaller = {
    account: 'source-account',
    call(spec, payload, options) {
      calls.push({ spec, payload, options });
      return answer();
    },
  };
  return { caller, calls };
}

describe('AssumeRoleProvider (unit)', () => {
  it('calls STS AssumeRole with the role inputs and returns the temporary credentials', async () => {
    const now = 1_700_000_000_000;
    const { caller, calls } = fakeSts(async () => ({
      Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpkey', Token: 'tmptoken' },
      ExpiredTime: now / 1000 + 3600,
      RequestId: 'r1',
    }));
    const provider = new AssumeRoleProvider({
      caller,
      roleArn: ROLE,
      sessionName: 'exporter',
      durationSeconds: 3600,
      externalId: 'ext-1',
      now: () => now,
    });
    expect(provider.source).toBe(`assume-role:${ROLE}`);
    await expect(provider.getCredentials()).resolves.toEqual({
      secretId: 'AKIDtmp',
      secretKey: 'tmpkey',
      token: 'tmptoken',
      expiresAt: now + 3600_000,
    });
    await provider.getCredentials();
    expect(calls).toEqual([
      {
        spec: { service: 'sts', version: '2018-08-13', action: 'AssumeRole' },
        payload: { RoleArn: ROLE, RoleSessionName: 'exporter', DurationSeconds: 3600, ExternalId: 'ext-1' },
        options: { region: 'ap-guangzhou' },
      },
    ]);
  });

  it('leaves ExternalId out when not given and defaults the duration to 7200 s', async () => {
    const { caller, calls } = fakeSts(async () => ({
      Credentials: { TmpSecretId: 'a', TmpSecretKey: 'b', Token: 'c' },
      ExpiredTime: Date.now() / 1000 + 7200,
    }));
    await new AssumeRoleProvider({ caller, roleArn: ROLE, sessionName: 'exporter' }).getCredentials();
    expect(calls[0]?.payload).toEqual({ RoleArn: ROLE, RoleSessionName: 'exporter', DurationSeconds: 7200 });
  });

  it.each([
    ['session name', { sessionName: 'bad name!', durationSeconds: 3600 }, 'session name'],
    ['duration', { sessionName: 'ok', durationSeconds: 60 }, 'duration 60 s'],
  ])('rejects a bad %s at construction', (_name, inputs, message) => {
    const { caller } = fakeSts(async () => ({}));
    expect(() => new AssumeRoleProvider({ caller, roleArn: ROLE, ...inputs })).toThrow(CredentialSourceError);
    expect(() => new AssumeRoleProvider({ caller, roleArn: ROLE, ...inputs })).toThrow(message);
  });

  it('wraps an STS failure in a CredentialSourceError naming the role and the calling account', async () => {
    const apiError = Object.assign(new Error('You are not authorized to perform this operation'), {
      code: 'AuthFailure.UnauthorizedOperation',
    });
    const { caller } = fakeSts(() => Promise.reject(apiError));
    const err = (await new AssumeRoleProvider({ caller, roleArn: ROLE, sessionName: 'exporter' })
      .getCredentials()
      .catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.source).toBe(`assume-role:${ROLE}`);
    expect(err.reason).toContain('as account source-account');
    expect(err.reason).toContain('AuthFailure.UnauthorizedOperation');
    expect(err.cause).toBe(apiError);
  });
});

describe('AssumeRoleProvider (simulator)', () => {
  const TARGET_UIN = '100000000002';
  const TARGET_ROLE = `qcs::cam::uin/${TARGET_UIN}:roleName/scan-reader`;
  const DESCRIBE_SCAN_STATE: ActionSpec = {
    service: 'cwp',
    version: '2018-02-28',
    action: 'DescribeScanState',
  };
  let sim: Simulator;
  const clients: TencentCloudClient[] = [];
  const client = (account: string, secretId: string, secretKey: string, token?: string) => {
    const c = new TencentCloudClient({
      account,
      credentials: new StaticCredentialProvider(secretId, secretKey, token),
      endpoint: sim.url,
      retry: { maxAttempts: 1 },
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    sim = await startSimulator({
      accounts: [
        { name: 'central', secretId: 'AKIDcentral', secretKey: 'centralsecret', uin: '100000000001' },
        { name: 'prod', secretId: 'AKIDprod', secretKey: 'prodsecret', uin: TARGET_UIN },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.close();
  });

  it('assumes the role and the temporary credentials work for DescribeScanState with X-TC-Token', async () => {
    const provider = new AssumeRoleProvider({
      caller: client('central', 'AKIDcentral', 'centralsecret'),
      roleArn: TARGET_ROLE,
      sessionName: 'scan-exporter',
      durationSeconds: 900,
      externalId: 'ext',
    });
    const creds = await provider.getCredentials();
    expect(creds.secretId).not.toBe('AKIDprod');
    expect(creds.token).toBeTruthy();
    expect(creds.expiresAt).toBeGreaterThan(Date.now() + 800_000);

    const prod = new TencentCloudClient({ account: 'prod', credentials: provider, endpoint: sim.url });
    clients.push(prod);
    const res = await prod.call(DESCRIBE_SCAN_STATE, { ModuleType: 'Vul' });
    expect(typeof res.ScanState).toBe('number');

    // The token is what makes the temporary key valid.
    await expect(
      client('prod', creds.secretId, creds.secretKey).call(DESCRIBE_SCAN_STATE, { ModuleType: 'Vul' }),
    ).rejects.toThrow(/AuthFailure/);

    const stats = sim.stats().requests;
    expect(stats).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'AssumeRole', code: 'Success' }),
        expect.objectContaining({ account: 'prod', action: 'DescribeScanState', code: 'Success' }),
      ]),
    );
  });

  it.each([
    ['the source key is wrong', 'wrongsecret', TARGET_ROLE, /AuthFailure/],
    [
      'the role account does not exist',
      'centralsecret',
      'qcs::cam::uin/999:roleName/x',
      /ResourceNotFound\.RoleNotFound/,
    ],
  ])('fails with a CredentialSourceError when %s', async (_name, secretKey, roleArn, code) => {
    const provider = new AssumeRoleProvider({
      caller: client('central', 'AKIDcentral', secretKey),
      roleArn,
      sessionName: 'scan-exporter',
      durationSeconds: 900,
    });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toMatch(code);
    expect(err.message).not.toContain(secretKey);
  });
});
