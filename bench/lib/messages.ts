/** IPC messages between the benchmark driver and its child processes. */
import type { FaultRule, SimulatorStats } from '../../src/simulator/index.js';

export interface RoundEvent {
  readonly type: 'round';
  readonly collector: string;
  readonly seconds: number;
  /** Of the exporter process, right after the round. */
  readonly rss: number;
  /** V8 heap in use and memory outside it (buffers), to tell what RSS is made of. */
  readonly heapUsed: number;
  readonly external: number;
  /** CPU time (user + system) of the exporter process so far. */
  readonly cpuMs: number;
  /** Account rounds of this collector that failed in this round. */
  readonly failures: number;
}

export type ExporterEvent =
  | { readonly type: 'listening'; readonly url: string; readonly concurrency: number }
  | { readonly type: 'ready'; readonly seconds: number }
  | RoundEvent
  | { readonly type: 'rss'; readonly id: number; readonly rss: number }
  | { readonly type: 'error'; readonly message: string };

export type ExporterCommand = { readonly type: 'rss'; readonly id: number } | { readonly type: 'stop' };

export type SimulatorCommand =
  | { readonly type: 'faultAll'; readonly id: number; readonly rule: FaultRule | null }
  | { readonly type: 'stats'; readonly id: number }
  | { readonly type: 'resetStats'; readonly id: number }
  /** Arrival times (ms, this process's clock) of one account's requests for one action. */
  | { readonly type: 'arrivals'; readonly id: number; readonly account: string; readonly action: string }
  | { readonly type: 'stop' };

export type SimulatorEvent =
  | { readonly type: 'listening'; readonly url: string }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly stats?: SimulatorStats;
      readonly times?: number[];
    };

export interface SimulatorSpec {
  readonly accounts: number;
  readonly strategies: number;
  readonly rateLimitPerSecond: number;
  /** Record arrival times per (account, action) for `arrivals`. */
  readonly trackArrivals: boolean;
}
