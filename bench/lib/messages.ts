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
  | { readonly type: 'heap'; readonly id: number; readonly heap: HeapReading }
  | { readonly type: 'error'; readonly message: string };

export type ExporterCommand =
  | { readonly type: 'rss'; readonly id: number }
  | { readonly type: 'heap'; readonly id: number }
  | { readonly type: 'stop' };

/** Bytes, read in the exporter child right after a forced full garbage collection. */
export interface HeapReading {
  /** V8 heap in use after the collection: what is live. */
  readonly liveHeap: number;
  /** The same, and the RSS, at start-up: every library loaded, no account yet. */
  readonly baselineHeap: number;
  readonly baselineRss: number;
  readonly rss: number;
  /** Buffers (outside the V8 heap) before and after the collection, and the heap before it. */
  readonly buffersBefore: number;
  readonly buffers: number;
  readonly heapBefore: number;
  readonly heapLimit: number;
  readonly series: number;
  /** The rendered scan text and its compressed form, each kept once. */
  readonly scanText: number;
  readonly scanGzip: number;
}

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
  /** TCSS images per account; absent: the simulator's default (100..400). */
  readonly imageTotal?: number;
}
