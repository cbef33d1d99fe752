import { setMaxListeners } from 'node:events';
import { type Collector, PartialRoundError, type ScanFailure } from '../collectors/collector.js';
import type { ScanSample } from '../metrics/scan-families.js';
import type { FieldIssue } from '../tencentcloud/apis/types.js';
import type { ApiCaller } from '../tencentcloud/types.js';
import { realTimers, type Timers, untilAborted } from '../util/abort.js';
import { linkedAbort } from '../util/linked-abort.js';

export type AccountRoundResult =
  | { readonly ok: true; readonly samples: ScanSample[]; readonly durationSeconds: number }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly durationSeconds: number;
      /** Some scans answered: their samples, and the scans that failed (their old series stay). */
      readonly partial?: {
        readonly samples: readonly ScanSample[];
        readonly failures: readonly ScanFailure[];
      };
      /** Stopped by `cancel` (reload, shutdown) rather than failed: not the account's fault. */
      readonly cancelled: boolean;
    };

/** Thrown into a round's signal when the account's own timeout passes. */
export class RoundTimeoutError extends Error {
  readonly code = 'Timeout';
  constructor(collector: string, account: string, timeoutSeconds: number) {
    super(`${collector} round for account ${account} timed out after ${timeoutSeconds}s`);
    this.name = 'RoundTimeoutError';
  }
}

/**
 * One collector for one account, bounded by its own timeout. Whatever the collector does, this
 * settles by the deadline: a stuck call cannot hold the round (or the concurrency slot) longer.
 * `cancel` stops it early (reload, shutdown); such a round is `cancelled`, not failed.
 */
export async function runAccountRound(
  collector: Collector,
  caller: ApiCaller,
  timeoutSeconds: number,
  cancel: AbortSignal,
  onFieldIssue?: (action: string, issue: FieldIssue) => void,
  clock: Timers = realTimers,
): Promise<AccountRoundResult> {
  const started = clock.now();
  // Collectors compare it with performance.now() (their calls' retry budget), not with `clock`.
  const deadline = performance.now() + timeoutSeconds * 1000;
  // Not AbortSignal.any(): `cancel` lives as long as the scheduler (linked-abort.ts).
  const round = linkedAbort([cancel]);
  const { signal } = round;
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    round.abort(new RoundTimeoutError(collector.name, caller.account, timeoutSeconds));
  }, timeoutSeconds * 1000);
  // Each of the round's concurrent calls listens on it (e.g. one per baseline strategy).
  setMaxListeners(0, signal);
  const elapsed = (): number => (clock.now() - started) / 1000;
  try {
    const samples = await untilAborted(collector.collect({ caller, signal, deadline, onFieldIssue }), signal);
    return { ok: true, samples, durationSeconds: elapsed() };
  } catch (error) {
    const base = {
      ok: false,
      code: errorCode(error),
      message: errorMessage(error),
      durationSeconds: elapsed(),
      cancelled: cancel.aborted && !timedOut,
    } as const;
    // Every scan failed: nothing answered, so it is an ordinary failed round.
    if (error instanceof PartialRoundError && error.samples.length > 0) {
      return { ...base, partial: { samples: error.samples, failures: error.failures } };
    }
    return base;
  } finally {
    clock.clearTimeout(timer);
    round.dispose();
    round.abort();
  }
}

/**
 * The `code` of the client's errors (and of RoundTimeoutError); `Timeout` only for a real
 * timeout, `Aborted` for work called off (a sibling call failed, reload, shutdown, closed
 * client), `ExporterError` for anything else: a bug, not something the API did.
 */
export function errorCode(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error.name === 'TimeoutError') return 'Timeout';
    if (error.name === 'AbortError' || error.name === 'ClientClosedError') return 'Aborted';
  }
  return 'ExporterError';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
