import { mix } from '../../src/simulator/hash.js';
import {
  type ScanSnapshot,
  type ScanTiming,
  STOPPING_MS,
  scanSeed,
  scanSnapshot,
  scanSnapshotOfCycle,
} from '../../src/simulator/scan-model.js';

const ORIGIN = 1_700_000_000_000;
const TIMING: ScanTiming = { originMs: ORIGIN, progressPerSecond: 2, idleSeconds: 20 };
const CYCLE_MS = 70_000; // 50 s scanning at 2 %/s + 20 s idle
const NAMES = Array.from({ length: 40 }, (_, i) => `account-${i}`);

/** The first name whose `scan` matches `predicate` on its seed. */
function nameWhere(scan: string, predicate: (seed: number) => boolean): string {
  const name = NAMES.find((n) => predicate(scanSeed(n, scan)));
  if (!name) throw new Error('no such name among the test names');
  return name;
}

function timeline(name: string, scan: string, fromMs: number, toMs: number, stepMs: number): ScanSnapshot[] {
  const out: ScanSnapshot[] = [];
  for (let ms = fromMs; ms <= toMs; ms += stepMs) out.push(scanSnapshot(name, scan, ms, TIMING));
  return out;
}

describe('scanSnapshot', () => {
  it('is a pure function of account, scan and time', () => {
    expect(scanSnapshot('prod', 'Vul', ORIGIN + 12_345, TIMING)).toEqual(
      scanSnapshot('prod', 'Vul', ORIGIN + 12_345, TIMING),
    );
  });

  it('staggers accounts: they are not all at the same point at the start', () => {
    const starts = new Set(NAMES.map((n) => `${scanSnapshot(n, 'image', ORIGIN, TIMING).phase}`));
    const progress = new Set(NAMES.map((n) => Math.floor(scanSnapshot(n, 'image', ORIGIN, TIMING).progress)));
    expect(starts.size).toBeGreaterThan(1);
    expect(progress.size).toBeGreaterThan(5);
  });

  it('keeps its invariants over several cycles for many accounts and scans', () => {
    const violations: string[] = [];
    const check = (ok: boolean, what: string, s: ScanSnapshot) => {
      if (!ok) violations.push(`${what}: ${JSON.stringify(s)}`);
    };
    for (const name of NAMES) {
      for (const scan of ['image', 'Malware', 'Vul', 'Baseline/1']) {
        let previous: ScanSnapshot | undefined;
        for (const s of timeline(name, scan, ORIGIN, ORIGIN + 3 * CYCLE_MS, 700)) {
          check(s.progress >= 0 && s.progress <= 100, 'progress in 0..100', s);
          check(s.phase !== 'scanning' || s.endMs === undefined, 'no end while scanning', s);
          check(s.phase !== 'completed' || s.progress === 100, 'completed at 100', s);
          if (s.phase === 'completed' || s.phase === 'stopped')
            check(s.endMs! > s.beginMs!, 'ends after begin', s);
          if (previous) {
            check(s.cycle === previous.cycle || s.cycle === previous.cycle + 1, 'cycles count up by one', s);
            if (s.cycle === previous.cycle) check(s.progress >= previous.progress, 'progress never falls', s);
          }
          previous = s;
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('moves a scan through scanning, completed and the next task at the configured speed', () => {
    const name = nameWhere(
      'Malware',
      (seed) => seed % 4 !== 0 && mix(seed, 0) % 8 !== 0 && mix(seed, 1) % 8 !== 0,
    );
    const first = scanSnapshot(name, 'Malware', ORIGIN, TIMING);
    // Walk to the start of the next cycle, then check the whole cycle second by second.
    const startMs = first.beginMs! + CYCLE_MS;
    const at = (seconds: number) => scanSnapshot(name, 'Malware', startMs + seconds * 1000, TIMING);
    expect(at(0)).toMatchObject({ phase: 'scanning', cycle: first.cycle + 1, progress: 0, beginMs: startMs });
    expect(at(10).progress).toBeCloseTo(20);
    expect(at(49.5)).toMatchObject({ phase: 'scanning' });
    expect(at(50)).toMatchObject({ phase: 'completed', progress: 100, endMs: startMs + 50_000 });
    expect(at(69.9)).toMatchObject({ phase: 'completed', cycle: first.cycle + 1 });
    expect(at(70)).toMatchObject({ phase: 'scanning', cycle: first.cycle + 2, progress: 0 });
    // Risks found grow with progress.
    expect(at(25).finalRisks).toBeGreaterThanOrEqual(1);
  });

  it('leaves about a quarter of the scans never scanned for 5-35 s', () => {
    const name = nameWhere('image', (seed) => seed % 4 === 0);
    const wait = 5_000 + ((scanSeed(name, 'image') >>> 8) % 30_000);
    expect(scanSnapshot(name, 'image', ORIGIN, TIMING)).toMatchObject({ phase: 'never_scanned', cycle: -1 });
    expect(scanSnapshot(name, 'image', ORIGIN + wait - 1, TIMING).phase).toBe('never_scanned');
    expect(scanSnapshot(name, 'image', ORIGIN + wait, TIMING)).toMatchObject({
      phase: 'scanning',
      cycle: 0,
      beginMs: ORIGIN + wait,
    });
  });

  it('stops some cycles part-way: stopping for 3 s, then stopped with the progress frozen', () => {
    // Find a scan whose cycle 1 or 2 is a stopped one.
    let found: { name: string; cycle: number } | undefined;
    for (const name of NAMES) {
      const seed = scanSeed(name, 'Vul');
      const cycle = [1, 2, 3].find((c) => mix(seed, c) % 8 === 0);
      if (cycle !== undefined) {
        found = { name, cycle };
        break;
      }
    }
    expect(found).toBeDefined();
    const { name, cycle } = found!;
    const snapshots = timeline(name, 'Vul', ORIGIN, ORIGIN + 5 * CYCLE_MS, 250).filter(
      (s) => s.cycle === cycle,
    );
    const phases = [...new Set(snapshots.map((s) => s.phase))];
    expect(phases).toEqual(['scanning', 'stopping', 'stopped']);
    const stopping = snapshots.filter((s) => s.phase === 'stopping');
    const stopped = snapshots.filter((s) => s.phase === 'stopped');
    expect(stopping.length * 250).toBeGreaterThanOrEqual(STOPPING_MS - 250);
    expect(stopping.length * 250).toBeLessThanOrEqual(STOPPING_MS + 250);
    const frozen = stopped[0]!.progress;
    expect(frozen).toBeGreaterThanOrEqual(30);
    expect(frozen).toBeLessThan(80);
    expect(stopped.every((s) => s.progress === frozen && s.endMs === stopped[0]!.endMs)).toBe(true);
  });
});

describe('scanSnapshotOfCycle', () => {
  const name = nameWhere('image', (seed) => seed % 4 !== 0);
  const now = ORIGIN + 4 * CYCLE_MS;
  const current = scanSnapshot(name, 'image', now, TIMING);

  it('gives the current cycle as it is now', () => {
    expect(scanSnapshotOfCycle(name, 'image', current.cycle, now, TIMING)).toEqual(current);
  });

  it('gives an earlier cycle as it ended', () => {
    const past = scanSnapshotOfCycle(name, 'image', current.cycle - 2, now, TIMING)!;
    expect(['completed', 'stopped']).toContain(past.phase);
    expect(past.beginMs).toBe(current.beginMs! - 2 * CYCLE_MS);
    expect(past).toEqual(scanSnapshot(name, 'image', past.beginMs! + CYCLE_MS - 1, TIMING));
  });

  it.each([
    ['a future cycle', current.cycle + 1],
    ['a negative cycle', -1],
    ['a fractional cycle', 0.5],
  ])('is undefined for %s', (_name, cycle) => {
    expect(scanSnapshotOfCycle(name, 'image', cycle, now, TIMING)).toBeUndefined();
  });
});
