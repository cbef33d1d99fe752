import { parseSeverityList, type SeverityListShape } from '../../../src/tencentcloud/apis/severity-list.js';

const SHAPE: SeverityListShape = {
  levelField: 'Level',
  severityOf: (level) => (level === 'HIGH' ? 'high' : level === 'LOW' ? 'low' : undefined),
  levels: 'HIGH or LOW',
  countField: 'Cnt',
};

describe('parseSeverityList', () => {
  it('names each bad entry by field without its index (the index is in the problem text)', () => {
    const { value, issues } = parseSeverityList(
      [
        { Level: 'HIGH', Cnt: 1 },
        7,
        { Level: 'NONE', Cnt: 1 },
        { Level: 'LOW', Cnt: -1 },
        { Level: 'HIGH', Cnt: 2 },
        { Level: 'LOW', Cnt: '3' },
        { Level: 'LOW', Cnt: '1e3' },
      ],
      'VulnerabilityCnt',
      SHAPE,
    );
    expect(value).toEqual([
      { severity: 'high', count: 1 },
      { severity: 'low', count: 3 },
    ]);
    expect(issues).toEqual([
      { field: 'VulnerabilityCnt[]', problem: 'entry 1: expected object, got number 7' },
      { field: 'VulnerabilityCnt[].Level', problem: 'entry 2: expected HIGH or LOW, got string "NONE"' },
      {
        field: 'VulnerabilityCnt[].Cnt',
        problem: 'entry 3: expected non-negative integer (number or digit string), got number -1',
      },
      { field: 'VulnerabilityCnt[].Level', problem: 'entry 4: high listed twice' },
      {
        field: 'VulnerabilityCnt[].Cnt',
        problem: 'entry 6: expected non-negative integer (number or digit string), got string "1e3"',
      },
    ]);
  });

  it('a long hostile list adds at most three field names to the field-issue label set', () => {
    const hostile = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? null : i % 3 === 1 ? { Level: `L${i}` } : { Level: 'LOW', Cnt: 'x' },
    );
    const { issues } = parseSeverityList(hostile, 'RiskCnt', SHAPE);
    expect(issues.length).toBeGreaterThan(2000);
    expect(new Set(issues.map((i) => i.field))).toEqual(
      new Set(['RiskCnt[]', 'RiskCnt[].Level', 'RiskCnt[].Cnt']),
    );
  });
});
