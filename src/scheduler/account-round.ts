import { setMaxListeners } from 'node:events';
import { type Collector, PartialRoundError, type ScanFailure } from '../collectors/collector.js';
import type { ScanSample } from '../metrics/scan-families.js';
import type { FieldIssue } from '../tencentcloud/apis/types.js';
import type { ApiCaller } from '../tencentcloud/types.js';

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
 */
export async function runAccountRound(
  collector: Collector,
  caller: ApiCaller,
  timeoutSeconds: number,
  shutdown: AbortSignal,
  onFieldIssue?: (action: string, issue: FieldIssue) => void,
): Promise<AccountRoundResult> {
  const started = performance.now();
  const deadline = started + timeoutSeconds * 1000;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new RoundTimeoutError(collector.name, caller.account, timeoutSeconds)),
    timeoutSeconds * 1000,
  );
  const signal = AbortSignal.any([controller.signal, shutdown]);
  // Each of the round's concurrent calls listens on it (e.g. one per baseline strategy).
  setMaxListeners(0, signal);
  const elapsed = (): number => (performance.now() - started) / 1000;
  try {
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    // The finally block aborts the controller after a normal finish; nobody awaits that rejection.
    aborted.catch(() => undefined);
    const samples = await Promise.race([
      collector.collect({ caller, signal, deadline, onFieldIssue }),
      aborted,
    ]);
    return { ok: true, samples, durationSeconds: elapsed() };
  } catch (error) {
    const base = {
      ok: false,
      code: errorCode(error),
      message: errorMessage(error),
      durationSeconds: elapsed(),
    } as const;
    // Every scan failed: nothing answered, so it is an ordinary failed round.
    if (error instanceof PartialRoundError && error.samples.length > 0) {
      return { ...base, partial: { samples: error.samples, failures: error.failures } };
    }
    return base;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The `code` of the client's errors, `Timeout` for timeouts and aborts, `Error` otherwise. */
export function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'Timeout';
  }
  return 'Error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
