/**
 * Failure isolation per scan, end to end: the built exporter against the strict simulator, with a
 * CAM policy (simulated) that allows DescribeScanState but denies DescribeBaselineStrategyList.
 * Malware and Vul keep their series; baseline discovery is named as the failure on the landing
 * page, in the log and in the self-metrics; collector_success is 0 because not every scan answered.
 */
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, select, waitFor } from '../helpers/exporter-process.js';
import { exporterConfig, simAccount } from './fixture.js';

const SELF = 'tencentcloud_scan_exporter_';
let sim: Simulator;
let exporter: ExporterProcess;
const denied: SimulatorAccount = { ...simAccount('denied'), disabledBaselineStrategyIds: [9] };
const allowed: SimulatorAccount = { ...simAccount('allowed'), disabledBaselineStrategyIds: [9] };

beforeAll(async () => {
  sim = await startSimulator({ accounts: [denied, allowed] });
  sim.setFault('denied', {
    fault: {
      kind: 'error',
      code: 'UnauthorizedOperation',
      message: 'CAM policy does not allow cwp:DescribeBaselineStrategyList',
    },
    actions: ['DescribeBaselineStrategyList'],
  });
  const config = exporterConfig(sim, [denied, allowed]);
  const collectors = config['collectors'] as Record<string, Record<string, unknown>>;
  collectors['cwp_scan_state']!['baseline_strategy_ids'] = 'auto';
  exporter = await ExporterProcess.start({ config });
  await exporter.waitForReady();
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

test('Malware and Vul series stay while baseline discovery is denied', async () => {
  const samples = await exporter.samples();
  const scans = new Set(
    select(samples, 'tencentcloud_scan_info', { account: 'denied', product: 'cwp' }).map(
      (s) => s.labels['scan'],
    ),
  );
  expect(scans).toEqual(new Set(['malware', 'vul']));
  expect(
    select(samples, `${SELF}collector_success`, { account: 'denied', collector: 'cwp_scan_state' })[0]?.value,
  ).toBe(0);
  expect(
    select(samples, `${SELF}api_requests_total`, {
      account: 'denied',
      action: 'DescribeBaselineStrategyList',
      code: 'UnauthorizedOperation',
    })[0]?.value,
  ).toBeGreaterThan(0);
  // The TCSS collector of the same account is unaffected.
  expect(
    select(samples, `${SELF}collector_success`, { account: 'denied', collector: 'tcss_image_scan' })[0]
      ?.value,
  ).toBe(1);
});

test('discovery sends Enabled 1 and leaves disabled strategies out for an allowed account', async () => {
  const samples = await exporter.samples();
  const strategies = select(samples, 'tencentcloud_scan_info', { account: 'allowed', scan: 'baseline' }).map(
    (s) => s.labels['strategy_id'],
  );
  expect(strategies.sort()).toEqual(['1', '2']);
  expect(
    select(samples, `${SELF}collector_success`, { account: 'allowed', collector: 'cwp_scan_state' })[0]
      ?.value,
  ).toBe(1);
  expect(
    sim
      .stats()
      .requests.filter((r) => r.account === 'allowed' && r.action === 'DescribeBaselineStrategyList'),
  ).toEqual([expect.objectContaining({ code: 'Success' })]);
});

test('the landing page and the log name baseline discovery as what failed', async () => {
  const page = await exporter.get('/');
  const section = page.text.slice(page.text.indexOf('data-account="denied"'));
  expect(section).toContain('baseline discovery (DescribeBaselineStrategyList)');
  expect(section).toContain('UnauthorizedOperation');
  const failureLine = () =>
    exporter
      .stdout()
      .split('\n')
      .find((l) => l.includes('collection failed') && l.includes('"account":"denied"'));
  await waitFor(() => (failureLine() ? true : undefined), {
    timeoutMs: 10_000,
    what: 'the failure log line',
  });
  const line = failureLine()!;
  expect(line).toContain('baseline discovery (DescribeBaselineStrategyList)');
  expect(line).toContain('UnauthorizedOperation');
});
