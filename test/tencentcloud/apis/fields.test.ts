/**
 * The numeric field rules, form by form: a number, or the same number written as a plain decimal
 * string (official examples answer some numeric fields so), checked against the same range; every
 * other form is a field issue and no value, never a made-up 0.
 */
import { describeGeneralStat } from '../../../src/tencentcloud/apis/cwp-summary.js';
import {
  count,
  type FieldRule,
  fractionalPercent,
  integer,
  parseFields,
  percent,
} from '../../../src/tencentcloud/apis/fields.js';
import { describeAssetSummary } from '../../../src/tencentcloud/apis/tcss-summary.js';
import { fakeCaller } from './fake-caller.js';

const CONTEXT = { account: 'test', service: 'cwp', action: 'Test' };

function read(rule: FieldRule<number, never>, raw: unknown) {
  return parseFields({ F: raw }, { F: rule } as never, CONTEXT) as {
    value: { F?: number };
    issues: readonly { field: string; problem: string }[];
  };
}

const RULES = { count, integer, percent, fractionalPercent } as const;
type RuleName = keyof typeof RULES;

/** Forms no numeric rule takes. */
const NEVER: readonly unknown[] = [
  '',
  ' ',
  '+1',
  '1e3',
  '0x10',
  'Infinity',
  '-Infinity',
  'NaN',
  '1,000',
  ' 12',
  '12 ',
  '\t12',
  '12\n',
  '１２',
  '٣',
  true,
  false,
  [12],
  ['12'],
  { value: 12 },
  '.5',
  '5.',
  '-',
  '--1',
];

const ACCEPTED: readonly [RuleName, unknown, number][] = [
  ['count', 0, 0],
  ['count', 12, 12],
  ['count', '12', 12],
  ['count', '0', 0],
  ['count', '007', 7],
  ['count', '9007199254740991', Number.MAX_SAFE_INTEGER],
  ['count', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ['integer', -5, -5],
  ['integer', '-5', -5],
  ['integer', '12', 12],
  ['integer', '-9007199254740991', -Number.MAX_SAFE_INTEGER],
  ['percent', 0, 0],
  ['percent', '0', 0],
  ['percent', '47', 47],
  ['percent', '100', 100],
  ['percent', 100, 100],
  ['fractionalPercent', 47.5, 47.5],
  ['fractionalPercent', '47.5', 47.5],
  ['fractionalPercent', '47', 47],
  ['fractionalPercent', '0.25', 0.25],
  ['fractionalPercent', '100.0', 100],
  ['fractionalPercent', '0', 0],
];

const REJECTED: readonly [RuleName, unknown][] = [
  ...(Object.keys(RULES) as RuleName[]).flatMap((rule) =>
    NEVER.map((raw): [RuleName, unknown] => [rule, raw]),
  ),
  ['count', -1],
  ['count', '-1'],
  ['count', '-0'],
  ['count', 1.5],
  ['count', '1.5'],
  ['count', '12.0'],
  ['count', 2 ** 53],
  ['count', '9007199254740992'],
  ['count', '9007199254740993'],
  ['count', '123456789012345678901234567890'],
  ['count', '9'.repeat(400)],
  ['integer', 1.5],
  ['integer', '1.5'],
  ['integer', '-9007199254740993'],
  ['integer', 2 ** 64],
  ['integer', '18446744073709551616'],
  ['percent', 101],
  ['percent', '101'],
  ['percent', -1],
  ['percent', '-1'],
  ['percent', '47.5'],
  ['percent', 47.5],
  ['fractionalPercent', 100.5],
  ['fractionalPercent', '100.5'],
  ['fractionalPercent', -0.5],
  ['fractionalPercent', '-0.5'],
  ['fractionalPercent', '-1'],
  ['fractionalPercent', '1'.repeat(400)],
  ['fractionalPercent', `1.${'0'.repeat(400)}x`],
];

describe('numeric field rules', () => {
  test.each(ACCEPTED)('%s takes %j as %d', (rule, raw, expected) => {
    const { value, issues } = read(RULES[rule](), raw);
    expect(value).toEqual({ F: expected });
    expect(issues).toEqual([]);
  });

  test.each(REJECTED)('%s refuses %j: a field issue and no value', (rule, raw) => {
    const { value, issues } = read(RULES[rule](), raw);
    expect(value).toEqual({});
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('F');
    expect(issues[0]!.problem).toMatch(
      /^expected .*\((number or digit string|number or decimal string)\), got /,
    );
  });

  test.each(Object.keys(RULES) as RuleName[])('%s: null and missing are absent, with no issue', (rule) => {
    expect(read(RULES[rule](), null)).toEqual({ value: {}, issues: [] });
    expect(read(RULES[rule](), undefined)).toEqual({ value: {}, issues: [] });
  });

  test('the issue says which forms are taken', () => {
    expect(read(count(), ' 12').issues).toEqual([
      { field: 'F', problem: 'expected non-negative integer (number or digit string), got string " 12"' },
    ]);
    expect(read(fractionalPercent(), '1e1').issues).toEqual([
      { field: 'F', problem: 'expected number 0..100 (number or decimal string), got string "1e1"' },
    ]);
  });
});

describe('a count written as a digit string, through a summary parser', () => {
  const GENERAL_STAT = {
    MachinesAll: 12,
    MachinesUninstalled: 1,
    AgentsAll: 11,
    AgentsOnline: 10,
    AgentsOffline: 1,
    AgentsPro: 3,
    AgentsBasic: 8,
    FlagshipMachineCnt: 0,
    AgentsProExpireWithInSevenDays: 0,
    RiskMachine: 4,
    RequestId: 'r-1',
  };

  test('DescribeGeneralStat: "12" gives the same value as 12', async () => {
    const asNumber = await describeGeneralStat(fakeCaller(GENERAL_STAT));
    const asString = await describeGeneralStat(fakeCaller({ ...GENERAL_STAT, MachinesAll: '12' }));
    expect(asString).toEqual(asNumber);
    expect(asString.value.MachinesAll).toBe(12);
    expect(asString.issues).toEqual([]);
  });

  test('DescribeAssetSummary: every count as a string reads as the numbers; a malformed one is an issue', async () => {
    const parsed = await describeAssetSummary(
      fakeCaller({ ImageCnt: '12', HostCnt: '3', ContainerRunning: '12 ', LatestImageScanTime: null }),
    );
    expect(parsed.value).toEqual({ ImageCnt: 12, HostCnt: 3 });
    expect(parsed.issues).toEqual([
      {
        field: 'ContainerRunning',
        problem: 'expected non-negative integer (number or digit string), got string "12 "',
      },
    ]);
  });
});
