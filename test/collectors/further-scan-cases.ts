/**
 * What every further TCSS scan collector (container virus, image vulnerability, compliance) must
 * do, written once and run by each one's test file over real HTTP against the simulator: each
 * raw status of the contract's state table becomes exactly its state (raw value on info), every
 * "not available" code becomes a ScanNotAvailableError for this scan only, with what to do, and
 * any other error is passed on as it is.
 */
import {
  type Collector,
  PartialRoundError,
  ScanNotAvailableError,
  type ScanUnit,
} from '../../src/collectors/collector.js';
import { SCAN_STATES } from '../../src/metrics/scan-families.js';
import { byName, simulatorPerTest } from './simulator-fixture.js';

export interface FurtherScan {
  /** The `collectors.<name>` config key. */
  readonly collector: string;
  /** How its messages name it, e.g. `container virus scan`. */
  readonly what: string;
  readonly unit: ScanUnit;
  readonly create: () => Collector;
  /** Response fields with which the simulator answers raw status `status`. */
  readonly withStatus: (status: string) => Record<string, unknown>;
  /** The contract's known raw statuses and their states. */
  readonly states: readonly (readonly [string, string])[];
}

/** The codes with which a product says the scan is not enabled or not purchased. */
const NOT_AVAILABLE_CODES = [
  'ResourceNotFound',
  'UnauthorizedOperation',
  'FailedOperation',
  'UnauthorizedOperation.NotEnabled',
];

export function furtherScanCases(scan: FurtherScan): void {
  const fixture = simulatorPerTest();
  const collect = () => fixture.collect(scan.create());
  const failure = async (): Promise<PartialRoundError> => {
    const error = await collect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRoundError);
    return error as PartialRoundError;
  };

  test.each(scan.states)('over HTTP: status %s → state %s, raw value on info', async (status, state) => {
    fixture.sim.setFault('acme', { fault: { kind: 'fields', fields: scan.withStatus(status) } });
    const samples = await collect();
    const states = byName(samples, 'tencentcloud_scan_state');
    expect(states.filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual([state]);
    expect(states).toHaveLength(SCAN_STATES.length);
    expect(byName(samples, 'tencentcloud_scan_info').map((s) => s.labels.status)).toEqual([status]);
  });

  test.each(NOT_AVAILABLE_CODES)(
    '%s: the scan is not available to the account, said so with what to do',
    async (code) => {
      fixture.sim.setFault('acme', { fault: { kind: 'error', code, message: 'not purchased' } });
      const error = await failure();
      expect(error.code).toBe(code);
      expect(error.failures.map((f) => f.unit)).toEqual([scan.unit]);
      expect(error.failures[0]!.error).toBeInstanceOf(ScanNotAvailableError);
      expect(error.message).toContain(`${scan.what} is not available to this account`);
      expect(error.message).toContain(`collectors.${scan.collector}.enabled: false`);
    },
  );

  test('other errors are passed on as they are', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'error', code: 'InternalError' } });
    const error = await failure();
    expect(error.code).toBe('InternalError');
    expect(error.failures.map((f) => f.unit)).toEqual([scan.unit]);
    expect(error.failures[0]!.error).not.toBeInstanceOf(ScanNotAvailableError);
  });
}
