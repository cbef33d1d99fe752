/**
 * No secret ever leaves the exporter: distinctive keys and tokens, given inline, from a file and
 * from the environment, are searched for in everything it prints (debug logs included), in `/`,
 * `/metrics`, the `--check` table and the messages of bad configs and failing accounts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, runExporter, waitFor } from '../helpers/exporter-process.js';
import { COLLECTORS, collectorGauge, parseExposition } from './fault-stack.js';

/** Each secret is long and unique, so a leak of any part of it is found by its middle. */
const SECRETS = {
  inlineKey: 'LeakInlineKey7f3a9c1e5b2d8f4a6c0e',
  fileKey: 'LeakFileKey2b7d9e1f3a5c8e0b4d6f1a',
  envKey: 'LeakEnvKey9c4e2a7f1b3d5e8a0c6f2b',
  token: 'LeakSessionToken5e1a8c3f7b9d2e4a6c0f8b1d',
  unknownKey: 'LeakUnknownKey3d8f1b6e9a2c4f7e0b5d3a',
  externalId: 'LeakExternalId8a2f5c9e1d7b3f6a0e4c',
} as const;
const ENV_VAR = 'SCAN_EXPORTER_LEAK_TEST_KEY';

const ACCOUNTS = {
  inline: { name: 'inline', secretId: 'AKIDleakInline000000000000000000000', secretKey: SECRETS.inlineKey },
  file: { name: 'fromfile', secretId: 'AKIDleakFile00000000000000000000000', secretKey: SECRETS.fileKey },
  env: { name: 'fromenv', secretId: 'AKIDleakEnv000000000000000000000000', secretKey: SECRETS.envKey },
};

let sim: Simulator;
let dir: string;
let keyFile: string;

function configFor(endpoint: string) {
  return {
    accounts: [
      { name: 'inline', secret_id: ACCOUNTS.inline.secretId, secret_key: SECRETS.inlineKey, endpoint },
      { name: 'fromfile', secret_id: ACCOUNTS.file.secretId, secret_key_file: keyFile, endpoint },
      { name: 'fromenv', secret_id: ACCOUNTS.env.secretId, secret_key_env: ENV_VAR, endpoint },
      // A token sent along (the simulator ignores it on a permanent key), and a key the API does not know.
      {
        name: 'withtoken',
        secret_id: ACCOUNTS.inline.secretId,
        secret_key: SECRETS.inlineKey,
        session_token: SECRETS.token,
        endpoint,
      },
      {
        name: 'unknown',
        secret_id: 'AKIDleakUnknown00000000000000000000',
        secret_key: SECRETS.unknownKey,
        endpoint,
      },
      {
        name: 'assumed',
        endpoint,
        credentials: {
          source: 'assume_role',
          role_arn: 'qcs::cam::uin/100000000001:roleName/none',
          external_id: SECRETS.externalId,
          sts_endpoint: endpoint,
          from_account: 'inline',
        },
      },
    ],
    collectors: {
      tcss_image_scan: { schedule: '* * * * * *' },
      cwp_scan_state: { schedule: '* * * * * *', baseline_strategy_ids: [1] },
    },
  };
}

function expectNoSecret(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    // The middle third: a secret cut, wrapped or quoted differently is still found.
    const part = secret.slice(Math.floor(secret.length / 3), Math.floor((2 * secret.length) / 3));
    expect({ where, name, leaked: text.includes(part) }).toEqual({ where, name, leaked: false });
  }
}

beforeAll(async () => {
  sim = await startSimulator({ accounts: Object.values(ACCOUNTS) });
  dir = await mkdtemp(join(tmpdir(), 'leak-test-'));
  keyFile = join(dir, 'secret_key');
  await writeFile(keyFile, `${SECRETS.fileKey}\n`, 'utf8');
});

afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a running exporter prints and serves no secret, at debug level, with failing accounts', async () => {
  const exporter = await ExporterProcess.start({
    config: configFor(sim.url),
    args: ['--log.level=debug'],
    env: { [ENV_VAR]: SECRETS.envKey },
  });
  try {
    await exporter.waitForReady(30_000);
    const samples = await waitFor(
      async () => {
        const s = parseExposition(await exporter.scrape());
        const good = ['inline', 'fromfile', 'fromenv', 'withtoken'].every((a) =>
          COLLECTORS.every((c) => collectorGauge(s, 'collector_success', a, c) === 1),
        );
        const bad = ['unknown', 'assumed'].every((a) =>
          COLLECTORS.every((c) => collectorGauge(s, 'collector_success', a, c) === 0),
        );
        return good && bad ? s : undefined;
      },
      { what: 'the good accounts to succeed and the bad ones to fail' },
    ).catch(async (error: unknown) => {
      const text = await exporter.scrape();
      throw new Error(
        `${String(error)}\n${text
          .split('\n')
          .filter((l) => l.includes('collector_success{'))
          .join('\n')}`,
      );
    });
    expect(samples.length).toBeGreaterThan(0);
    expectNoSecret('/metrics', await exporter.scrape());
    expectNoSecret(
      '/metrics (OpenMetrics)',
      await exporter.scrape({ Accept: 'application/openmetrics-text' }),
    );
    expectNoSecret('/', (await exporter.get('/')).text);
  } finally {
    await exporter.stop();
  }
  expect(exporter.stdout()).toMatch(/"level":"debug"|level=debug/);
  expectNoSecret('stdout', exporter.stdout());
  expectNoSecret('stderr', exporter.stderr());
}, 60_000);

test('--check prints no secret', async () => {
  const result = await runExporter(['--check', '--log.level=debug'], {
    config: configFor(sim.url),
    env: { [ENV_VAR]: SECRETS.envKey },
  });
  expect(result.code).not.toBe(0);
  expect(result.stdout).toContain('unknown');
  expectNoSecret('--check stdout', result.stdout);
  expectNoSecret('--check stderr', result.stderr);
}, 60_000);

test.each([
  [
    'a secret of the wrong type',
    { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_key: [SECRETS.inlineKey] }] },
  ],
  [
    'a secret given twice',
    { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_key: SECRETS.inlineKey, secret_key_env: ENV_VAR }] },
  ],
  [
    'a secret under a misspelt key',
    { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_kee: SECRETS.inlineKey }] },
  ],
  ['a token without a key', { accounts: [{ name: 'a', secret_id: 'AKIDx', session_token: SECRETS.token }] }],
  [
    'an external id of the wrong type',
    {
      accounts: [
        {
          name: 'a',
          credentials: {
            source: 'assume_role',
            role_arn: 'qcs::cam::uin/1:roleName/r',
            external_id: { v: SECRETS.externalId },
          },
        },
      ],
    },
  ],
  [
    'an unreadable key file',
    { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_key_file: '/nonexistent/secret_key' }] },
  ],
])('a bad config with %s exits 2 without printing it', async (_name, config) => {
  const result = await runExporter(['--log.level=debug'], { config, env: { [ENV_VAR]: SECRETS.envKey } });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^invalid config: /);
  expectNoSecret(`stderr (${_name})`, result.stderr);
  expectNoSecret(`stdout (${_name})`, result.stdout);
});
