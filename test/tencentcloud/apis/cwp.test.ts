import { describeBaselineStrategyList, describeScanState } from '../../../src/tencentcloud/apis/cwp.js';
import { describeValue } from '../../../src/tencentcloud/apis/fields.js';
import { InvalidResponseError } from '../../../src/tencentcloud/errors.js';
import { fakeCaller } from './fake-caller.js';

const GOOD = {
  RiskEventCount: 1,
  ScanEndTime: '2024-08-27 11:40:29',
  Schedule: 100,
  ScanState: 2,
  ScanBeginTime: '2024-08-27 11:00:00',
  RequestId: 'c741a4fd',
  TaskId: 1,
  VulId: [1, 2, 3],
  Type: 1,
};

describe('describeScanState', () => {
  it('parses a complete answer', async () => {
    const parsed = await describeScanState(fakeCaller(GOOD), { module: 'Vul' });
    expect(parsed.value).toEqual({
      RiskEventCount: 1,
      ScanEndTime: '2024-08-27 11:40:29',
      Schedule: 100,
      ScanState: 2,
      ScanBeginTime: '2024-08-27 11:00:00',
      TaskId: 1,
      VulIdCount: 3,
      Type: 1,
    });
    expect(parsed.issues).toEqual([]);
    expect(parsed.requestId).toBe('c741a4fd');
  });

  it('keeps what it can from the documented example with "xx" times', async () => {
    const parsed = await describeScanState(
      fakeCaller({ ...GOOD, ScanEndTime: 'xx', ScanBeginTime: 'xx', Schedule: 1, ScanState: 1, VulId: [1] }),
      { module: 'Vul' },
    );
    expect(parsed.value.ScanBeginTime).toBeUndefined();
    expect(parsed.value.ScanEndTime).toBeUndefined();
    expect(parsed.value.VulIdCount).toBe(1);
    expect(parsed.issues.map((i) => i.field).sort()).toEqual(['ScanBeginTime', 'ScanEndTime']);
  });

  it.each([
    [{ Module: 'Malware' }, { module: 'Malware' as const }, { ModuleType: 'Malware' }],
    [{}, { module: 'Vul' as const, strategyId: 5 }, { ModuleType: 'Vul' }],
    [{}, { module: 'Baseline' as const }, { ModuleType: 'Baseline' }],
    [
      {},
      { module: 'Baseline' as const, strategyId: 42 },
      { ModuleType: 'Baseline', Filters: [{ Name: 'StrategyId', Values: ['42'], ExactMatch: true }] },
    ],
  ])('sends %#', async (_, input, payload) => {
    const caller = fakeCaller(GOOD);
    await describeScanState(caller, input);
    expect(caller.calls[0]?.payload).toEqual(payload);
    expect(caller.calls[0]?.spec).toEqual({
      service: 'cwp',
      version: '2018-02-28',
      action: 'DescribeScanState',
    });
  });

  it('counts VulId entries beyond 2^53', async () => {
    // What JSON.parse makes of ids above 2^53: imprecise but still integers.
    const response = JSON.parse('{"VulId":[18446744073709551615,9007199254740993,"12345678901234567890"]}');
    const parsed = await describeScanState(fakeCaller(response), { module: 'Vul' });
    expect(parsed.value.VulIdCount).toBe(3);
    expect(parsed.issues).toEqual([]);
  });

  it.each([
    [{ VulId: 'x' }, 'VulId'],
    [{ VulId: [1.5] }, 'VulId'],
    [{ VulId: [{}] }, 'VulId'],
    [{ ScanState: '2.0' }, 'ScanState'],
    [{ ScanState: ' 2' }, 'ScanState'],
    [{ Schedule: '101' }, 'Schedule'],
    [{ RiskEventCount: '-1' }, 'RiskEventCount'],
    [{ RiskEventCount: '9007199254740993' }, 'RiskEventCount'],
    [{ TaskId: 1.5 }, 'TaskId'],
    [{ RiskEventCount: 2 ** 60 }, 'RiskEventCount'],
    [{ ScanBeginTime: '2024-08-27T11:00:00Z' }, 'ScanBeginTime'],
    [{ ScanEndTime: '2024-08-27 25:00:00' }, 'ScanEndTime'],
  ])('%j is absent and reported', async (fields, field) => {
    const parsed = await describeScanState(fakeCaller({ ...GOOD, ...fields }), { module: 'Vul' });
    const key = field === 'VulId' ? 'VulIdCount' : field;
    expect(parsed.value).not.toHaveProperty(key);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]?.field).toBe(field);
  });

  it('reads numbers written as digit strings as the numbers', async () => {
    const asStrings = { ScanState: '2', Schedule: '100', TaskId: '42', Type: '-1', RiskEventCount: '4' };
    const parsed = await describeScanState(fakeCaller({ ...GOOD, ...asStrings }), { module: 'Vul' });
    expect(parsed.value).toMatchObject({
      ScanState: 2,
      Schedule: 100,
      TaskId: 42,
      Type: -1,
      RiskEventCount: 4,
    });
    expect(parsed.issues).toEqual([]);
  });

  it('an empty VulId list counts zero, a null one is absent', async () => {
    expect((await describeScanState(fakeCaller({ VulId: [] }), { module: 'Vul' })).value.VulIdCount).toBe(0);
    expect((await describeScanState(fakeCaller({ VulId: null }), { module: 'Vul' })).value).toEqual({});
  });
});

describe('describeBaselineStrategyList', () => {
  it('sends paging and lists ids', async () => {
    const caller = fakeCaller({
      StrategyList: [{ StrategyId: 1, StrategyName: 'a' }, { StrategyId: 7 }],
      TotalCount: 2,
      RequestId: 'r',
    });
    const parsed = await describeBaselineStrategyList(caller, { limit: 100, offset: 0, enabled: 1 });
    expect(caller.calls[0]?.payload).toEqual({ Limit: 100, Offset: 0, Enabled: 1 });
    expect(caller.calls[0]?.spec.action).toBe('DescribeBaselineStrategyList');
    expect(parsed).toEqual({ value: { strategyIds: [1, 7], totalCount: 2 }, issues: [], requestId: 'r' });
  });

  it('reads a null list as empty', async () => {
    const caller = fakeCaller({ StrategyList: null, TotalCount: 0 });
    const parsed = await describeBaselineStrategyList(caller, { limit: 10, offset: 20, enabled: 1 });
    expect(caller.calls[0]?.payload).toEqual({ Limit: 10, Offset: 20, Enabled: 1 });
    expect(parsed).toEqual({ value: { strategyIds: [], totalCount: 0 }, issues: [] });
  });

  it('accepts StrategyId as a number (model) or a digit string (official example)', async () => {
    const parsed = await describeBaselineStrategyList(
      fakeCaller({ StrategyList: [{ StrategyId: '10023' }, { StrategyId: 4 }], TotalCount: 2 }),
      { limit: 10, offset: 0, enabled: 1 },
    );
    expect(parsed).toEqual({ value: { strategyIds: [10023, 4], totalCount: 2 }, issues: [] });
  });

  it('skips and reports bad entries', async () => {
    const parsed = await describeBaselineStrategyList(
      fakeCaller({
        StrategyList: [
          { StrategyId: 'x3' },
          null,
          { StrategyId: 4 },
          { StrategyId: 1.5 },
          { StrategyId: '1e3' },
        ],
        TotalCount: 'x',
      }),
      { limit: 10, offset: 0, enabled: 1 },
    );
    expect(parsed.value).toEqual({ strategyIds: [4] });
    expect(parsed.issues.map((i) => i.field)).toEqual([
      'TotalCount',
      'StrategyList[].StrategyId',
      'StrategyList[].StrategyId',
      'StrategyList[].StrategyId',
      'StrategyList[].StrategyId',
    ]);
    expect(parsed.issues.slice(1).map((i) => i.problem.split(':')[0])).toEqual([
      'entry 0',
      'entry 1',
      'entry 3',
      'entry 4',
    ]);
  });

  it('names bad entries without their index, so a long hostile list cannot grow the field-issue label set', async () => {
    const parsed = await describeBaselineStrategyList(
      fakeCaller({ StrategyList: Array.from({ length: 500 }, (_, i) => ({ StrategyId: `x${i}` })) }),
      { limit: 100, offset: 0, enabled: 1 },
    );
    expect(parsed.issues).toHaveLength(500);
    expect(new Set(parsed.issues.map((i) => i.field))).toEqual(new Set(['StrategyList[].StrategyId']));
  });

  it('fails on a list that is not an array (an empty page would be made up), carrying the field issue', async () => {
    const error = await describeBaselineStrategyList(fakeCaller({ StrategyList: {} }), {
      limit: 10,
      offset: 0,
      enabled: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as { fieldIssues: unknown }).fieldIssues).toEqual([
      { field: 'StrategyList', problem: 'expected array, got object {}' },
    ]);
  });
});

describe('describeValue', () => {
  it.each([
    ['xx', 'string "xx"'],
    [undefined, 'undefined undefined'],
    ['y'.repeat(100), `string "${'y'.repeat(39)}…`],
  ])('%j', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});
