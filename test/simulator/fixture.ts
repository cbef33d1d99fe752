/** A simulator on a frozen, steerable clock, plus a signed-call shortcut for its accounts. */
import {
  type Simulator,
  type SimulatorAccount,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.js';
import type { ScanTiming } from '../../src/simulator/scan-model.js';
import { type CallInput, type CallResult, CWP, callApi, codeOf, STS, TCSS } from './sign-helper.js';

export const START_MS = 1_700_000_000_000;

/** The scan timing of the test simulator (the simulator's defaults, from START_MS). */
export const TIMING: ScanTiming = { originMs: START_MS, progressPerSecond: 2, idleSeconds: 20 };

/** An answer's fields without its `RequestId`, which must be there. */
export function withoutRequestId(response: Record<string, unknown> | undefined): Record<string, unknown> {
  const { RequestId, ...fields } = response ?? {};
  expect(RequestId).toEqual(expect.any(String));
  return fields;
}

export const ALICE: SimulatorAccount = {
  name: 'alice',
  secretId: 'AKIDalice000000000000',
  secretKey: 'alice-secret-key',
  uin: '200000000001',
  imageTotal: 250,
};
export const BOB: SimulatorAccount = {
  name: 'bob',
  secretId: 'AKIDbob00000000000000',
  secretKey: 'bob-secret-key',
  uin: '200000000002',
  baselineStrategyIds: [7, 8, 9],
};

const SERVICE_OF: Record<string, typeof TCSS | typeof CWP | typeof STS> = {
  DescribeAssetImageScanStatus: TCSS,
  DescribeAssetImageScanTask: TCSS,
  DescribeVirusScanTaskStatus: TCSS,
  DescribeVulScanInfo: TCSS,
  DescribeComplianceTaskAssetSummary: TCSS,
  DescribeScanState: CWP,
  DescribeBaselineStrategyList: CWP,
  DescribeImageRiskSummary: TCSS,
  DescribeAssetSummary: TCSS,
  DescribeVulLevelCount: CWP,
  DescribeVulHostCountScanTime: CWP,
  DescribeGeneralStat: CWP,
  DescribeBaselineDetectOverview: CWP,
  DescribeSecurityEventsCnt: CWP,
  DescribeAssetImageList: TCSS,
  DescribeMachines: CWP,
  AssumeRole: STS,
  AssumeRoleWithWebIdentity: STS,
};

export interface TestSimulator {
  readonly sim: Simulator;
  readonly clock: { ms: number };
  /** Signed with the account's keys at the simulator's clock; `extra` overrides any input. */
  call(
    action: string,
    payload?: unknown,
    account?: SimulatorAccount,
    extra?: Partial<CallInput>,
  ): Promise<CallResult>;
  /** `call`'s `Response` fields; an error answer throws with its code. */
  answer(action: string, payload?: unknown, account?: SimulatorAccount): Promise<Record<string, unknown>>;
}

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const clock = { ms: START_MS };
  // The clock stands still, so every request falls in the same second: no limit unless asked for.
  const sim = await startSimulator({
    accounts: [ALICE, BOB],
    now: () => clock.ms,
    rateLimitPerSecond: 1_000_000,
    ...options,
  });
  const call: TestSimulator['call'] = (action, payload = {}, account = ALICE, extra = {}) =>
    callApi({
      url: sim.url,
      action,
      ...(SERVICE_OF[action] ?? TCSS),
      secretId: account.secretId,
      secretKey: account.secretKey,
      payload,
      timestamp: Math.floor(clock.ms / 1000),
      ...extra,
    });
  return {
    sim,
    clock,
    call,
    answer: async (action, payload = {}, account = ALICE) => {
      const result = await call(action, payload, account);
      if (!result.response || 'Error' in result.response) throw new Error(`${action}: ${codeOf(result)}`);
      return result.response;
    },
  };
}

/**
 * One simulator for the whole test file, its clock set back to START_MS after every test.
 * Call at the top level of a test file; the returned function gives the running simulator.
 */
export function useTestSimulator(): () => TestSimulator {
  let t: TestSimulator | undefined;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterEach(() => {
    if (t) t.clock.ms = START_MS;
  });
  afterAll(async () => {
    await t?.sim.close();
  });
  return () => t!;
}
