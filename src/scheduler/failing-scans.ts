import { inUnit, type ScanFailure, type ScanUnit } from '../collectors/collector.js';
import type { ScanSample } from '../metrics/scan-families.js';

function unitKey(unit: ScanUnit): string {
  return Object.keys(unit)
    .sort()
    .map((name) => `${name}=${unit[name]}`)
    .join(',');
}

/**
 * Since when each scan of a (collector, account) pair has been failing, so that a partial round
 * keeps a failed scan's last good series for as long as a failed round would keep the whole
 * pair's (the staleness window), and no longer.
 */
export class FailingScans {
  private readonly since = new Map<string, Map<string, number>>();

  /**
   * The samples to store after a partial round: the new ones, plus the previous samples of each
   * failed scan that has not been failing for longer than `staleAfterMs`.
   */
  merge(
    collector: string,
    account: string,
    previous: readonly ScanSample[],
    partial: { readonly samples: readonly ScanSample[]; readonly failures: readonly ScanFailure[] },
    nowMs: number,
    staleAfterMs: number,
  ): ScanSample[] {
    const pair = `${collector}\0${account}`;
    const before = this.since.get(pair) ?? new Map<string, number>();
    const after = new Map<string, number>();
    const kept: ScanUnit[] = [];
    for (const failure of partial.failures) {
      const key = unitKey(failure.unit);
      const since = before.get(key) ?? nowMs;
      after.set(key, since);
      if (nowMs - since <= staleAfterMs) kept.push(failure.unit);
    }
    this.since.set(pair, after);
    const carried = previous.filter((sample) => kept.some((unit) => inUnit(sample.labels, unit)));
    return [...partial.samples, ...carried];
  }

  /** Every scan of the pair answered. */
  answered(collector: string, account: string): void {
    this.since.delete(`${collector}\0${account}`);
  }

  /** Forgets accounts no longer configured. */
  retainAccounts(accounts: ReadonlySet<string>): void {
    for (const pair of [...this.since.keys()]) {
      if (!accounts.has(pair.slice(pair.indexOf('\0') + 1))) this.since.delete(pair);
    }
  }
}
