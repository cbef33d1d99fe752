/**
 * Memory: RSS of the exporter at 1,000 accounts, collecting every second and scraped every
 * second, after a first and a last batch of rounds. Each figure averages the RSS read at the end
 * of the last few rounds of its batch, so one garbage collection more or less does not decide it.
 */
import { request } from 'undici';
import type { RoundEvent } from './lib/messages.js';
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, EVERY_SECOND, type Scenario } from './lib/scenario.js';
import { MB, mean, withSetup } from './lib/setup.js';

const BENCH = 'memory';
const COLLECTOR = 'cwp_scan_state';
/** Readings averaged per figure. */
const READINGS = 5;

export interface MemoryOptions {
  readonly accounts: number;
  readonly earlyRounds: number;
  readonly lateRounds: number;
}

function averageRss(rounds: readonly RoundEvent[], upTo: number): number {
  return mean(rounds.slice(Math.max(0, upTo - READINGS), upTo).map((r) => r.rss)) / MB;
}

export async function memoryBench(options: MemoryOptions): Promise<Figure[]> {
  const { accounts, earlyRounds, lateRounds } = options;
  const scenario: Scenario = {
    accounts,
    strategies: 2,
    modules: ALL_MODULES,
    tcss: true,
    schedule: EVERY_SECOND,
  };
  console.log(
    `memory: ${accounts} accounts, rounds every second, scraped every second, ${lateRounds} rounds`,
  );
  return withSetup(scenario, {}, async ({ exporter }) => {
    let scrapes = 0;
    let scrapeErrors = 0;
    const scraper = setInterval(() => {
      request(`${exporter.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode === 200) scrapes++;
          else scrapeErrors++;
        })
        .catch(() => scrapeErrors++);
    }, 1000);
    const started = performance.now();
    try {
      for (let done = 10; done < lateRounds + 10; done += 10) {
        const target = Math.min(done, lateRounds);
        await exporter.untilRounds(COLLECTOR, target, 10 * 60_000);
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        console.log(`  ${target} rounds after ${seconds} s`);
      }
    } finally {
      clearInterval(scraper);
    }
    const elapsed = (performance.now() - started) / 1000;
    const rounds = exporter.roundsOf(COLLECTOR);
    const early = averageRss(rounds, earlyRounds);
    const late = averageRss(rounds, lateRounds);
    const failures = exporter.rounds.reduce((n, r) => n + r.failures, 0);
    return [
      announce(info(BENCH, `RSS after ${earlyRounds} rounds`, early, 'MB', `mean of ${READINGS} readings`)),
      announce(checked(BENCH, `RSS after ${lateRounds} rounds`, late, 'MB', { atMost: 100 })),
      announce(
        checked(
          BENCH,
          `RSS growth ${earlyRounds} → ${lateRounds} rounds`,
          ((late - early) / early) * 100,
          '%',
          {
            atMost: 10,
          },
        ),
      ),
      announce(info(BENCH, 'rounds per minute', (rounds.length / elapsed) * 60, '')),
      announce(info(BENCH, 'scrapes answered', scrapes, '')),
      announce(checked(BENCH, 'failed scrapes + account rounds', scrapeErrors + failures, '', { atMost: 0 })),
    ];
  });
}
