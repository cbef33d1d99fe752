import { getEventListeners } from 'node:events';
import { perScan } from '../../src/collectors/collector.js';
import { runAccountRound } from '../../src/scheduler/account-round.js';
import type { ApiCaller } from '../../src/tencentcloud/types.js';
import { linkedAbort } from '../../src/util/linked-abort.js';

/** What Node 20's AbortSignal.any() leaves in a long-lived source signal: one WeakRef per call. */
function dependants(signal: AbortSignal): number {
  const symbol = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
  return symbol ? ((signal as unknown as Record<symbol, Set<unknown>>)[symbol]?.size ?? 0) : 0;
}

describe('linkedAbort', () => {
  test('aborts with the reason of the parent that aborts', () => {
    const a = new AbortController();
    const b = new AbortController();
    const link = linkedAbort([a.signal, undefined, b.signal]);
    b.abort(new Error('b went'));
    expect(link.signal.aborted).toBe(true);
    expect((link.signal.reason as Error).message).toBe('b went');
  });

  test('starts aborted under an aborted parent', () => {
    const parent = new AbortController();
    parent.abort('gone');
    expect(linkedAbort([parent.signal]).signal.reason).toBe('gone');
  });

  test('dispose leaves nothing on the parent, and later aborts do not reach the child', () => {
    const parent = new AbortController();
    for (let i = 0; i < 1000; i++) linkedAbort([parent.signal]).dispose();
    const kept = linkedAbort([parent.signal]);
    kept.dispose();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    expect(dependants(parent.signal)).toBe(0);
    parent.abort();
    expect(kept.signal.aborted).toBe(false);
  });

  test('the helper detects what AbortSignal.any() leaves behind', () => {
    const parent = new AbortController();
    AbortSignal.any([parent.signal, new AbortController().signal]);
    expect(dependants(parent.signal)).toBe(1);
  });
});

describe('nothing outlives a round on the long-lived signals', () => {
  test('account rounds and their concurrent scans leave no listener or dependant on the cancel signal', async () => {
    const shutdown = new AbortController();
    const caller: ApiCaller = { account: 'a', call: () => Promise.reject(new Error('not used')) };
    const collector = {
      name: 'cwp_scan_state' as const,
      collect: async ({ signal }: { signal: AbortSignal }) => {
        const job = { unit: {}, what: 'scan', run: async () => [] };
        return perScan([job, job, job], signal);
      },
    };
    for (let i = 0; i < 200; i++) {
      const result = await runAccountRound(collector, caller, 5, shutdown.signal);
      expect(result.ok).toBe(true);
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    expect(dependants(shutdown.signal)).toBe(0);
  });
});
