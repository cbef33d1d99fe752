import { cwpScanKey, scanStateFields } from '../../../src/simulator/actions/cwp.js';
import { mix } from '../../../src/simulator/hash.js';
import { scanSeed, scanSnapshot } from '../../../src/simulator/scan-model.js';
import { ALICE, BOB, START_MS, TIMING, useTestSimulator } from '../fixture.js';
import { codeOf } from '../sign-helper.js';

const STATE = 'DescribeScanState';
const LIST = 'DescribeBaselineStrategyList';
const simulator = useTestSimulator();

const strategy = (id: string) => [{ Name: 'StrategyId', Values: [id], ExactMatch: true }];

describe('DescribeScanState', () => {
  it.each([
    ['Malware', undefined],
    ['Vul', undefined],
    ['Baseline', 8],
  ])('answers the model state for %s over a whole cycle', async (moduleType, strategyId) => {
    for (let second = 0; second <= 72; second += 8) {
      simulator().clock.ms = START_MS + second * 1000;
      const payload = strategyId
        ? { ModuleType: moduleType, Filters: strategy(String(strategyId)) }
        : { ModuleType: moduleType };
      const result = await simulator().call(STATE, payload, BOB);
      const { RequestId, VulId, ...fields } = result.response!;
      const snapshot = scanSnapshot('bob', cwpScanKey(moduleType, strategyId), simulator().clock.ms, TIMING);
      const { VulId: expectedVulIds, ...expected } = scanStateFields(moduleType, snapshot);
      expect(RequestId).toEqual(expect.any(String));
      expect(fields).toEqual(expected);
      expect((VulId as unknown[]).length).toBe((expectedVulIds as unknown[]).length);
      if (moduleType !== 'Vul') expect(VulId).toEqual([]);
    }
  });

  it('writes a VulId above 2^53 as a bare JSON integer once vulnerabilities are found', async () => {
    // Find a time when alice's Vul scan has completed (all its VulIds found).
    let ms = START_MS;
    while (scanSnapshot('alice', 'Vul', ms, TIMING).phase !== 'completed') ms += 1000;
    simulator().clock.ms = ms;
    const { text } = await simulator().call(STATE, { ModuleType: 'Vul' });
    const ids = /"VulId":\[([^\]]*)\]/.exec(text)![1]!.split(',');
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(BigInt(ids[0]!)).toBeGreaterThan(2n ** 53n);
  });

  it('answers state 0 with null times and risk count before the first scan', async () => {
    const name = Array.from({ length: 50 }, (_, i) => `fresh-${i}`).find(
      (n) => scanSeed(n, 'Malware') % 4 === 0,
    )!;
    const account = { name, secretId: `AKIDcwp${name}`, secretKey: 'k' };
    simulator().sim.addAccount(account);
    const { RequestId: _, ...fields } = (await simulator().call(STATE, { ModuleType: 'Malware' }, account))
      .response!;
    expect(fields).toEqual({
      ScanState: 0,
      Schedule: 0,
      TaskId: 0,
      VulId: [],
      Type: 0,
      ScanBeginTime: null,
      RiskEventCount: null,
      ScanEndTime: null,
      KBNumber: [],
    });
  });

  it('reports a stopped scan as 3 (stopping) and then 4 (stopped)', async () => {
    const seed = scanSeed('alice', 'Malware');
    const states = new Set<unknown>();
    for (let second = 0; second < 12 * 70 && states.size < 2; second += 1) {
      const snapshot = scanSnapshot('alice', 'Malware', START_MS + second * 1000, TIMING);
      if (mix(seed, snapshot.cycle) % 8 !== 0 || snapshot.phase === 'scanning') continue;
      simulator().clock.ms = START_MS + second * 1000;
      states.add((await simulator().call(STATE, { ModuleType: 'Malware' })).response?.['ScanState']);
    }
    expect([...states].sort()).toEqual([3, 4]);
  });

  it.each([
    ['no ModuleType', {}, 'MissingParameter'],
    ['an unknown ModuleType', { ModuleType: 'Rootkit' }, 'InvalidParameterValue'],
    ['a numeric ModuleType (wrong JSON type)', { ModuleType: 1 }, 'InvalidParameter'],
    ['a parameter the model lacks', { ModuleType: 'Vul', Limit: 10 }, 'UnknownParameter'],
    ['Baseline without StrategyId', { ModuleType: 'Baseline' }, 'InvalidParameter.MissingParameter'],
    [
      'Baseline with an unknown StrategyId',
      { ModuleType: 'Baseline', Filters: strategy('99') },
      'ResourceNotFound',
    ],
    [
      'Baseline with a non-numeric StrategyId',
      { ModuleType: 'Baseline', Filters: strategy('one') },
      'InvalidParameter.InvalidFormat',
    ],
    ['Filters that are not an array', { ModuleType: 'Vul', Filters: { Name: 'x' } }, 'InvalidParameter'],
    [
      'Filter values that are numbers',
      { ModuleType: 'Baseline', Filters: [{ Name: 'StrategyId', Values: [1] }] },
      'InvalidParameter',
    ],
  ])('rejects %s with %s', async (_name, payload, code) => {
    expect(codeOf(await simulator().call(STATE, payload))).toBe(code);
  });

  it("accepts only the account's own strategy ids", async () => {
    expect(
      codeOf(await simulator().call(STATE, { ModuleType: 'Baseline', Filters: strategy('2') }, ALICE)),
    ).toBe('Success');
    expect(
      codeOf(await simulator().call(STATE, { ModuleType: 'Baseline', Filters: strategy('2') }, BOB)),
    ).toBe('ResourceNotFound');
  });
});

describe('DescribeBaselineStrategyList', () => {
  const ids = (page: Record<string, unknown>) =>
    (page['StrategyList'] as Array<{ StrategyId: unknown }>).map((s) => s.StrategyId);

  it('lists the strategies page by page with TotalCount, ids as strings as in the official example', async () => {
    const first = (await simulator().call(LIST, { Limit: 2, Offset: 0, Enabled: 1 }, BOB)).response!;
    const second = (await simulator().call(LIST, { Limit: 2, Offset: 2, Enabled: 1 }, BOB)).response!;
    expect(ids(first)).toEqual(['7', '8']);
    expect(ids(second)).toEqual(['9']);
    expect(first['TotalCount']).toBe(3);
    expect(second['TotalCount']).toBe(3);
    const entry = (first['StrategyList'] as Array<Record<string, unknown>>)[0]!;
    // Exactly the fields of the SDK model's Strategy, nothing it lacks (no ItemCount).
    expect(Object.keys(entry).sort()).toEqual(
      [
        'CategoryIds',
        'Enabled',
        'HostCount',
        'IsDefault',
        'PassRate',
        'RuleCount',
        'ScanAt',
        'ScanCycle',
        'StrategyId',
        'StrategyName',
      ].sort(),
    );
    expect(entry).toMatchObject({ StrategyId: '7', Enabled: 1, CategoryIds: expect.any(String) });
  });

  it('honours Enabled: 1 enabled only, 0 disabled only, 2 all', async () => {
    const carol = {
      name: 'carol',
      secretId: 'AKIDcarolstrategies',
      secretKey: 'k',
      baselineStrategyIds: [1, 2],
      disabledBaselineStrategyIds: [5],
    };
    simulator().sim.addAccount(carol);
    const page = async (enabled: number) =>
      (await simulator().call(LIST, { Limit: 100, Offset: 0, Enabled: enabled }, carol)).response!;
    expect(ids(await page(1))).toEqual(['1', '2']);
    expect(ids(await page(0))).toEqual(['5']);
    expect(ids(await page(2))).toEqual(['1', '2', '5']);
    expect((await page(0))['TotalCount']).toBe(1);
    expect(((await page(0))['StrategyList'] as Array<{ Enabled: number }>)[0]!.Enabled).toBe(0);
  });

  it('defaults to ids 1 and 2', async () => {
    const page = (await simulator().call(LIST, { Limit: 100, Offset: 0, Enabled: 2 })).response!;
    expect(ids(page)).toEqual(['1', '2']);
  });

  it.each([
    ['no Enabled', { Limit: 10, Offset: 0 }, 'MissingParameter'],
    ['no Limit', { Offset: 0, Enabled: 1 }, 'MissingParameter'],
    ['no Offset', { Limit: 10, Enabled: 1 }, 'MissingParameter'],
    ['Limit above 100', { Limit: 101, Offset: 0, Enabled: 1 }, 'InvalidParameterValue'],
    ['Limit 0', { Limit: 0, Offset: 0, Enabled: 1 }, 'InvalidParameterValue'],
    ['a negative Offset', { Limit: 10, Offset: -1, Enabled: 1 }, 'InvalidParameterValue'],
    ['Enabled 3', { Limit: 10, Offset: 0, Enabled: 3 }, 'InvalidParameterValue'],
    ['a string Limit', { Limit: '10', Offset: 0, Enabled: 1 }, 'InvalidParameter'],
    ['a parameter the model lacks', { Limit: 10, Offset: 0, Enabled: 1, Filters: [] }, 'UnknownParameter'],
  ])('rejects %s with %s', async (_name, payload, code) => {
    expect(codeOf(await simulator().call(LIST, payload))).toBe(code);
  });
});
