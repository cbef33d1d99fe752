import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadOptionsFile,
  parseCliArgs,
  SimulatorConfigError,
  toSimulatorOptions,
} from '../../src/simulator/cli-config.js';
import { demoAccounts } from '../../src/simulator/demo-accounts.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseCliArgs', () => {
  it.each([
    [[], { quiet: false }],
    [['--config', 'sim.yml'], { config: 'sim.yml', quiet: false }],
    [['--config=sim.yml', '--port=18080', '--quiet'], { config: 'sim.yml', port: 18080, quiet: true }],
    [['--host', '0.0.0.0', '--port', '0'], { host: '0.0.0.0', port: 0, quiet: false }],
  ])('parses %j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual({ config: undefined, host: undefined, port: undefined, ...expected });
  });

  it.each([
    [['--port', 'eighty'], /--port/],
    [['--port', '70000'], /--port/],
    [['--config'], /--config needs a value/],
    [['--verbose'], /unknown flag --verbose/],
    [['sim.yml'], /unexpected argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(SimulatorConfigError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('loadOptionsFile', () => {
  it('reads YAML', async () => {
    const path = join(dir, 'sim.yml');
    await writeFile(
      path,
      [
        'port: 0',
        'progressPerSecond: 10',
        'accounts:',
        '  - name: prod',
        '    secretId: AKIDprod',
        '    secretKey: prod-key',
        '    baselineStrategyIds: [3]',
        'metadataRole: { roleName: r, account: prod }',
      ].join('\n'),
    );
    expect(await loadOptionsFile(path)).toEqual({
      port: 0,
      progressPerSecond: 10,
      accounts: [{ name: 'prod', secretId: 'AKIDprod', secretKey: 'prod-key', baselineStrategyIds: [3] }],
      metadataRole: { roleName: 'r', account: 'prod' },
    });
  });

  it('reads JSON', async () => {
    const path = join(dir, 'sim.json');
    await writeFile(path, JSON.stringify({ idleSeconds: 5, webIdentityToken: 'tok' }));
    expect(await loadOptionsFile(path)).toEqual({ idleSeconds: 5, webIdentityToken: 'tok' });
  });

  it.each([
    ['an unknown key', 'acounts: []', /acounts|unrecognized/i],
    ['a wrong type', 'port: "x"', /port/],
    ['an account without a key', 'accounts: [{ name: a, secretId: b }]', /accounts\.0\.secretKey/],
    ['broken YAML', 'accounts: [', /not valid YAML/],
  ])('rejects %s, naming the key and never a secret', async (_name, text, message) => {
    const path = join(dir, 'bad.yml');
    await writeFile(path, text);
    const error = await loadOptionsFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatorConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects a missing file', async () => {
    await expect(loadOptionsFile(join(dir, 'absent.yml'))).rejects.toThrow(
      /cannot read config file .*ENOENT/,
    );
  });
});

describe('toSimulatorOptions', () => {
  it('uses the demo accounts when the file names none, and flags win over the file', () => {
    const options = toSimulatorOptions({ port: 1 }, { port: 2, quiet: false });
    expect(options.port).toBe(2);
    expect(options.accounts.map((a) => a.name)).toEqual(demoAccounts.map((a) => a.name));
  });
});
