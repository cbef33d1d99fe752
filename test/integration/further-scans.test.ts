/**
 * The three further TCSS scans (container virus, image vulnerability, compliance per asset type),
 * end to end: the built exporter against the simulator on a stopped clock, every series compared
 * value by value with what the simulator answers; every status value of the contract's state
 * tables mapped (each account has one forced through the simulator's `fields` fault); a scan the
 * account has not enabled or is not entitled to fails for that scan only; landing page and --check.
 */
import { COLLECTORS } from '../../src/collectors/registry.js';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, runExporter, type Sample, select, waitFor } from '../helpers/exporter-process.js';
import { clockAt, findMoment } from '../helpers/sim-clock.js';
import {
  COMPLIANCE_CONTRACT_STATES,
  expectedFurtherScanSeries,
  VIRUS_CONTRACT_STATES,
  VUL_CONTRACT_STATES,
} from './expected-series.js';
import { exporterConfig, FURTHER_SCAN_COLLECTORS, simAccount } from './fixture.js';
import { differences } from './scan-assertions.js';

const SELF = 'tencentcloud_scan_exporter_';
const FURTHER = ['container_virus', 'image_vulnerability', 'compliance'] as const;
const FURTHER_COLLECTORS = FURTHER_SCAN_COLLECTORS;
const VIRUS = 'DescribeVirusScanTaskStatus';
const VUL = 'DescribeVulScanInfo';
const COMPLIANCE = 'DescribeComplianceTaskAssetSummary';

/** A compliance entry with every field, for forcing a CheckStatus. */
function complianceEntry(assetType: string, checkStatus: string): Record<string, unknown> {
  return {
    AssetType: assetType,
    CheckStatus: checkStatus,
    CheckProgress: 37.5,
    PassedPolicyItemCount: 20,
    FailedPolicyItemCount: 6,
    FailedCriticalPolicyItemCount: 1,
    FailedHighRiskPolicyItemCount: 2,
    FailedMediumRiskPolicyItemCount: 2,
    FailedLowRiskPolicyItemCount: 1,
    PassedAssetCount: 9,
    FailedAssetCount: 2,
    AssetPassedRate: 81.81,
    ScanFailedAssetCount: 1,
    CheckCostTime: 75,
    LastCheckTime: '2026-11-30 09:30:00',
    LeftTime: 12,
  };
}

interface Case {
  readonly fault?: { kind: 'error'; code: string } | { kind: 'fields'; fields: Record<string, unknown> };
  readonly actions?: string[];
  /** The scan (or raw status) the case is about. */
  readonly scan?: (typeof FURTHER)[number];
  readonly status?: string;
}

const CASES: Record<string, Case> = {
  healthy: {},
  'no-virus': {
    fault: { kind: 'error', code: 'ResourceNotFound' },
    actions: [VIRUS],
    scan: 'container_virus',
  },
  'no-vul': {
    fault: { kind: 'error', code: 'UnauthorizedOperation' },
    actions: [VUL],
    scan: 'image_vulnerability',
  },
  'no-compliance': {
    fault: { kind: 'error', code: 'FailedOperation' },
    actions: [COMPLIANCE],
    scan: 'compliance',
  },
  // The official example's numeric ScanType: no trigger, a field issue.
  'virus-numeric-scantype': { fault: { kind: 'fields', fields: { ScanType: 2 } }, actions: [VIRUS] },
  ...Object.fromEntries([
    ...Object.keys(VIRUS_CONTRACT_STATES)
      .concat('SCAN_PAUSED')
      .map((status) => [
        `virus-${status}`,
        {
          fault: { kind: 'fields', fields: { Status: status } },
          actions: [VIRUS],
          scan: 'container_virus',
          status,
        },
      ]),
    ...Object.keys(VUL_CONTRACT_STATES)
      .concat('PAUSED')
      .map((status) => [
        `vul-${status}`,
        {
          fault: { kind: 'fields', fields: { Status: status } },
          actions: [VUL],
          scan: 'image_vulnerability',
          status,
        },
      ]),
    ...Object.keys(COMPLIANCE_CONTRACT_STATES)
      .concat('CHECK_PAUSED')
      .map((status) => [
        `compliance-${status}`,
        {
          fault: {
            kind: 'fields',
            fields: {
              AssetSummaryList: [
                complianceEntry('ASSET_HOST', status),
                complianceEntry('ASSET_K8S', 'CHECK_FINISHED'),
              ],
            },
          },
          actions: [COMPLIANCE],
          scan: 'compliance',
          status,
        },
      ]),
  ]),
};
const NAMES = Object.keys(CASES);
const UNAVAILABLE = ['no-virus', 'no-vul', 'no-compliance'];

let sim: Simulator;
let exporter: ExporterProcess;
const accounts = new Map<string, SimulatorAccount>();

function furtherOf(samples: readonly Sample[], account: string): Sample[] {
  return samples.filter(
    (s) =>
      s.name.startsWith('tencentcloud_scan_') &&
      !s.name.startsWith(SELF) &&
      s.labels['account'] === account &&
      (FURTHER as readonly string[]).includes(s.labels['scan'] ?? ''),
  );
}

function configFor(names: readonly string[]): Record<string, unknown> {
  const config = exporterConfig(
    sim,
    names.map((n) => accounts.get(n)!),
    { schedule: '*/3 * * * * *', timeoutSeconds: 2.5 },
  );
  const collectors = config['collectors'] as Record<string, unknown>;
  // A generous timeout: the machine may be busy, and a timed-out round would hide the API's answer.
  for (const name of FURTHER_COLLECTORS)
    collectors[name] = { enabled: true, schedule: '*/3 * * * * *', timeout_seconds: 2.5 };
  return config;
}

beforeAll(async () => {
  // Healthy's virus scan runs, its vulnerability scan has ended, its host check runs and its k8s
  // check has finished: every row of the table has a value somewhere.
  // The scans of one account keep their relative phase (one cycle length), so the simulator
  // account behind `healthy` is picked by name among a few until one has such a moment.
  let moment: number | undefined;
  let healthyName = '';
  for (let i = 0; moment === undefined && i < 200; i++) {
    healthyName = `healthy-${i}`;
    try {
      moment = findMoment(
        [
          { account: healthyName, scan: 'container_virus', phases: ['scanning'], minProgress: 5 },
          { account: healthyName, scan: 'image_vulnerability', phases: ['completed'] },
          { account: healthyName, scan: 'compliance/ASSET_HOST', phases: ['scanning'], minProgress: 5 },
          { account: healthyName, scan: 'compliance/ASSET_K8S', phases: ['completed'] },
        ],
        undefined,
        300,
      );
    } catch {
      moment = undefined;
    }
  }
  if (moment === undefined) throw new Error('no account name gives a moment with every row of the table');
  const at = clockAt(moment);
  for (const name of NAMES) accounts.set(name, simAccount(name === 'healthy' ? healthyName : name));
  sim = await startSimulator({
    accounts: [...accounts.values()],
    now: at.clock.now,
    rateLimitPerSecond: 1e9,
  });
  at.start();
  for (const [name, c] of Object.entries(CASES)) {
    if (c.fault) sim.setFault(name, { fault: c.fault, ...(c.actions ? { actions: c.actions } : {}) });
  }
  exporter = await ExporterProcess.start({ config: configFor(NAMES), args: ['--log.level=debug'] });
  await exporter.waitForReady();
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

test('every series of every account equals what the simulator answers, value by value', async () => {
  const seen = new Set<string>();
  for (const name of NAMES) {
    let last = '';
    await waitFor(
      async () => {
        const expected = await expectedFurtherScanSeries(sim, accounts.get(name)!);
        const actual = furtherOf(await exporter.samples(), accounts.get(name)!.name);
        last = differences(actual, expected);
        if (last !== '') return undefined;
        for (const s of actual) seen.add(`${s.labels['scan']} ${s.name}`);
        return true;
      },
      { timeoutMs: 15_000, what: `${name}'s further scan series to agree with the simulator` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${last}`);
    });
  }
  // Every metric of every field table was compared with a value at least once.
  const scanOf: Record<string, string> = {
    tcss_container_virus: 'container_virus',
    tcss_image_vulnerability: 'image_vulnerability',
    tcss_compliance: 'compliance',
  };
  for (const d of COLLECTORS.filter((c) => c.name in scanOf))
    for (const row of d.fields.flatMap((t) => t.rows)) {
      const key = `${scanOf[d.name]} ${row.metric}`;
      expect({ key, compared: seen.has(key) }).toEqual({ key, compared: true });
    }
});

test('every status value maps to the contract state; other values to unknown, raw value on info', async () => {
  const tables: Record<string, Readonly<Record<string, string>>> = {
    container_virus: VIRUS_CONTRACT_STATES,
    image_vulnerability: VUL_CONTRACT_STATES,
    compliance: COMPLIANCE_CONTRACT_STATES,
  };
  const samples = await exporter.samples();
  let checked = 0;
  for (const [name, c] of Object.entries(CASES)) {
    if (c.status === undefined || c.scan === undefined) continue;
    const where: Record<string, string> = { account: accounts.get(name)!.name, scan: c.scan };
    if (c.scan === 'compliance') where['asset_type'] = 'host';
    const on = select(samples, 'tencentcloud_scan_state', where).filter((s) => s.value === 1);
    const expected = tables[c.scan]![c.status] ?? 'unknown';
    expect({ name, states: on.map((s) => s.labels['state']) }).toEqual({ name, states: [expected] });
    expect(select(samples, 'tencentcloud_scan_info', where)[0]?.labels['status']).toBe(c.status);
    checked++;
  }
  expect(checked).toBe(7 + 1 + 4 + 1 + 5 + 1);
});

test('a numeric ScanType (the official example) gives no trigger and is counted as a field issue', async () => {
  const samples = await exporter.samples();
  const info = select(samples, 'tencentcloud_scan_info', {
    account: 'virus-numeric-scantype',
    scan: 'container_virus',
  });
  expect(info).toHaveLength(1);
  expect(info[0]!.labels['trigger']).toBeUndefined();
  expect(
    select(samples, `${SELF}response_field_issues_total`, {
      account: 'virus-numeric-scantype',
      action: VIRUS,
      field: 'ScanType',
    })[0]?.value,
  ).toBeGreaterThan(0);
  const healthy = select(samples, 'tencentcloud_scan_info', {
    account: accounts.get('healthy')!.name,
    scan: 'container_virus',
  });
  expect(['scheduled', 'one_click']).toContain(healthy[0]!.labels['trigger']);
});

describe.each(UNAVAILABLE)('%s: a scan the account lacks', (name) => {
  const c = CASES[name]!;
  const collector = `tcss_${c.scan}`;

  test('fails for that scan only: its collector is 0, every other collector and scan keeps its series', async () => {
    const expected = Object.fromEntries(
      COLLECTORS.filter(
        (d) => d.config.parse({}).enabled || (FURTHER_COLLECTORS as readonly string[]).includes(d.name),
      ).map((d) => [d.name, d.name === collector ? 0 : 1]),
    );
    let last: unknown;
    // Polled: on a busy machine one round of some collector may time out now and then.
    await waitFor(
      async () => {
        const samples = await exporter.samples();
        const success = Object.fromEntries(
          Object.keys(expected).map((c) => [
            c,
            select(samples, `${SELF}collector_success`, { account: name, collector: c })[0]?.value,
          ]),
        );
        last = success;
        return JSON.stringify(success) === JSON.stringify(expected) ? true : undefined;
      },
      { timeoutMs: 20_000, what: `${name}: only ${collector} failing` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(last)}`);
    });
    const samples = await exporter.samples();
    const scans = new Set(
      select(samples, 'tencentcloud_scan_info', { account: name }).map((s) => s.labels['scan']),
    );
    expect(scans).toEqual(
      new Set(['image', 'malware', 'vul', 'baseline', ...FURTHER.filter((s) => s !== c.scan)]),
    );
  });

  test('the landing page says the scan is not available and what to do', async () => {
    const code = c.fault?.kind === 'error' ? c.fault.code : '?';
    const section = async () => {
      const page = await exporter.get('/');
      const start = page.text.indexOf(`data-account="${name}" id=`);
      return page.text.slice(start, page.text.indexOf('</section>', start));
    };
    const text = await waitFor(
      async () => {
        const s = await section();
        return s.includes('is not available to this account') ? s : undefined;
      },
      { timeoutMs: 20_000, what: `${name}'s landing section to name the unavailable scan` },
    );
    expect(text).toContain(`collectors.${collector}.enabled: false`);
    expect(text).toContain(code);
  });
});

test('the landing page shows every scan kind of an account, compliance per asset type', async () => {
  const page = await exporter.get('/');
  const start = page.text.indexOf(`data-account="${accounts.get('healthy')!.name}" id=`);
  const section = page.text.slice(start, page.text.indexOf('</section>', start));
  for (const scan of ['image', 'malware', 'vul', 'container_virus', 'image_vulnerability'])
    expect(section).toContain(`<td>${scan}</td>`);
  for (const type of ['container', 'image', 'host', 'k8s'])
    expect(section).toContain(`<td>compliance (${type})</td>`);
});

test('--check calls each enabled collector once per account and lists it', async () => {
  const result = await runExporter(['--check'], { config: configFor(['healthy', 'no-compliance']) });
  expect(result.code).toBe(1);
  for (const collector of FURTHER_COLLECTORS) {
    const row = (account: string) =>
      result.stdout.split('\n').find((l) => new RegExp(`^${account}\\s+${collector}\\s`).test(l));
    expect(row(accounts.get('healthy')!.name)).toMatch(/\sok\s.*Success/);
    if (collector === 'tcss_compliance') {
      expect(row('no-compliance')).toMatch(/FAILED.*FailedOperation.*compliance check is not available/);
    } else expect(row('no-compliance')).toMatch(/\sok\s/);
  }
}, 60_000);
