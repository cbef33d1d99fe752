import type { CredentialsConfig } from '../../src/config/index.js';
import { loadConfigText } from '../../src/config/load.js';
import { rejection } from './helpers.js';

const ARN = 'qcs::cam::uin/100000000001:roleName/scan';
const account = (extra: string) => `accounts:\n  - name: a\n${extra.replace(/^/gm, '    ')}\n`;
const collector = (name: string, extra: string) =>
  `accounts: [{name: a}]\ncollectors:\n  ${name}:\n${extra.replace(/^/gm, '    ')}\n`;

describe('validation errors name the key', () => {
  const cases: [string, string, string, string][] = [
    // [title, yaml, keyPath, detail]
    ['top level not a map', '[1, 2]', '(top level)', 'expected a map, got a list'],
    ['accounts not a list', 'accounts: {name: a}', 'accounts', 'expected a list, got a map'],
    ['empty accounts', 'accounts: []', 'accounts', 'must list at least one account'],
    [
      'concurrency 0',
      'global: {concurrency: 0}\naccounts: [{name: a}]',
      'global.concurrency',
      '0 must be >= 1',
    ],
    [
      'concurrency 1001',
      'global: {concurrency: 1001}\naccounts: [{name: a}]',
      'global.concurrency',
      '1001 must be <= 1000',
    ],
    [
      'concurrency float',
      'global: {concurrency: 2.5}\naccounts: [{name: a}]',
      'global.concurrency',
      'expected an integer, got 2.5',
    ],
    [
      'concurrency string',
      'global: {concurrency: "8"}\naccounts: [{name: a}]',
      'global.concurrency',
      'expected a number, got "8"',
    ],
    [
      'staleness 0',
      'global: {staleness_intervals: 0}\naccounts: [{name: a}]',
      'global.staleness_intervals',
      '0 must be >= 1',
    ],
    ['name missing', 'accounts: [{region: ap-guangzhou}]', 'accounts[0].name', 'is required'],
    [
      'name charset',
      'accounts: [{name: "a b"}]',
      'accounts[0].name',
      '"a b" must be 1 to 64 characters of letters, digits and _.-',
    ],
    [
      'name too long',
      `accounts: [{name: ${'x'.repeat(65)}}]`,
      'accounts[0].name',
      `"${'x'.repeat(65)}" must be 1 to 64 characters of letters, digits and _.-`,
    ],
    [
      'name duplicate',
      'accounts: [{name: a}, {name: b}, {name: a}]',
      'accounts[2].name',
      '"a" is already the name of accounts[0]',
    ],
    [
      'endpoint scheme',
      account('endpoint: ftp://host'),
      'accounts[0].endpoint',
      '"ftp://host" is not an http:// or https:// URL',
    ],
    [
      'endpoint with a query',
      account('endpoint: "http://127.0.0.1:18080/good/?x=1"'),
      'accounts[0].endpoint',
      'must be a base URL such as https://host:port/prefix/, without a ?query',
    ],
    [
      'endpoint with a fragment',
      account('endpoint: "http://127.0.0.1:18080/#frag"'),
      'accounts[0].endpoint',
      'must be a base URL such as https://host:port/prefix/, without a #fragment',
    ],
    [
      'endpoint with user:password@ (the password is not printed)',
      account('endpoint: "http://user:pw@127.0.0.1:18080/"'),
      'accounts[0].endpoint',
      'must be a base URL such as https://host:port/prefix/, without user:password@',
    ],
    [
      'sts endpoint with a query',
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", sts_endpoint: "https://sts.example/?a=b", from: {source: env}}`,
      ),
      'accounts[0].credentials.sts_endpoint',
      'must be a base URL such as https://host:port/prefix/, without a ?query',
    ],
    [
      'endpoint garbage',
      account('endpoint: not a url'),
      'accounts[0].endpoint',
      '"not a url" is not an http:// or https:// URL',
    ],
    [
      'region',
      account('region: Guangzhou'),
      'accounts[0].region',
      '"Guangzhou" is not a region such as ap-guangzhou',
    ],
    [
      'international',
      account('international: "yes"'),
      'accounts[0].international',
      'expected true or false, got "yes"',
    ],
    ['language', account('language: fr-FR'), 'accounts[0].language', '"fr-FR" is not one of en-US, zh-CN'],
    ['rps 0', account('requests_per_second: 0'), 'accounts[0].requests_per_second', '0 must be > 0'],
    [
      'rps 1001',
      account('requests_per_second: 1001'),
      'accounts[0].requests_per_second',
      '1001 must be <= 1000',
    ],
    [
      'secret number',
      account('secret_id: AKID\nsecret_key: 12345'),
      'accounts[0].secret_key',
      'expected a string, got a number; quote it in YAML',
    ],
    ['secret empty', account('secret_id: ""\nsecret_key: x'), 'accounts[0].secret_id', 'must not be empty'],
    [
      'env name',
      account('secret_id: x\nsecret_key_env: "1BAD"'),
      'accounts[0].secret_key_env',
      '"1BAD" is not an environment variable name',
    ],
    [
      'secret twice',
      account('secret_id: x\nsecret_id_env: X\nsecret_key: y'),
      'accounts[0].secret_id_env',
      'cannot be combined with secret_id',
    ],
    ['key without id', account('secret_key: y'), 'accounts[0].secret_id', 'is required with secret_key'],
    [
      'id without key',
      account('secret_id_file: id.txt'),
      'accounts[0].secret_key',
      'is required with secret_id',
    ],
    ['token alone', account('session_token: t'), 'accounts[0].secret_id', 'is required with secret_key'],
    [
      'flat and source',
      account('secret_id: x\nsecret_key: y\ncredentials: {source: env}'),
      'accounts[0].credentials',
      'cannot be combined with secret_id / secret_key / session_token; use one or the other',
    ],
    [
      'source missing',
      account('credentials: {}'),
      'accounts[0].credentials.source',
      'is required (one of static, env, profile, cvm_role, assume_role, web_identity, chain)',
    ],
    [
      'source unknown',
      account('credentials: {source: oidc}'),
      'accounts[0].credentials.source',
      '"oidc" is not one of static, env, profile, cvm_role, assume_role, web_identity, chain',
    ],
    [
      'credentials not a map',
      account('credentials: env'),
      'accounts[0].credentials',
      'expected a map, got a string',
    ],
    [
      'profile empty',
      account('credentials: {source: profile, profile: ""}'),
      'accounts[0].credentials.profile',
      'must not be empty',
    ],
    [
      'metadata endpoint',
      account('credentials: {source: cvm_role, metadata_endpoint: metadata}'),
      'accounts[0].credentials.metadata_endpoint',
      '"metadata" is not an http:// or https:// URL',
    ],
    [
      'role arn missing',
      account('credentials: {source: assume_role, from: {source: env}}'),
      'accounts[0].credentials.role_arn',
      'is required',
    ],
    [
      'role arn shape',
      account('credentials: {source: assume_role, role_arn: "arn:aws:iam::1:role/x", from: {source: env}}'),
      'accounts[0].credentials.role_arn',
      '"arn:aws:iam::1:role/x" is not a role ARN such as qcs::cam::uin/100000000001:roleName/name',
    ],
    [
      'duration low',
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", duration_seconds: 899, from: {source: env}}`,
      ),
      'accounts[0].credentials.duration_seconds',
      '899 must be >= 900',
    ],
    [
      'duration high',
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", duration_seconds: 43201, from: {source: env}}`,
      ),
      'accounts[0].credentials.duration_seconds',
      '43201 must be <= 43200',
    ],
    [
      'session name',
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", session_name: "a b", from: {source: env}}`,
      ),
      'accounts[0].credentials.session_name',
      '"a b" must be 2 to 128 characters of letters, digits and +=,.@_-',
    ],
    [
      'sts endpoint',
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", sts_endpoint: sts, from: {source: env}}`,
      ),
      'accounts[0].credentials.sts_endpoint',
      '"sts" is not an http:// or https:// URL',
    ],
    [
      'no from',
      account(`credentials: {source: assume_role, role_arn: "${ARN}"}`),
      'accounts[0].credentials.from',
      'is required (or from_account)',
    ],
    [
      'from and from_account',
      `accounts: [{name: b}, {name: a, credentials: {source: assume_role, role_arn: "${ARN}", from: {source: env}, from_account: b}}]`,
      'accounts[1].credentials.from_account',
      'cannot be combined with from',
    ],
    [
      'from_account unknown',
      account(`credentials: {source: assume_role, role_arn: "${ARN}", from_account: zz}`),
      'accounts[0].credentials.from_account',
      '"zz" is not the name of an account',
    ],
    [
      'from_account self',
      account(`credentials: {source: assume_role, role_arn: "${ARN}", from_account: a}`),
      'accounts[0].credentials.from_account',
      'forms a cycle: a -> a',
    ],
    [
      'nested from source',
      account(`credentials: {source: assume_role, role_arn: "${ARN}", from: {source: nope}}`),
      'accounts[0].credentials.from.source',
      '"nope" is not one of static, env, profile, cvm_role, assume_role, web_identity, chain',
    ],
    [
      'nested static incomplete',
      account(`credentials: {source: assume_role, role_arn: "${ARN}", from: {source: static, secret_id: x}}`),
      'accounts[0].credentials.from.secret_key',
      'is required with secret_id',
    ],
    [
      'web identity region',
      account('credentials: {source: web_identity, region: "AP"}'),
      'accounts[0].credentials.region',
      '"AP" is not a region such as ap-guangzhou',
    ],
    [
      'web identity arn',
      account('credentials: {source: web_identity, role_arn: x}'),
      'accounts[0].credentials.role_arn',
      '"x" is not a role ARN such as qcs::cam::uin/100000000001:roleName/name',
    ],
    [
      'collectors not a map',
      'accounts: [{name: a}]\ncollectors: []',
      'collectors',
      'expected a map, got a list',
    ],
    [
      'enabled',
      collector('tcss_image_scan', 'enabled: "no"'),
      'collectors.tcss_image_scan.enabled',
      'expected true or false, got "no"',
    ],
    [
      'tcss cron',
      collector('tcss_image_scan', 'schedule: "every minute"'),
      'collectors.tcss_image_scan.schedule',
      '"every minute" is not a valid cron expression',
    ],
    [
      'cwp cron',
      collector('cwp_scan_state', 'schedule: "*/x * * *"'),
      'collectors.cwp_scan_state.schedule',
      '"*/x * * *" is not a valid cron expression',
    ],
    [
      'cron seconds 60',
      collector('cwp_scan_state', 'schedule: "60 * * * * *"'),
      'collectors.cwp_scan_state.schedule',
      '"60 * * * * *" is not a valid cron expression',
    ],
    [
      'cron not a string',
      collector('cwp_scan_state', 'schedule: 5'),
      'collectors.cwp_scan_state.schedule',
      'expected a string, got 5; quote it in YAML',
    ],
    [
      'timeout 0',
      collector('tcss_image_scan', 'timeout_seconds: 0'),
      'collectors.tcss_image_scan.timeout_seconds',
      '0 must be > 0',
    ],
    [
      'timeout huge',
      collector('cwp_scan_state', 'timeout_seconds: 86401'),
      'collectors.cwp_scan_state.timeout_seconds',
      '86401 must be <= 86400',
    ],
    [
      'timeout as long as the schedule interval',
      collector('tcss_image_scan', 'schedule: "*/10 * * * * *"\ntimeout_seconds: 10'),
      'collectors.tcss_image_scan.timeout_seconds',
      "10 must be shorter than the schedule's interval (10 s)",
    ],
    [
      'timeout longer than the shortest gap of an irregular schedule',
      collector('cwp_scan_state', 'schedule: "0 0,1 * * * *"\ntimeout_seconds: 90'),
      'collectors.cwp_scan_state.timeout_seconds',
      "90 must be shorter than the schedule's interval (60 s)",
    ],
    [
      'task ids not a list',
      collector('tcss_image_scan', 'task_ids: abc'),
      'collectors.tcss_image_scan.task_ids',
      'expected a list, got a string',
    ],
    [
      'task id empty',
      collector('tcss_image_scan', 'task_ids: [""]'),
      'collectors.tcss_image_scan.task_ids[0]',
      'must not be empty',
    ],
    [
      'task id bool',
      collector('tcss_image_scan', 'task_ids: [x, true]'),
      'collectors.tcss_image_scan.task_ids[1]',
      'must be a task id (a non-empty string)',
    ],
    [
      'modules empty',
      collector('cwp_scan_state', 'modules: []'),
      'collectors.cwp_scan_state.modules',
      'must list at least one module (set enabled: false to turn the collector off)',
    ],
    [
      'module unknown',
      collector('cwp_scan_state', 'modules: [Malware, Virus]'),
      'collectors.cwp_scan_state.modules[1]',
      '"Virus" is not one of Malware, Vul, Baseline',
    ],
    [
      'module twice',
      collector('cwp_scan_state', 'modules: [Vul, Vul]'),
      'collectors.cwp_scan_state.modules',
      'must not list a module twice',
    ],
    [
      'strategy ids empty',
      collector('cwp_scan_state', 'baseline_strategy_ids: []'),
      'collectors.cwp_scan_state.baseline_strategy_ids',
      'must not be empty',
    ],
    [
      'strategy id negative',
      collector('cwp_scan_state', 'baseline_strategy_ids: [1, -2]'),
      'collectors.cwp_scan_state.baseline_strategy_ids[1]',
      '-2 must be > 0',
    ],
    [
      'strategy ids word',
      collector('cwp_scan_state', 'baseline_strategy_ids: all'),
      'collectors.cwp_scan_state.baseline_strategy_ids',
      'must be auto or a non-empty list of positive integer strategy ids',
    ],
    [
      'timezone',
      collector('cwp_scan_state', 'timezone: Mars/Olympus'),
      'collectors.cwp_scan_state.timezone',
      '"Mars/Olympus" is not an IANA time zone such as Asia/Shanghai',
    ],
  ];
  test.each(cases)('%s', async (_title, yaml, keyPath, detail) => {
    const error = await rejection(loadConfigText(yaml, {}));
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toBe(`invalid config: ${keyPath}: ${detail}`);
    expect(error.message).not.toContain('\n');
  });
});

test('several problems: the first in the message, all on the error', async () => {
  const error = await rejection(
    loadConfigText(
      'global: {concurrency: 0, staleness_intervals: 0}\naccounts: [{name: a, language: fr}]\n',
      {},
    ),
  );
  expect(error.message).toBe('invalid config: global.concurrency: 0 must be >= 1');
  expect(error.problems.map((problem) => problem.keyPath)).toEqual([
    'global.concurrency',
    'global.staleness_intervals',
    'accounts[0].language',
  ]);
  expect(error.describeAll().split('\n')).toHaveLength(3);
});

describe('unknown keys are errors at every level, with a suggestion when close', () => {
  const cases: [string, string, string][] = [
    ['accounts: [{name: a}]\nglobals: {}', 'globals', 'unknown key (did you mean global?)'],
    [
      'global: {concurency: 2}\naccounts: [{name: a}]',
      'global.concurency',
      'unknown key (did you mean concurrency?)',
    ],
    [account('secret_kye: x'), 'accounts[0].secret_kye', 'unknown key (did you mean secret_key?)'],
    [account('zzzzzzzzzz: 1'), 'accounts[0].zzzzzzzzzz', 'unknown key'],
    [account('credentials: {source: env, profile: x}'), 'accounts[0].credentials.profile', 'unknown key'],
    [
      account('credentials: {source: profile, profil: x}'),
      'accounts[0].credentials.profil',
      'unknown key (did you mean profile?)',
    ],
    [
      account('credentials: {source: cvm_role, rolename: x}'),
      'accounts[0].credentials.rolename',
      'unknown key (did you mean role_name?)',
    ],
    [
      account(`credentials: {source: assume_role, role_arn: "${ARN}", from_acount: b}`),
      'accounts[0].credentials.from_acount',
      'unknown key (did you mean from_account?)',
    ],
    [
      account(
        `credentials: {source: assume_role, role_arn: "${ARN}", from: {source: web_identity, tokenfile: t}}`,
      ),
      'accounts[0].credentials.from.tokenfile',
      'unknown key (did you mean token_file?)',
    ],
    [account('credentials: {source: chain, x: 1}'), 'accounts[0].credentials.x', 'unknown key'],
    ['accounts: [{name: a}]\ncollectors: {tcss: {}}', 'collectors.tcss', 'unknown key'],
    [
      collector('tcss_image_scan', 'task_id: [x]'),
      'collectors.tcss_image_scan.task_id',
      'unknown key (did you mean task_ids?)',
    ],
    [
      collector('cwp_scan_state', 'module: [Vul]'),
      'collectors.cwp_scan_state.module',
      'unknown key (did you mean modules?)',
    ],
    [collector('cwp_scan_state', '"odd key": 1'), 'collectors.cwp_scan_state."odd key"', 'unknown key'],
  ];
  test.each(cases)('%s', async (yaml, keyPath, detail) => {
    const error = await rejection(loadConfigText(yaml, {}));
    expect(error.message).toBe(`invalid config: ${keyPath}: ${detail}`);
  });
});

describe('credential sources as the exporter reads them', () => {
  const cases: [string, string, CredentialsConfig][] = [
    ['none', '', { source: 'chain' }],
    ['flat', 'secret_id: id\nsecret_key: key', { source: 'static', secret_id: 'id', secret_key: 'key' }],
    [
      'flat with token',
      'secret_id: id\nsecret_key: key\nsession_token: tok',
      { source: 'static', secret_id: 'id', secret_key: 'key', session_token: 'tok' },
    ],
    ['env', 'credentials: {source: env}', { source: 'env' }],
    ['chain', 'credentials: {source: chain}', { source: 'chain' }],
    ['profile default', 'credentials: {source: profile}', { source: 'profile', profile: 'default' }],
    [
      'profile file',
      'credentials: {source: profile, file: /etc/tc/credentials, profile: prod}',
      { source: 'profile', file: '/etc/tc/credentials', profile: 'prod' },
    ],
    ['cvm role', 'credentials: {source: cvm_role}', { source: 'cvm_role' }],
    [
      'cvm role named',
      'credentials: {source: cvm_role, role_name: scan, metadata_endpoint: "http://127.0.0.1:1"}',
      { source: 'cvm_role', role_name: 'scan', metadata_endpoint: 'http://127.0.0.1:1' },
    ],
    [
      'web identity',
      'credentials: {source: web_identity}',
      { source: 'web_identity', session_name: 'tencentcloud-scan-exporter' },
    ],
    [
      'web identity full',
      `credentials: {source: web_identity, region: ap-beijing, provider_id: p, token_file: /var/run/token, role_arn: "${ARN}", session_name: s1, sts_endpoint: "https://sts.example"}`,
      {
        source: 'web_identity',
        region: 'ap-beijing',
        provider_id: 'p',
        token_file: '/var/run/token',
        role_arn: ARN,
        session_name: 's1',
        sts_endpoint: 'https://sts.example',
      },
    ],
    [
      'assume role defaults',
      `credentials: {source: assume_role, role_arn: "${ARN}", from: {source: env}}`,
      {
        source: 'assume_role',
        role_arn: ARN,
        session_name: 'tencentcloud-scan-exporter',
        duration_seconds: 7200,
        from: { source: 'env' },
      },
    ],
    [
      'assume role full, nested static',
      `credentials: {source: assume_role, role_arn: "${ARN}", session_name: s1, duration_seconds: 900, external_id: ext, sts_endpoint: "http://127.0.0.1:2", from: {source: static, secret_id: i, secret_key: k}}`,
      {
        source: 'assume_role',
        role_arn: ARN,
        session_name: 's1',
        duration_seconds: 900,
        external_id: 'ext',
        sts_endpoint: 'http://127.0.0.1:2',
        from: { source: 'static', secret_id: 'i', secret_key: 'k' },
      },
    ],
    [
      'assume role chained twice',
      `credentials: {source: assume_role, role_arn: "${ARN}", from: {source: assume_role, role_arn: "${ARN}", from: {source: cvm_role}}}`,
      {
        source: 'assume_role',
        role_arn: ARN,
        session_name: 'tencentcloud-scan-exporter',
        duration_seconds: 7200,
        from: {
          source: 'assume_role',
          role_arn: ARN,
          session_name: 'tencentcloud-scan-exporter',
          duration_seconds: 7200,
          from: { source: 'cvm_role' },
        },
      },
    ],
  ];
  test.each(cases)('%s', async (_title, extra, expected) => {
    const config = await loadConfigText(extra === '' ? 'accounts: [{name: a}]' : account(extra), {});
    expect(config.accounts[0]!.credentials).toEqual(expected);
  });

  test('from_account refers to another account by name', async () => {
    const config = await loadConfigText(
      `accounts:\n  - {name: base, secret_id: i, secret_key: k}\n  - {name: member, credentials: {source: assume_role, role_arn: "${ARN}", from_account: base}}\n`,
      {},
    );
    expect(config.accounts[1]!.credentials).toMatchObject({ source: 'assume_role', from_account: 'base' });
  });

  test('an unquoted numeric task id is taken as its digits', async () => {
    const config = await loadConfigText(collector('tcss_image_scan', 'task_ids: [42, "0042"]'), {});
    expect(config.collectors.tcss_image_scan.task_ids).toEqual(['42', '0042']);
  });
});
