/** The running simulator's parts, shared by the HTTP routes. */
import type { SimulatorState } from './actions/types.js';
import type { FaultBook } from './faults.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestCounter } from './stats.js';

export interface Runtime {
  readonly state: SimulatorState;
  readonly faults: FaultBook;
  readonly limiter: RateLimiter;
  readonly counter: RequestCounter;
  readonly now: () => number;
  readonly log?: (event: Record<string, unknown>) => void;
  /** Resolves after `ms`, or never if the simulator closes first. */
  delay(ms: number): Promise<void>;
}
