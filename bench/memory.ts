/**
 * Memory as a user runs it: `node main.js --config.file=…` with no node flags and no
 * NODE_OPTIONS, 1,000 accounts, every module, both collectors every 5 s, `/metrics` (gzip)
 * scraped every second. RSS is read from /proc every second for the whole process tree. A round
 * is over when the exporter has counted that many rounds' worth of API requests.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { SimulatorChild } from './lib/children.js';
import { startMain } from './lib/main-process.js';
import type { HeapReading } from './lib/messages.js';
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, exporterYaml, type Scenario } from './lib/scenario.js';
import { DRIVER_CORE, EXPORTER_CORE, MB, withSetup } from './lib/setup.js';

const BENCH = 'memory';
/** Rounds before the live heap is read (about half a minute at one round per 5 s). */
const LIVE_HEAP_ROUNDS = 6;
export const EVERY_FIVE_SECONDS = '*/5 * * * * *';

export interface MemoryOptions {
  readonly accounts: number;
  /** How long after the end of the second round the last reading is taken. */
  readonly afterSeconds: number;
}

interface Reading {
  readonly at: number;
  /** Exporter RSS plus any launcher's private memory. */
  readonly rss: number;
  readonly launcher: number;
  readonly requests: number;
}

/** API requests per round: TCSS latest task + its status; CWP one per module and per strategy. */
function requestsPerRound(scenario: Scenario): number {
  const cwp = scenario.modules.filter((m) => m !== 'Baseline').length + scenario.strategies;
  return scenario.accounts * ((scenario.tcss ? 2 : 0) + cwp);
}

function apiRequests(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/^tencentcloud_scan_exporter_api_requests_total\{[^}]*\} (\S+)$/gm)) {
    total += Number(match[1]);
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function memoryBench(options: MemoryOptions): Promise<Figure[]> {
  return [...(await asUsersRunIt(options)), ...(await liveHeap(options.accounts))];
}

/**
 * Bench-only: the same configuration in the benchmark's exporter child, which can force a full
 * garbage collection and look inside, after a few rounds: what is live, and what it is made of.
 */
async function liveHeap(accounts: number): Promise<Figure[]> {
  const scenario: Scenario = {
    accounts,
    strategies: 2,
    modules: ALL_MODULES,
    tcss: true,
    schedule: EVERY_FIVE_SECONDS,
  };
  console.log(
    `memory: live heap at ${accounts} accounts after ${LIVE_HEAP_ROUNDS} rounds (bench-only child, forced GC)`,
  );
  return withSetup(scenario, {}, async ({ exporter }) => {
    // Scraped every second as above: assembling the text after changes is part of the picture.
    const scraper = setInterval(() => {
      request(`${exporter.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } })
        .then((res) => res.body.dump())
        .catch(() => undefined);
    }, 1000);
    let heap: HeapReading;
    try {
      await exporter.untilRounds('cwp_scan_state', LIVE_HEAP_ROUNDS, 10 * 60_000);
      heap = await exporter.heap();
    } finally {
      clearInterval(scraper);
    }
    const mb = (name: string, bytes: number) => announce(info(BENCH, name, bytes / MB, 'MB'));
    const at = `${accounts} accounts:`;
    return [
      mb('Node + libraries, no account: live heap', heap.baselineHeap),
      mb('Node + libraries, no account: RSS', heap.baselineRss),
      announce(checked(BENCH, `${at} live heap after GC`, heap.liveHeap / MB, 'MB', { atMost: 40 })),
      mb(`${at} of which accounts, series, clients`, heap.liveHeap - heap.baselineHeap),
      announce(info(BENCH, `${at} series`, heap.series, '')),
      mb(`${at} rendered scan text (kept once, outside the heap)`, heap.scanText),
      mb(`${at} its gzip form`, heap.scanGzip),
      mb(`${at} buffers, live`, heap.buffers),
      mb(`${at} buffers, garbage awaiting GC`, heap.buffersBefore - heap.buffers),
      mb(`${at} heap, garbage awaiting GC`, heap.heapBefore - heap.liveHeap),
    ];
  });
}

async function asUsersRunIt(options: MemoryOptions): Promise<Figure[]> {
  const scenario: Scenario = {
    accounts: options.accounts,
    strategies: 2,
    modules: ALL_MODULES,
    tcss: true,
    schedule: EVERY_FIVE_SECONDS,
  };
  console.log(
    `memory: node main.js without flags, ${scenario.accounts} accounts, rounds every 5 s, scraped every second`,
  );
  const perRound = requestsPerRound(scenario);
  const dir = await mkdtemp(join(tmpdir(), 'scan-exporter-memory-'));
  const simulator = await SimulatorChild.start(
    {
      accounts: scenario.accounts,
      strategies: scenario.strategies,
      rateLimitPerSecond: 20,
      trackArrivals: false,
    },
    DRIVER_CORE,
  );
  const config = join(dir, 'exporter.yml');
  await writeFile(config, exporterYaml(scenario, simulator.url));
  const main = await startMain(config, EXPORTER_CORE);
  const readings: Reading[] = [];
  let scrapes = 0;
  let failedScrapes = 0;
  let processes = 1;
  let lastText = '';
  try {
    const started = performance.now();
    let secondRoundAt: number | undefined;
    let requests = 0;
    for (let tick = 0; ; tick++) {
      const due = started + tick * 1000;
      await sleep(Math.max(0, due - performance.now()));
      const at = (performance.now() - started) / 1000;
      try {
        const res = await request(`${main.url}/metrics`, {
          headers: { 'accept-encoding': 'gzip' },
          headersTimeout: 5_000,
          bodyTimeout: 5_000,
        });
        const body = Buffer.from(await res.body.arrayBuffer());
        if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
        lastText = gunzipSync(body).toString('utf8');
        requests = apiRequests(lastText);
        scrapes++;
      } catch {
        // Before the server listens (first second), a refused connection is not a failed scrape.
        if (at > 5) failedScrapes++;
      }
      const memory = main.memory();
      processes = Math.max(processes, memory.processes);
      readings.push({ at, rss: memory.total, launcher: memory.launcherPrivate, requests });
      if (secondRoundAt === undefined && requests >= 2 * perRound) {
        secondRoundAt = at;
        console.log(`  second round over after ${at.toFixed(0)} s, RSS ${(memory.rss / MB).toFixed(0)} MB`);
      }
      if (secondRoundAt !== undefined && at >= secondRoundAt + options.afterSeconds + 5) break;
      if (at > 600) throw new Error('the second round did not finish within 10 minutes');
      if (main.exitCode() !== null) throw new Error(`the exporter exited with ${main.exitCode()}`);
    }
    const end = secondRoundAt! + options.afterSeconds;
    // Each figure is the highest reading over one collection period (5 s), so a reading taken
    // right after a garbage collection does not flatter it.
    const peakIn = (from: number, to: number) =>
      Math.max(...readings.filter((r) => r.at >= from && r.at < to).map((r) => r.rss)) / MB;
    const early = peakIn(secondRoundAt!, secondRoundAt! + 5);
    const late = peakIn(end, end + 5);
    const after1s = readings.find((r) => r.at >= 1 && r.rss > 0)?.rss ?? 0;
    const peak = peakIn(secondRoundAt!, end + 5);
    const limit = heapLimitMb(main.lines);
    const rounds = readings[readings.length - 1]!.requests / perRound;
    const where = breakdown(main.exporterPid(), lastText);
    return [
      announce(info(BENCH, 'processes (main.js and any it starts)', processes, '')),
      ...(limit === undefined ? [] : [announce(info(BENCH, 'V8 heap limit the exporter set', limit, 'MB'))]),
      announce(info(BENCH, 'RSS 1 s after start', after1s / MB, 'MB')),
      announce(info(BENCH, 'RSS after the second round', early, 'MB', 'highest reading in the next 5 s')),
      announce(
        checked(
          BENCH,
          `RSS ${options.afterSeconds} s later`,
          late,
          'MB',
          { atMost: 100 },
          'highest reading in 5 s',
        ),
      ),
      announce(checked(BENCH, `RSS peak over those ${options.afterSeconds} s`, peak, 'MB', { atMost: 100 })),
      announce(
        checked(
          BENCH,
          `RSS growth over those ${options.afterSeconds} s`,
          ((late - early) / early) * 100,
          '%',
          { atMost: 10 },
        ),
      ),
      announce(
        info(
          BENCH,
          'launcher process: private memory',
          readings[readings.length - 1]!.launcher / MB,
          'MB',
          'Node < 22.15 only',
        ),
      ),
      announce(info(BENCH, 'of the RSS: node binary and libraries (file pages)', where.filePages / MB, 'MB')),
      announce(info(BENCH, 'of the RSS: V8 heap (committed)', where.v8Heap / MB, 'MB')),
      announce(
        info(BENCH, 'of the RSS: other memory (buffers, sockets, zlib, stacks)', where.otherAnon / MB, 'MB'),
      ),
      announce(info(BENCH, 'rounds', rounds, '')),
      announce(info(BENCH, 'scrapes answered', scrapes, '')),
      announce(checked(BENCH, 'failed scrapes', failedScrapes, '', { atMost: 0 })),
    ];
  } finally {
    await main.stop();
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The heap bound the exporter logged at start-up, if it logged one. */
function heapLimitMb(lines: readonly string[]): number | undefined {
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as { msg?: string; heapLimitMb?: number };
      if (typeof entry.heapLimitMb === 'number') return entry.heapLimitMb;
    } catch {
      // Not JSON.
    }
  }
  return undefined;
}

/** Where the exporter's RSS is, at the end of the run: from its /proc smaps and its own metrics. */
function breakdown(pid: number, metrics: string): { filePages: number; v8Heap: number; otherAnon: number } {
  let filePages = 0;
  let anon = 0;
  let file = false;
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
      if (head) file = head[1] !== '0' && head[2]!.startsWith('/');
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) {
        if (file) filePages += Number(rss[1]) * 1024;
        else anon += Number(rss[1]) * 1024;
      }
    }
  } catch {
    // Gone already.
  }
  const v8Heap = Number(/^nodejs_heap_size_total_bytes (\S+)$/m.exec(metrics)?.[1] ?? 0);
  return { filePages, v8Heap, otherAnon: Math.max(0, anon - v8Heap) };
}
