import { setMaxListeners } from 'node:events';
import type { ScanSample } from '../metrics/scan-families.js';
import type { CollectorName } from '../metrics/self-metrics.js';
import type { FieldIssue } from '../tencentcloud/apis/types.js';
import type { ApiCaller } from '../tencentcloud/types.js';

export interface CollectContext {
  /** A client bound to one account; `caller.account` is the `account` label. */
  readonly caller: ApiCaller;
  /** Aborted when the round times out or the exporter shuts down. */
  readonly signal: AbortSignal;
  /** Told about response fields of an unexpected type (they produce no sample). */
  readonly onFieldIssue?: (action: string, issue: FieldIssue) => void;
}

/**
 * One API, one file, one method (node_exporter style). `collect` returns every sample of one
 * account for this round, or throws if any call failed: a round is all or nothing, so a scrape
 * never mixes a new partial answer with old values.
 */
export interface Collector {
  readonly name: CollectorName;
  collect(context: CollectContext): Promise<ScanSample[]>;
}

/** Runs `work` for each item concurrently; the first failure aborts the others and is thrown. */
export async function allOrNothing<T, R>(
  items: readonly T[],
  signal: AbortSignal,
  work: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const controller = new AbortController();
  const combined = AbortSignal.any([signal, controller.signal]);
  // Every concurrent call listens on it: one per baseline strategy can be hundreds.
  setMaxListeners(0, combined);
  try {
    return await Promise.all(
      items.map((item) =>
        work(item, combined).catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    controller.abort();
  }
}

export function reportIssues(context: CollectContext, action: string, issues: readonly FieldIssue[]): void {
  for (const issue of issues) context.onFieldIssue?.(action, issue);
}
