/**
 * Growth: round time, CPU per round, RSS and live heap at 10, 100 and 1,000 accounts, collecting every
 * second without latency. CPU per account should stay flat if cost grows linearly.
 */
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, EVERY_SECOND, type Scenario } from './lib/scenario.js';
import { MB, mean, withSetup } from './lib/setup.js';

const BENCH = 'growth';
const COLLECTOR = 'cwp_scan_state';

export interface GrowthOptions {
  readonly sizes: readonly number[];
  /** Rounds measured after the first (cold) one. */
  readonly rounds: number;
}

interface Size {
  readonly accounts: number;
  readonly roundSeconds: number;
  readonly cpuMsPerRound: number;
  readonly rssMb: number;
  readonly liveHeapMb: number;
}

async function measure(accounts: number, rounds: number): Promise<Size> {
  const scenario: Scenario = {
    accounts,
    strategies: 2,
    modules: ALL_MODULES,
    tcss: true,
    schedule: EVERY_SECOND,
  };
  return withSetup(scenario, {}, async ({ exporter }) => {
    await exporter.untilRounds(COLLECTOR, rounds + 1, (rounds + 1) * 60_000);
    const all = exporter.roundsOf(COLLECTOR).slice(0, rounds + 1);
    const warm = all.slice(1);
    const tcss = exporter.roundsOf('tcss_image_scan').slice(1, rounds + 1);
    // Both collectors run on the same ticks: a tick is over when the slower one is.
    const roundSeconds = mean(warm.map((r, i) => Math.max(r.seconds, tcss[i]?.seconds ?? 0)));
    const cpuMsPerRound = (all[all.length - 1]!.cpuMs - all[0]!.cpuMs) / (all.length - 1);
    const rssMb = all[all.length - 1]!.rss / MB;
    const heap = await exporter.heap();
    return { accounts, roundSeconds, cpuMsPerRound, rssMb, liveHeapMb: heap.liveHeap / MB };
  });
}

export async function growthBench(options: GrowthOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const sizes: Size[] = [];
  for (const accounts of options.sizes) {
    console.log(`growth: ${accounts} accounts`);
    const size = await measure(accounts, options.rounds);
    sizes.push(size);
    figures.push(
      announce(info(BENCH, `${accounts} accounts: round time`, size.roundSeconds, 's')),
      announce(info(BENCH, `${accounts} accounts: CPU per round`, size.cpuMsPerRound, 'ms')),
      announce(
        info(BENCH, `${accounts} accounts: CPU per account-round`, size.cpuMsPerRound / accounts, 'ms'),
      ),
      announce(info(BENCH, `${accounts} accounts: RSS`, size.rssMb, 'MB')),
      announce(info(BENCH, `${accounts} accounts: live heap after GC`, size.liveHeapMb, 'MB')),
    );
  }
  const [smallest, middle, largest] = sizes;
  if (smallest && largest) {
    const perAccount = (largest.liveHeapMb - smallest.liveHeapMb) / (largest.accounts - smallest.accounts);
    figures.push(announce(info(BENCH, 'live heap per account', perAccount * 1024, 'KB')));
  }
  if (middle && largest) {
    const perAccount = (s: Size) => s.cpuMsPerRound / s.accounts;
    figures.push(
      announce(
        checked(
          BENCH,
          `CPU per account-round, ${largest.accounts} vs ${middle.accounts} accounts`,
          perAccount(largest) / perAccount(middle),
          '×',
          { atMost: 1.5 },
          'linear growth keeps this near 1',
        ),
      ),
    );
  }
  return figures;
}
