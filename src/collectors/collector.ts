import { setMaxListeners } from 'node:events';
import type { ScanSample } from '../metrics/scan-families.js';
import type { FieldIssue } from '../tencentcloud/apis/types.js';
import type { ApiCaller, CallOptions } from '../tencentcloud/types.js';

export interface CollectContext {
  /** A client bound to one account; `caller.account` is the `account` label. */
  readonly caller: ApiCaller;
  /** Aborted when the round times out or the exporter shuts down. */
  readonly signal: AbortSignal;
  /** When the round times out, on the `performance.now()` clock: retries never start after it. */
  readonly deadline?: number;
  /** Told about response fields of an unexpected type (they produce no sample). */
  readonly onFieldIssue?: (action: string, issue: FieldIssue) => void;
}

/**
 * One API, one file, one method (node_exporter style). `collect` returns every sample of one
 * account for this round. The unit of success is one scan (account, product, scan, strategy):
 * when some scans answered and others failed, `collect` throws a `PartialRoundError` that carries
 * the samples of those that answered, so a failed call never erases the series of scans that
 * did answer, and a scrape never mixes a scan's new partial answer with its old values.
 */
export interface Collector {
  /** Its registry name: the `collector` label. */
  readonly name: string;
  collect(context: CollectContext): Promise<ScanSample[]>;
}

/** How a call made for `context` is bounded: by `signal` (a job's own, or the round's) and the round's deadline. */
export function callOptionsOf(context: CollectContext, signal: AbortSignal = context.signal): CallOptions {
  return context.deadline === undefined ? { signal } : { signal, deadline: context.deadline };
}

/** The labels that pick out the series of one scan (or of several: a failed discovery). */
export type ScanUnit = Readonly<Record<string, string>>;

export interface ScanFailure {
  /** Every series whose labels include all of these belongs to the failed scan(s). */
  readonly unit: ScanUnit;
  /** For people: `malware scan`, `baseline discovery (DescribeBaselineStrategyList)`. */
  readonly what: string;
  readonly error: unknown;
}

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    ? 'Timeout'
    : 'Error';
}

/** Some scans of the round failed; `samples` are those of the scans that answered. */
export class PartialRoundError extends Error {
  /** The first failure's code: what `collector_success` = 0 is about. */
  readonly code: string;
  readonly samples: readonly ScanSample[];
  readonly failures: readonly ScanFailure[];

  constructor(samples: readonly ScanSample[], failures: readonly ScanFailure[], scans: number) {
    const detail = failures
      .map((f) => `${f.what}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
      .join('; ');
    super(failures.length === 1 ? `${detail}` : `${failures.length} of ${scans} scans failed: ${detail}`);
    this.name = 'PartialRoundError';
    this.code = codeOf(failures[0]?.error);
    this.samples = samples;
    this.failures = failures;
  }
}

/** True when `labels` belong to `unit` (carry every label of the unit, with the same value). */
export function inUnit(labels: Readonly<Record<string, string>>, unit: ScanUnit): boolean {
  for (const [name, value] of Object.entries(unit)) if (labels[name] !== value) return false;
  return true;
}

export interface ScanJob {
  readonly unit: ScanUnit;
  readonly what: string;
  readonly run: (signal: AbortSignal) => Promise<ScanSample[]>;
}

/**
 * Runs every scan's job concurrently; one failing does not stop the others. Returns all
 * samples when every job answered; otherwise throws `PartialRoundError` with the samples of
 * those that did (plus `failures` found earlier, such as a failed discovery).
 */
export async function perScan(
  jobs: readonly ScanJob[],
  signal: AbortSignal,
  earlier: readonly ScanFailure[] = [],
): Promise<ScanSample[]> {
  // Every concurrent call listens on it: one per baseline strategy can be hundreds.
  setMaxListeners(0, signal);
  const settled = await Promise.allSettled(jobs.map((job) => job.run(signal)));
  if (signal.aborted) throw signal.reason;
  const samples: ScanSample[] = [];
  const failures: ScanFailure[] = [...earlier];
  settled.forEach((outcome, i) => {
    const job = jobs[i]!;
    if (outcome.status === 'fulfilled') samples.push(...outcome.value);
    else failures.push({ unit: job.unit, what: job.what, error: outcome.reason });
  });
  if (failures.length > 0) throw new PartialRoundError(samples, failures, jobs.length + earlier.length);
  return samples;
}

/**
 * The round of a collector whose one scan is answered by one call: `fetch` gets the round's
 * signal and deadline, an answer that the scan is not available becomes a
 * `ScanNotAvailableError`, and any failure is the round's `PartialRoundError` for `scan.unit`.
 */
export function oneCallScan<T>(
  context: CollectContext,
  scan: { readonly unit: ScanUnit; readonly what: string; readonly collector: string },
  fetch: (options: CallOptions) => Promise<T>,
  samplesOf: (answer: T) => ScanSample[],
): Promise<ScanSample[]> {
  const run = async (signal: AbortSignal) =>
    samplesOf(await whenAvailable(scan.what, scan.collector, () => fetch(callOptionsOf(context, signal))));
  return perScan([{ unit: scan.unit, what: scan.what, run }], context.signal);
}

export function reportIssues(context: CollectContext, action: string, issues: readonly FieldIssue[]): void {
  for (const issue of issues) context.onFieldIssue?.(action, issue);
}

/** API codes with which a product answers an account that has not enabled, or may not use, a scan. */
const NOT_AVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ResourceNotFound',
  'UnauthorizedOperation',
  'FailedOperation',
  'AuthFailure.UnauthorizedOperation',
]);

/**
 * A scan the account has not enabled or is not entitled to. It keeps the API's code (the
 * `collector_success` reason) and says what to do, in the message shown on the landing page and
 * in the log.
 */
export class ScanNotAvailableError extends Error {
  readonly code: string;

  constructor(what: string, collector: string, cause: Error & { code: string }) {
    super(
      `${what} is not available to this account (${cause.message}); enable it in the console, or set collectors.${collector}.enabled: false`,
      { cause },
    );
    this.name = 'ScanNotAvailableError';
    this.code = cause.code;
  }
}

/** Runs `run`; an answer that the scan is not available becomes a `ScanNotAvailableError`. */
export async function whenAvailable<T>(what: string, collector: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    const base = typeof code === 'string' ? code.split('.')[0] : undefined;
    if (
      typeof code === 'string' &&
      (NOT_AVAILABLE_CODES.has(code) || (base !== undefined && NOT_AVAILABLE_CODES.has(base)))
    ) {
      throw new ScanNotAvailableError(what, collector, error as Error & { code: string });
    }
    throw error;
  }
}
