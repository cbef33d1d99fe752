/**
 * The asset-list parsers (TCSS DescribeAssetImageList, CWP DescribeMachines), entry by entry:
 * what they send (the model's required parameters, pages of 100, the severity filters) and what a
 * hostile answer gives (an issue and no value, never a made-up one, never an unbounded issue name).
 */
import { describeMachines } from '../../../src/tencentcloud/apis/cwp-machines.js';
import { describeAssetImageList } from '../../../src/tencentcloud/apis/tcss-image-list.js';
import { InvalidResponseError } from '../../../src/tencentcloud/errors.js';
import { fakeCaller } from './fake-caller.js';

/** The official example's entry (tcss DescribeAssetImageList 2020-11-01), the fields read here. */
const EXAMPLE_IMAGE = {
  ImageID: 'sha256:2061084bfcc0d9ff44f479efc582e3ac9feaf96b556f6901bb39dbddfb9676b2',
  ImageName: 'l10:latest',
  ContainerCnt: 0,
  ScanTime: '2021-01-29T06:10:12.021Z',
  VirusCnt: 141,
  RiskCnt: 7,
  CriticalLevelVulCnt: 1,
  HighLevelVulCnt: 2,
  MediumLevelVulCnt: 0,
  LowLevelVulCnt: 2,
  ScanStatus: 'scanned',
};

describe('describeAssetImageList', () => {
  test('sends a page of 100 at the offset, with the SecurityRisk filter when asked', async () => {
    const caller = fakeCaller({ List: [], TotalCount: 0 });
    await describeAssetImageList(caller, { offset: 200 });
    await describeAssetImageList(caller, { offset: 0, risk: 'CriticalLevelVul' });
    expect(caller.calls.map((c) => c.payload)).toEqual([
      { Limit: 100, Offset: 200 },
      {
        Limit: 100,
        Offset: 0,
        Filters: [{ Name: 'SecurityRisk', Values: ['CriticalLevelVul'], ExactMatch: true }],
      },
    ]);
    expect(caller.calls[0]?.spec).toEqual({
      service: 'tcss',
      version: '2020-11-01',
      action: 'DescribeAssetImageList',
    });
  });

  test('parses the official example entry, its RFC 3339 ScanTime and a zone-less one', async () => {
    const zoneless = { ...EXAMPLE_IMAGE, ImageID: 'sha256:b', ScanTime: '2024-05-01 10:00:00' };
    const parsed = await describeAssetImageList(
      fakeCaller({ List: [EXAMPLE_IMAGE, zoneless], TotalCount: 2, RequestId: 'r' }),
      { offset: 0 },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.value).toEqual({ entries: [EXAMPLE_IMAGE, zoneless], received: 2, totalCount: 2 });
  });

  test('counts and TotalCount as digit strings are taken as numbers', async () => {
    const parsed = await describeAssetImageList(
      fakeCaller({
        List: [{ ...EXAMPLE_IMAGE, VirusCnt: '141', CriticalLevelVulCnt: '1', ContainerCnt: '0' }],
        TotalCount: '1',
      }),
      { offset: 0 },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.value).toEqual({ entries: [EXAMPLE_IMAGE], received: 1, totalCount: 1 });
  });

  test('a page holding more than the Limit: the first 100 entries read, one issue', async () => {
    const list = Array.from({ length: 5000 }, (_, i) => ({
      ...EXAMPLE_IMAGE,
      ImageID: `sha256:${i}`,
      VirusCnt: -1,
    }));
    const parsed = await describeAssetImageList(fakeCaller({ List: list, TotalCount: 5000 }), { offset: 0 });
    expect(parsed.value.entries).toHaveLength(100);
    expect(parsed.value.received).toBe(5000);
    expect(parsed.issues.filter((i) => i.field === 'List')).toEqual([
      { field: 'List', problem: '5000 entries, more than the Limit of 100: the first 100 read' },
    ]);
    // Entries beyond the Limit are not even parsed: their issues do not count either.
    expect(parsed.issues.filter((i) => i.field === 'List[].VirusCnt')).toHaveLength(100);
  });

  const hostile: [string, Record<string, unknown>, string, string][] = [
    ['a count as a decimal string', { VirusCnt: '14.1' }, 'VirusCnt', 'got string "14.1"'],
    ['a count as a string beyond 2^53', { VirusCnt: '9'.repeat(20) }, 'VirusCnt', 'non-negative integer'],
    ['a negative count', { CriticalLevelVulCnt: -1 }, 'CriticalLevelVulCnt', 'expected non-negative integer'],
    ['a huge count', { HighLevelVulCnt: 1e300 }, 'HighLevelVulCnt', 'expected non-negative integer'],
    ['a fractional count', { LowLevelVulCnt: 1.5 }, 'LowLevelVulCnt', 'expected non-negative integer'],
    ['an unknown status', { ScanStatus: 'paused' }, 'ScanStatus', 'notScan, scanning, scanned, scanErr'],
    ['a malformed time', { ScanTime: '29/01/2021' }, 'ScanTime', 'expected time'],
    ['an empty id', { ImageID: '' }, 'ImageID', 'expected non-empty string'],
    ['a name of the wrong type', { ImageName: 7 }, 'ImageName', 'expected string'],
  ];
  test.each(hostile)(
    '%s: an issue named List[].%s, the field absent, the others kept',
    async (_, patch, field, problem) => {
      const parsed = await describeAssetImageList(
        fakeCaller({ List: [{ ...EXAMPLE_IMAGE, ...patch }], TotalCount: 1 }),
        { offset: 0 },
      );
      expect(parsed.issues).toEqual([
        { field: `List[].${field}`, problem: expect.stringContaining(problem) },
      ]);
      expect(parsed.issues[0]?.problem).toMatch(/^entry 0: /);
      const entry = parsed.value.entries[0]!;
      expect(field in entry).toBe(false);
      expect(Object.keys(entry)).toHaveLength(Object.keys(EXAMPLE_IMAGE).length - 1);
    },
  );

  test.each([
    ['null list', { List: null, TotalCount: null }, { entries: [], received: 0 }, 0],
    ['missing list', {}, { entries: [], received: 0 }, 0],
    [
      'null fields',
      { List: [{ ImageID: 'x', VirusCnt: null, ScanTime: null }] },
      { entries: [{ ImageID: 'x' }], received: 1 },
      0,
    ],
    [
      'empty scan time',
      { List: [{ ImageID: 'x', ScanTime: '' }] },
      { entries: [{ ImageID: 'x' }], received: 1 },
      0,
    ],
    [
      'an entry that is not an object',
      { List: [3, { ImageID: 'x' }] },
      { entries: [{ ImageID: 'x' }], received: 2 },
      1,
    ],
    ['a TotalCount as a word', { List: [], TotalCount: 'five' }, { entries: [], received: 0 }, 1],
  ])('%s', async (_, response, value, issues) => {
    const parsed = await describeAssetImageList(fakeCaller(response), { offset: 0 });
    expect(parsed.value).toEqual(value);
    expect(parsed.issues).toHaveLength(issues);
  });

  test('a List that is not a list leaves the page unusable', async () => {
    await expect(
      describeAssetImageList(fakeCaller({ List: { a: 1 } }), { offset: 0 }),
    ).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe('describeMachines', () => {
  const HOST = {
    Quuid: 'e3c6a6a4-0c8f-4b3a-9c39-5d7c1f6b2a11',
    InstanceId: 'ins-1a2b3c4d',
    MachineName: 'web-1',
    VulNum: 3,
    MalwareNum: 0,
    BaselineNum: 5,
    AgentStatus: 'ONLINE',
  };

  test('sends the required MachineType and MachineRegion, pages of 100, the Risk filter when asked', async () => {
    const caller = fakeCaller({ Machines: [HOST], TotalCount: 1 });
    await describeMachines(caller, { machineType: 'CVM', machineRegion: 'ap-guangzhou', offset: 100 });
    await describeMachines(caller, { machineType: 'LH', machineRegion: 'ap-others', offset: 0, risky: true });
    expect(caller.calls.map((c) => c.payload)).toEqual([
      { MachineType: 'CVM', MachineRegion: 'ap-guangzhou', Limit: 100, Offset: 100 },
      {
        MachineType: 'LH',
        MachineRegion: 'ap-others',
        Limit: 100,
        Offset: 0,
        Filters: [{ Name: 'Risk', Values: ['yes'], ExactMatch: true }],
      },
    ]);
  });

  test.each([
    ['ONLINE', []],
    ['OFFLINE', []],
    ['UNINSTALLED', []],
    // The model's own spelling.
    ['UNINStALLED', []],
    ['online', ['Machines[].AgentStatus']],
    ['SHUTDOWN', ['Machines[].AgentStatus']],
  ])('AgentStatus %s', async (status, issues) => {
    const parsed = await describeMachines(fakeCaller({ Machines: [{ ...HOST, AgentStatus: status }] }), {
      machineType: 'CVM',
      machineRegion: 'ap-guangzhou',
      offset: 0,
    });
    expect(parsed.issues.map((i) => i.field)).toEqual(issues);
  });

  test('counts as digit strings are taken as numbers; a page beyond the Limit is cut to it', async () => {
    const machines = Array.from({ length: 101 }, (_, i) => ({ ...HOST, Quuid: `q${i}`, VulNum: '3' }));
    const parsed = await describeMachines(fakeCaller({ Machines: machines, TotalCount: '101' }), {
      machineType: 'CVM',
      machineRegion: 'ap-guangzhou',
      offset: 0,
    });
    expect(parsed.issues.map((i) => i.field)).toEqual(['Machines']);
    expect(parsed.value.entries).toHaveLength(100);
    expect(parsed.value.entries[0]).toEqual({ ...HOST, Quuid: 'q0' });
    expect(parsed.value.totalCount).toBe(101);
  });

  test.each([
    ['VulNum', '3.5'],
    ['MalwareNum', -2],
    ['BaselineNum', 2 ** 60],
    ['Quuid', ''],
  ])('%s = %j: an issue, the field absent', async (field, bad) => {
    const parsed = await describeMachines(fakeCaller({ Machines: [{ ...HOST, [field]: bad }] }), {
      machineType: 'CVM',
      machineRegion: 'ap-guangzhou',
      offset: 0,
    });
    expect(parsed.issues.map((i) => i.field)).toEqual([`Machines[].${field}`]);
    expect(field in parsed.value.entries[0]!).toBe(false);
  });
});
