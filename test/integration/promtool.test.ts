/**
 * `promtool check metrics` (the Debian `prometheus` package) on real scrapes of the built exporter,
 * with succeeding, failing and garbage-answering accounts, so that every family has series.
 */
import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, select, waitFor } from '../helpers/exporter-process.js';
import { testWith } from '../helpers/system-tools.js';
import { exporterConfig, SCHEDULE, simAccount, TIMEOUT_SECONDS } from './fixture.js';

interface Checked {
  readonly code: number | null;
  readonly output: string;
}

const { run: withPromtool, command } = testWith('promtool', 'the promtool check metrics tests');

/** Pipes `text` into `promtool check metrics`; stdout and stderr together are its findings. */
function promtoolCheckMetrics(text: string): Promise<Checked> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['check', 'metrics'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run promtool (install the Debian package prometheus): ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(text);
  });
}

let sim: Simulator;
let exporter: ExporterProcess;
const accounts: SimulatorAccount[] = ['healthy', 'failing', 'throttled', 'garbage', 'broken'].map(simAccount);

beforeAll(async () => {
  sim = await startSimulator({ accounts });
  sim.setFault('throttled', { fault: { kind: 'error', code: 'RequestLimitExceeded' } });
  sim.setFault('garbage', { fault: { kind: 'wrong_types' } });
  sim.setFault('broken', { fault: { kind: 'non_json' } });
  const config = exporterConfig(sim, accounts, { wrongKey: ['failing'] });
  // The collectors that are off by default too, so that their families are checked.
  const collectors = config['collectors'] as Record<string, unknown>;
  for (const name of ['tcss_container_virus', 'tcss_image_vulnerability', 'tcss_compliance'])
    collectors[name] = { enabled: true, schedule: SCHEDULE, timeout_seconds: TIMEOUT_SECONDS };
  exporter = await ExporterProcess.start({ config });
  await exporter.waitForReady();
  // Wait until the failure counters exist, so the check covers them too.
  await waitFor(
    async () => {
      const samples = await exporter.samples();
      const codes = new Set(
        select(samples, 'tencentcloud_scan_exporter_api_requests_total').map((s) => s.labels['code']),
      );
      return ['Success', 'AuthFailure.SignatureFailure', 'RequestLimitExceeded', 'InvalidResponse'].every(
        (c) => codes.has(c),
      )
        ? true
        : undefined;
    },
    { what: 'every outcome code to be counted' },
  );
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

withPromtool('a real text-format scrape passes promtool check metrics without findings', async () => {
  const text = await exporter.scrape();
  expect(text).toContain(
    'tencentcloud_scan_exporter_collector_success{collector="tcss_image_scan",account="failing"} 0',
  );
  expect(text).toContain('tencentcloud_scan_progress_ratio{account="healthy"');
  for (const scan of ['container_virus', 'image_vulnerability', 'compliance'])
    expect(text).toMatch(new RegExp(`^tencentcloud_scan_info\\{account="healthy",[^}]*scan="${scan}"`, 'm'));
  expect(text).toContain('tencentcloud_scan_failed_policy_items{');
  const result = await promtoolCheckMetrics(text);
  expect(result).toEqual({ code: 0, output: '' });
});

withPromtool('a gzipped scrape, decoded, passes as well', async () => {
  // Prometheus scrapes with Accept-Encoding: gzip; the decoded body must pass as well.
  const res = await exporter.get('/metrics', { 'Accept-Encoding': 'gzip' });
  const result = await promtoolCheckMetrics(gunzipSync(res.body).toString('utf8'));
  expect(result).toEqual({ code: 0, output: '' });
});

withPromtool('a text scrape after an OpenMetrics scrape still passes promtool check metrics', async () => {
  await exporter.scrape({ Accept: 'application/openmetrics-text; version=1.0.0' });
  const result = await promtoolCheckMetrics(await exporter.scrape());
  expect(result).toEqual({ code: 0, output: '' });
});
