/**
 * Collection: (1) one full round of 1,000 accounts against the simulator's 50 ms latency and
 * 20 req/s per (account, action) limit, against the ideal bound; (2) one account with 100
 * baseline strategies at 150 ms latency: how close the client gets to the allowed 20 req/s.
 */
import { COLLECTOR_NAMES } from '../src/collectors/registry.js';
import { benchAccount } from './lib/accounts.js';
import type { ExporterChild } from './lib/children.js';
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, idealRoundSeconds, ONCE, type Scenario } from './lib/scenario.js';
import { withSetup } from './lib/setup.js';

const BENCH = 'collection';
const LIMIT = 20;

/** The first rounds of all collectors start together; the round is over when the last ends. */
function firstRoundSeconds(exporter: ExporterChild): { seconds: number; failures: number; cpuMs: number } {
  const firsts = [...COLLECTOR_NAMES]
    .map((collector) => exporter.roundsOf(collector)[0])
    .filter((round) => round !== undefined);
  return {
    seconds: Math.max(...firsts.map((r) => r.seconds)),
    failures: firsts.reduce((n, r) => n + r.failures, 0),
    cpuMs: Math.max(...firsts.map((r) => r.cpuMs)),
  };
}

async function manyAccounts(accounts: number): Promise<Figure[]> {
  const latencyMs = 50;
  const scenario: Scenario = { accounts, strategies: 2, modules: ALL_MODULES, tcss: true, schedule: ONCE };
  console.log(`collection: ${accounts} accounts, ${latencyMs} ms latency, ${LIMIT} req/s per action`);
  return withSetup(scenario, { latencyMs, rateLimitPerSecond: LIMIT }, async ({ exporter, simulator }) => {
    await exporter.ready;
    const round = firstRoundSeconds(exporter);
    const bound = idealRoundSeconds(scenario, latencyMs, LIMIT, exporter.concurrency);
    const stats = await simulator.stats();
    const requests = stats.requests.reduce((n, r) => n + r.count, 0);
    return [
      announce(info(BENCH, `${accounts} accounts: round wall time`, round.seconds, 's')),
      announce(
        info(BENCH, `${accounts} accounts: ideal bound`, bound, 's', `concurrency ${exporter.concurrency}`),
      ),
      announce(
        checked(BENCH, `${accounts} accounts: round / bound`, round.seconds / bound, '×', { atMost: 1.2 }),
      ),
      announce(info(BENCH, `${accounts} accounts: API requests`, requests, '')),
      announce(
        info(
          BENCH,
          `${accounts} accounts: exporter CPU / round time`,
          round.cpuMs / 1000 / round.seconds,
          '',
          'CPU since process start, start-up included',
        ),
      ),
      announce(
        checked(BENCH, `${accounts} accounts: RequestLimitExceeded`, stats.throttled, '', { atMost: 0 }),
      ),
      announce(
        checked(BENCH, `${accounts} accounts: failed account rounds`, round.failures, '', { atMost: 0 }),
      ),
    ];
  });
}

/**
 * A perfect client sends `LIMIT` at once, then `LIMIT` more each second: what comes after the
 * first burst, over the time it took, is the rate it sustained.
 */
function sustainedRate(times: readonly number[]): number {
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  return (times.length - LIMIT) / span;
}

/**
 * Splits arrival times into rounds of `perRound` calls each. By count, not by a gap: when the
 * schedule fires just after the start-up round, the two rounds follow each other without one.
 */
function splitRounds(times: readonly number[], perRound: number): number[][] {
  const sorted = [...times].sort((a, b) => a - b);
  const rounds: number[][] = [];
  for (let i = 0; i < sorted.length; i += perRound) rounds.push(sorted.slice(i, i + perRound));
  return rounds;
}

async function manyStrategies(strategies: number): Promise<Figure[]> {
  const latencyMs = 150;
  // Two rounds: the first with a fresh client, the second with what its limiter learnt.
  const scenario: Scenario = {
    accounts: 1,
    strategies,
    modules: ['Baseline'],
    tcss: false,
    schedule: '*/10 * * * * *',
  };
  console.log(`collection: 1 account, ${strategies} baseline strategies, ${latencyMs} ms latency, 2 rounds`);
  const options = { latencyMs, rateLimitPerSecond: LIMIT, trackArrivals: true };
  return withSetup(scenario, options, async ({ exporter, simulator }) => {
    await exporter.untilRounds('cwp_scan_state', 2, 60_000);
    const [first, second] = exporter.roundsOf('cwp_scan_state');
    const times = await simulator.arrivals(benchAccount(1).name, 'DescribeScanState');
    const [firstTimes = [], secondTimes = []] = splitRounds(times, strategies);
    const stats = await simulator.stats();
    const name = `${strategies} strategies`;
    return [
      announce(info(BENCH, `${name}: first round wall time`, first!.seconds, 's')),
      announce(
        checked(BENCH, `${name}: first round achieved req/s`, sustainedRate(firstTimes), 'req/s', {
          atLeast: 18,
        }),
      ),
      announce(info(BENCH, `${name}: second round wall time`, second!.seconds, 's')),
      announce(
        checked(BENCH, `${name}: second round achieved req/s`, sustainedRate(secondTimes), 'req/s', {
          atLeast: 18,
        }),
      ),
      announce(
        info(
          BENCH,
          `${name}: max requests in any second`,
          Math.max(0, ...Object.values(stats.maxRequestsInAnySecond)),
          '',
        ),
      ),
      announce(checked(BENCH, `${name}: throttled`, stats.throttled, '', { atMost: 0 })),
      announce(
        checked(BENCH, `${name}: failed rounds`, first!.failures + second!.failures, '', { atMost: 0 }),
      ),
    ];
  });
}

export async function collectionBench(): Promise<Figure[]> {
  return [...(await manyAccounts(1000)), ...(await manyStrategies(100))];
}
