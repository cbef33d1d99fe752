import {
  describeAssetImageScanStatus,
  describeAssetImageScanTask,
} from '../../../src/tencentcloud/apis/tcss.js';
import { InvalidResponseError } from '../../../src/tencentcloud/errors.js';
import { fakeCaller } from './fake-caller.js';

const DOC_EXAMPLE = {
  ImageScanCnt: 0,
  ImageTotal: 339,
  LeftSeconds: 4666,
  RequestId: 'b9e9e86e-5b7e-476c-9be1-a8c6399afef3',
  RiskCount: 0,
  Schedule: 0,
  Status: 'SCANNING',
  SuccessCount: 0,
};

describe('describeAssetImageScanStatus', () => {
  it('parses the documented example', async () => {
    const caller = fakeCaller(DOC_EXAMPLE);
    const parsed = await describeAssetImageScanStatus(caller, { taskId: 'dskaldjskld' });
    expect(parsed).toEqual({
      value: {
        ImageScanCnt: 0,
        ImageTotal: 339,
        LeftSeconds: 4666,
        RiskCount: 0,
        Schedule: 0,
        Status: 'SCANNING',
        SuccessCount: 0,
      },
      issues: [],
      requestId: DOC_EXAMPLE.RequestId,
    });
    expect(caller.calls[0]).toEqual({
      spec: { service: 'tcss', version: '2020-11-01', action: 'DescribeAssetImageScanStatus' },
      payload: { TaskID: 'dskaldjskld' },
    });
  });

  it('sends no TaskID without a task', async () => {
    const caller = fakeCaller(DOC_EXAMPLE);
    const signal = new AbortController().signal;
    await describeAssetImageScanStatus(caller, {}, { signal });
    expect(caller.calls[0]?.payload).toEqual({});
    expect(caller.calls[0]?.options?.signal).toBe(signal);
  });

  it.each([
    ['ImageTotal', ' 12', 'expected non-negative integer (number or digit string), got string " 12"'],
    ['ImageTotal', 1.5, 'expected non-negative integer (number or digit string), got number 1.5'],
    ['ImageTotal', -1, 'expected non-negative integer (number or digit string), got number -1'],
    ['Schedule', 101, 'expected integer 0..100 (number or digit string), got number 101'],
    ['Status', 7, 'expected string, got number 7'],
    ['LeftSeconds', { a: 1 }, 'expected integer (number or digit string), got object {"a":1}'],
    ['RiskCount', [1], 'expected non-negative integer (number or digit string), got array [1]'],
    ['SuccessCount', true, 'expected non-negative integer (number or digit string), got boolean true'],
  ])('%s = %j is absent and reported', async (field, raw, problem) => {
    const parsed = await describeAssetImageScanStatus(fakeCaller({ ...DOC_EXAMPLE, [field]: raw }));
    expect(parsed.value).not.toHaveProperty(field);
    expect(parsed.issues).toEqual([{ field, problem }]);
    expect(Object.keys(parsed.value)).toHaveLength(6);
  });

  it('reads numbers written as digit strings as the numbers (official examples answer some so)', async () => {
    const asStrings = Object.fromEntries(
      Object.entries(DOC_EXAMPLE).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
    );
    const parsed = await describeAssetImageScanStatus(fakeCaller({ ...asStrings, Schedule: '47' }));
    expect(parsed.value).toEqual({
      ImageScanCnt: 0,
      ImageTotal: 339,
      LeftSeconds: 4666,
      RiskCount: 0,
      Schedule: 47,
      Status: 'SCANNING',
      SuccessCount: 0,
    });
    expect(parsed.issues).toEqual([]);
  });

  it('treats null and missing fields as absent without issues', async () => {
    const parsed = await describeAssetImageScanStatus(fakeCaller({ ImageTotal: null, Status: 'END' }));
    expect(parsed.value).toEqual({ Status: 'END' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.requestId).toBeUndefined();
  });

  it.each([[null], ['text'], [[1, 2]], [42]])('rejects a non-object response %j', async (response) => {
    await expect(describeAssetImageScanStatus(fakeCaller(response))).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});

describe('describeAssetImageScanTask', () => {
  it('parses and validates the time shape', async () => {
    const caller = fakeCaller({
      TaskID: 't-1',
      Status: 'END',
      SubStatus: 'SUCCESS',
      LastScanTime: '2024-13-01 10:00:00',
    });
    const parsed = await describeAssetImageScanTask(caller);
    expect(parsed.value).toEqual({ TaskID: 't-1', Status: 'END', SubStatus: 'SUCCESS' });
    expect(parsed.issues).toEqual([
      {
        field: 'LastScanTime',
        problem: 'expected time YYYY-MM-DD HH:MM:SS, got string "2024-13-01 10:00:00"',
      },
    ]);
    expect(caller.calls[0]?.spec.action).toBe('DescribeAssetImageScanTask');
    expect(caller.calls[0]?.payload).toEqual({});
  });
});
