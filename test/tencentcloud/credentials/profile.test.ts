import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import {
  ProfileCredentialProvider,
  profileFiles,
  resolveProfileFile,
} from '../../../src/tencentcloud/credentials/profile.js';

const FILE = `[default]
secret_id = AKIDdefault
secret_key = defaultsecret

[prod]
secret_id=AKIDprod
secret_key=prodsecret
token = prodtoken

[no-key]
secret_id = AKIDnokey

[eu.west]
secret_id = AKIDeu
secret_key = eusecret
`;

describe('ProfileCredentialProvider', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'creds-profile-'));
    file = join(dir, 'credentials');
    await writeFile(file, FILE);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [undefined, { secretId: 'AKIDdefault', secretKey: 'defaultsecret' }],
    ['prod', { secretId: 'AKIDprod', secretKey: 'prodsecret', token: 'prodtoken' }],
    ['eu.west', { secretId: 'AKIDeu', secretKey: 'eusecret' }],
  ])('reads section %s', async (profile, expected) => {
    const provider = new ProfileCredentialProvider({ file, profile });
    expect(provider.source).toBe(`profile:${file}[${profile ?? 'default'}]`);
    await expect(provider.getCredentials()).resolves.toEqual(expected);
  });

  it.each([
    ['a missing section', 'staging', 'has no section [staging]'],
    ['a missing key', 'no-key', 'section [no-key] of file FILE has no secret_key'],
  ])('names file and section for %s, never a value', async (_name, profile, reason) => {
    const err = await new ProfileCredentialProvider({ file, profile })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect((err as CredentialSourceError).message).toContain(reason.replace('FILE', file));
    expect((err as CredentialSourceError).message).toContain(file);
    expect((err as CredentialSourceError).message).not.toMatch(/AKID|secret(?!_)/);
  });

  it('names the file when it does not exist, and retries at the next call', async () => {
    const later = join(dir, 'later');
    const provider = new ProfileCredentialProvider({ file: later });
    await expect(provider.getCredentials()).rejects.toThrow(`file ${later} does not exist`);
    await writeFile(later, '[default]\nsecret_id = AKIDlater\nsecret_key = latersecret\n');
    await expect(provider.getCredentials()).resolves.toEqual({
      secretId: 'AKIDlater',
      secretKey: 'latersecret',
    });
  });

  it('finds the file through TENCENTCLOUD_CREDENTIALS_FILE, then the home directory', async () => {
    const viaEnv = new ProfileCredentialProvider({
      env: { TENCENTCLOUD_CREDENTIALS_FILE: file },
      homeDir: '/nowhere',
    });
    await expect(viaEnv.getCredentials()).resolves.toEqual({
      secretId: 'AKIDdefault',
      secretKey: 'defaultsecret',
    });
    expect(resolveProfileFile({ env: {}, homeDir: '/home/u' })).toBe('/home/u/.tencentcloud/credentials');
    expect(resolveProfileFile({ file: '/a', env: { TENCENTCLOUD_CREDENTIALS_FILE: '/b' } })).toBe('/a');
  });

  it('falls back to the system-wide file when the home directory has none, as the SDKs do', async () => {
    const system = join(dir, 'system-credentials');
    await writeFile(system, '[default]\nsecret_id = AKIDsystem\nsecret_key = systemsecret\n');
    const provider = new ProfileCredentialProvider({
      env: {},
      homeDir: join(dir, 'no-home'),
      systemFile: system,
    });
    expect(profileFiles({ env: {}, homeDir: '/home/u' })).toEqual([
      '/home/u/.tencentcloud/credentials',
      '/etc/tencentcloud/credentials',
    ]);
    await expect(provider.getCredentials()).resolves.toEqual({
      secretId: 'AKIDsystem',
      secretKey: 'systemsecret',
    });
    expect(provider.source).toBe(`profile:${system}[default]`);
  });

  it('does not fall back when a file is named explicitly', async () => {
    const named = join(dir, 'named-missing');
    expect(profileFiles({ file: named, homeDir: '/home/u' })).toEqual([named]);
    const provider = new ProfileCredentialProvider({ file: named, systemFile: file });
    await expect(provider.getCredentials()).rejects.toThrow(`file ${named} does not exist`);
  });
});
