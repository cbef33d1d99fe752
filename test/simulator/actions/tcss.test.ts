import {
  imageScanStatusFields,
  imageScanTaskFields,
  tcssTaskState,
} from '../../../src/simulator/actions/tcss.js';
import { scanSeed, scanSnapshot } from '../../../src/simulator/scan-model.js';
import { ALICE, BOB, START_MS, TIMING, useTestSimulator, withoutRequestId } from '../fixture.js';
import { codeOf } from '../sign-helper.js';

const STATUS = 'DescribeAssetImageScanStatus';
const TASK = 'DescribeAssetImageScanTask';
const simulator = useTestSimulator();

describe('DescribeAssetImageScanStatus', () => {
  it('answers the model state of the latest task, second by second over a whole cycle', async () => {
    const statuses = new Set<unknown>();
    for (let second = 0; second <= 75; second += 3) {
      simulator().clock.ms = START_MS + second * 1000;
      const fields = withoutRequestId((await simulator().call(STATUS)).response);
      const expected = imageScanStatusFields(
        250,
        scanSnapshot('alice', 'image', simulator().clock.ms, TIMING),
        2,
      );
      expect(fields).toEqual(expected);
      const { ImageTotal, ImageScanCnt, Schedule, SuccessCount } = fields as Record<string, number>;
      expect(Schedule).toBe(Math.floor((ImageScanCnt! * 100) / ImageTotal!));
      expect(SuccessCount).toBeLessThanOrEqual(ImageScanCnt!);
      statuses.add(fields['Status']);
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['END', 'SCANNING']));
  });

  it('answers READY with nothing scanned before the first scan', async () => {
    const name = Array.from({ length: 50 }, (_, i) => `fresh-${i}`).find(
      (n) => scanSeed(n, 'image') % 4 === 0,
    )!;
    const account = { name, secretId: `AKID${name}`, secretKey: 'k', imageTotal: 42 };
    simulator().sim.addAccount(account);
    const fields = withoutRequestId((await simulator().call(STATUS, {}, account)).response);
    expect(fields).toEqual({
      ImageTotal: 42,
      ImageScanCnt: 0,
      Status: 'READY',
      Schedule: 0,
      SuccessCount: 0,
      RiskCount: 0,
      LeftSeconds: 0,
    });
  });

  it('answers an earlier task by its TaskID, as it ended', async () => {
    const task = (await simulator().call(TASK)).response!;
    const current = withoutRequestId((await simulator().call(STATUS, { TaskID: task['TaskID'] })).response);
    expect(current).toEqual(withoutRequestId((await simulator().call(STATUS)).response));

    simulator().clock.ms += 3 * 70_000;
    const later = withoutRequestId((await simulator().call(STATUS, { TaskID: task['TaskID'] })).response);
    expect(later['Status']).toBe('END');
    const ended = tcssTaskState(scanSnapshot('alice', 'image', simulator().clock.ms - 3 * 70_000, TIMING));
    if (ended.subStatus === 'Success') expect(later['ImageScanCnt']).toBe(250);
    expect((await simulator().call(TASK)).response?.['TaskID']).not.toBe(task['TaskID']);
  });

  it.each([
    ['a number', 5, 'InvalidParameter'],
    ['an object', { id: 'x' }, 'InvalidParameter'],
    ['an unknown id', 'dskaldjskld', 'ResourceNotFound'],
    ['a task that has not started', 'next', 'ResourceNotFound'],
    ["another account's task", 'bob', 'ResourceNotFound'],
  ])('rejects TaskID %s with %s', async (_name, taskId, code) => {
    let value = taskId;
    if (taskId === 'bob') value = (await simulator().call(TASK, {}, BOB)).response?.['TaskID'] as string;
    if (taskId === 'next') {
      const current = (await simulator().call(TASK)).response?.['TaskID'] as string;
      value = current.replace(/-(\d+)$/, (_m, cycle: string) => `-${Number(cycle) + 1}`);
    }
    expect(codeOf(await simulator().call(STATUS, { TaskID: value }))).toBe(code);
  });

  it('rejects a parameter the model lacks', async () => {
    expect(codeOf(await simulator().call(STATUS, { TaskId: 'imgscan-x' }))).toBe('UnknownParameter');
    expect(codeOf(await simulator().call(TASK, { TaskID: 'x' }))).toBe('UnknownParameter');
  });

  it('treats an empty TaskID as absent', async () => {
    expect(codeOf(await simulator().call(STATUS, { TaskID: '' }))).toBe('Success');
  });
});

describe('DescribeAssetImageScanTask', () => {
  it('answers the current task with a Beijing-time LastScanTime', async () => {
    // A time when alice's image scan has started.
    let ms = START_MS;
    while (scanSnapshot('alice', 'image', ms, TIMING).phase === 'never_scanned') ms += 1000;
    simulator().clock.ms = ms;
    const fields = withoutRequestId((await simulator().call(TASK, {}, ALICE)).response);
    const snapshot = scanSnapshot('alice', 'image', ms, TIMING);
    expect(fields).toEqual(imageScanTaskFields('alice', snapshot));
    expect(fields).toEqual({
      TaskID: expect.stringMatching(/^imgscan-[0-9a-f]{8}-\d+$/),
      Status: expect.stringMatching(/^(READY|SCANNING|END)$/),
      SubStatus: expect.stringMatching(/^(|Success|Cancel|Timeout|Error)$/),
      LastScanTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const utc = new Date(snapshot.beginMs! + 8 * 3600_000).toISOString();
    expect(fields['LastScanTime']).toBe(`${utc.slice(0, 10)} ${utc.slice(11, 19)}`);
  });

  it('goes READY → SCANNING → END, and ends with every SubStatus of the model over time', async () => {
    const seen = new Set<string>();
    const order: string[] = [];
    for (let second = 0; second < 400 * 70 && seen.size < 6; second += 1) {
      const { status, subStatus } = tcssTaskState(
        scanSnapshot('alice', 'image', START_MS + second * 1000, TIMING),
      );
      const key = `${status}/${subStatus}`;
      if (order.at(-1) !== status) order.push(status);
      if (seen.has(key)) continue;
      seen.add(key);
      // Each new combination, as answered over HTTP.
      simulator().clock.ms = START_MS + second * 1000;
      const fields = withoutRequestId((await simulator().call(TASK)).response);
      expect([fields['Status'], fields['SubStatus']]).toEqual([status, subStatus]);
    }
    expect([...seen].sort()).toEqual(
      ['END/Cancel', 'END/Error', 'END/Success', 'END/Timeout', 'READY/', 'SCANNING/'].sort(),
    );
    // Every task passes through the three states in order.
    expect(order.join(' ')).toMatch(/^(END )?(READY SCANNING END )+/);
  });

  it('answers READY without a time before the first task', async () => {
    const name = Array.from({ length: 50 }, (_, i) => `fresh-${i}`).find(
      (n) => scanSeed(n, 'image') % 4 === 0,
    )!;
    const account = { name, secretId: `AKIDtask${name}`, secretKey: 'k' };
    simulator().sim.addAccount(account);
    const fields = withoutRequestId((await simulator().call(TASK, {}, account)).response);
    expect(fields).toEqual({ TaskID: '', Status: 'READY', SubStatus: '', LastScanTime: null });
  });
});
