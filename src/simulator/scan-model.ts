/**
 * The deterministic scan model: the state of one scan of one account is a pure function of
 * (account name, scan key, time since the simulator's origin). Each scan cycles through
 * scanning (at `progressPerSecond`) → completed (for `idleSeconds`) → next task. Start offsets
 * come from a hash of the names so accounts differ; about a quarter of the scans are never
 * scanned for the first 5–35 s; about one cycle in eight is stopped part-way.
 *
 * Scan keys: `image` (TCSS), `Malware`, `Vul`, `Baseline/<strategyId>` (CWP).
 */
import { fnv1a, mix } from './hash.js';

export type ScanPhase = 'never_scanned' | 'scanning' | 'completed' | 'stopping' | 'stopped';

export interface ScanTiming {
  /** The time the simulator started; cycle offsets are relative to it. */
  readonly originMs: number;
  readonly progressPerSecond: number;
  readonly idleSeconds: number;
}

export interface ScanSnapshot {
  readonly phase: ScanPhase;
  /** Per account and scan; -1 before the first scan. */
  readonly cycle: number;
  /** 0..100, fractional; frozen at the stop point for stopped cycles. */
  readonly progress: number;
  readonly beginMs?: number;
  /** When the scan completed or was stopped; absent while scanning. */
  readonly endMs?: number;
  /** Risks found when the whole scan completes (≥ 1); found risks grow with progress. */
  readonly finalRisks: number;
  /** Hash of (account, scan); stable across cycles. */
  readonly seed: number;
  /** Hash of (account, scan, cycle). */
  readonly cycleSeed: number;
}

/** How long a stopped scan stays in `stopping` before `stopped`. */
export const STOPPING_MS = 3_000;

export function scanSeed(account: string, scan: string): number {
  return fnv1a(`${account}/${scan}`);
}

interface CycleGeometry {
  readonly scanMs: number;
  readonly cycleMs: number;
}

function geometry(timing: ScanTiming): CycleGeometry {
  const scanMs = Math.max(1, Math.round((100 / timing.progressPerSecond) * 1000));
  return { scanMs, cycleMs: scanMs + Math.max(0, timing.idleSeconds) * 1000 };
}

/** Virtual milliseconds since the first cycle began; negative while never scanned. */
function elapsedMs(seed: number, nowMs: number, timing: ScanTiming, cycleMs: number): number {
  const sinceOrigin = nowMs - timing.originMs;
  if (seed % 4 === 0) return sinceOrigin - (5_000 + ((seed >>> 8) % 30_000));
  return sinceOrigin + ((seed >>> 4) % cycleMs);
}

/** Stopped cycles stop at 30–79 % progress. */
function stopAtProgress(cycleSeed: number): number | undefined {
  return cycleSeed % 8 === 0 ? 30 + ((cycleSeed >>> 3) % 50) : undefined;
}

function cycleState(
  seed: number,
  cycle: number,
  phaseMs: number,
  cycleStartMs: number,
  { scanMs, cycleMs }: CycleGeometry,
): ScanSnapshot {
  const cycleSeed = mix(seed, cycle);
  const base = { cycle, seed, cycleSeed, finalRisks: 1 + (cycleSeed % 40), beginMs: cycleStartMs };
  const stopAt = stopAtProgress(cycleSeed);
  if (stopAt !== undefined) {
    const stopMs = (stopAt / 100) * scanMs;
    const stoppingMs = Math.min(STOPPING_MS, (cycleMs - stopMs) / 2);
    if (phaseMs < stopMs) return { ...base, phase: 'scanning', progress: (phaseMs / scanMs) * 100 };
    if (phaseMs < stopMs + stoppingMs) return { ...base, phase: 'stopping', progress: stopAt };
    return { ...base, phase: 'stopped', progress: stopAt, endMs: cycleStartMs + stopMs + stoppingMs };
  }
  if (phaseMs < scanMs) return { ...base, phase: 'scanning', progress: (phaseMs / scanMs) * 100 };
  return { ...base, phase: 'completed', progress: 100, endMs: cycleStartMs + scanMs };
}

/** The state of one scan at `nowMs`. */
export function scanSnapshot(account: string, scan: string, nowMs: number, timing: ScanTiming): ScanSnapshot {
  const seed = scanSeed(account, scan);
  const geo = geometry(timing);
  const elapsed = elapsedMs(seed, nowMs, timing, geo.cycleMs);
  if (elapsed < 0) {
    return { phase: 'never_scanned', cycle: -1, progress: 0, finalRisks: 0, seed, cycleSeed: seed };
  }
  const cycle = Math.floor(elapsed / geo.cycleMs);
  const phaseMs = elapsed - cycle * geo.cycleMs;
  return cycleState(seed, cycle, phaseMs, nowMs - phaseMs, geo);
}

/**
 * The state of an earlier cycle as it ended (completed or stopped), or the current state for the
 * current cycle; undefined for cycles that have not started.
 */
export function scanSnapshotOfCycle(
  account: string,
  scan: string,
  cycle: number,
  nowMs: number,
  timing: ScanTiming,
): ScanSnapshot | undefined {
  const current = scanSnapshot(account, scan, nowMs, timing);
  if (!Number.isInteger(cycle) || cycle < 0 || cycle > current.cycle) return undefined;
  if (cycle === current.cycle) return current;
  const geo = geometry(timing);
  const cycleStartMs = current.beginMs! - (current.cycle - cycle) * geo.cycleMs;
  return cycleState(current.seed, cycle, geo.cycleMs - 1, cycleStartMs, geo);
}

/**
 * The latest cycle that ended (completed or stopped): what a summary of findings reports, since
 * findings appear when a scan ends. Undefined before the first scan has ended.
 */
export function endedSnapshot(
  account: string,
  scan: string,
  nowMs: number,
  timing: ScanTiming,
): ScanSnapshot | undefined {
  const current = scanSnapshot(account, scan, nowMs, timing);
  if (current.phase === 'completed' || current.phase === 'stopped') return current;
  if (current.cycle < 1) return undefined;
  return scanSnapshotOfCycle(account, scan, current.cycle - 1, nowMs, timing);
}
