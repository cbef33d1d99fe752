/**
 * A hand-moved clock for the simulator, so that what the exporter reports and what the test asks
 * the simulator for a moment later are answers for the same instant.
 *
 * The simulator's rate limiter reads the same clock, so a simulator on a stopped clock needs a
 * high `rateLimitPerSecond`; and it rejects signatures more than 300 s from its clock, so the
 * clock stays near real time: the scan timeline is shifted by starting the simulator with its
 * origin in the past instead.
 */
import { type ScanPhase, type ScanTiming, scanSnapshot } from '../../src/simulator/scan-model.js';

/** The simulator's defaults (src/simulator/server.ts); the search must use the same geometry. */
export const DEFAULT_TIMING = { progressPerSecond: 2, idleSeconds: 20 } as const;

export class SimClock {
  private ms: number;

  constructor(startMs: number) {
    this.ms = startMs;
  }

  /** Pass as `SimulatorOptions.now`. */
  readonly now = (): number => this.ms;

  set(ms: number): void {
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The wanted phase of one scan key (`image`, `Malware`, `Vul`, `Baseline/<id>`) of one account. */
export interface PhaseWish {
  readonly account: string;
  readonly scan: string;
  readonly phases: readonly ScanPhase[];
  /** Also holds this many seconds later (so a test can move the clock within it). */
  readonly forSeconds?: number;
  /** At least this much progress (TCSS reports a task's first percent as READY, preparing). */
  readonly minProgress?: number;
  /** At least this cycle (1: a scan has ended before, so summaries of findings have entries). */
  readonly minCycle?: number;
}

/**
 * The first whole second after the simulator's origin at which every wish holds (searching up to
 * `maxSeconds`); throws if there is none, since a test built on it would be meaningless.
 */
export function findMoment(
  wishes: readonly PhaseWish[],
  timing: Omit<ScanTiming, 'originMs'> = DEFAULT_TIMING,
  maxSeconds = 3_600,
): number {
  const full: ScanTiming = { originMs: 0, ...timing };
  const holds = (wish: PhaseWish, atMs: number): boolean => {
    const snapshot = scanSnapshot(wish.account, wish.scan, atMs, full);
    return (
      wish.phases.includes(snapshot.phase) &&
      snapshot.progress >= (wish.minProgress ?? 0) &&
      snapshot.cycle >= (wish.minCycle ?? -1)
    );
  };
  for (let s = 0; s <= maxSeconds; s++) {
    const ok = wishes.every((wish) => {
      const span = wish.forSeconds ?? 0;
      for (let t = 0; t <= span; t++) if (!holds(wish, (s + t) * 1000)) return false;
      return true;
    });
    if (ok) return s;
  }
  throw new Error(`no moment within ${maxSeconds} s satisfies ${JSON.stringify(wishes)}`);
}

/**
 * A clock whose simulator, started right after this call, sees `elapsedSeconds` since its
 * origin: the clock starts `elapsedSeconds` in the past, and `start()` brings it to real time.
 */
export function clockAt(elapsedSeconds: number): { clock: SimClock; start: () => void } {
  const real = Date.now();
  const clock = new SimClock(real - elapsedSeconds * 1000);
  return { clock, start: () => clock.set(real) };
}
