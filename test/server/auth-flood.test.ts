/**
 * Wrong passwords must not starve real scrapes (issue 11, item 1). Against the built exporter
 * with basic auth at bcrypt cost 10: 150 requests with a wrong password kept in flight, while a
 * scraper whose credentials were already verified keeps scraping. Before bcrypt moved off the
 * event loop, every such scrape timed out after 10 s.
 */
import bcrypt from 'bcryptjs';
import { ExporterProcess, type HttpResult, httpGet, waitFor } from '../helpers/exporter-process.js';
import { tempDir } from './web-fixture.js';

const PASSWORD = 'scrape-secret';
const IN_FLIGHT = 150;
const tmp = tempDir('auth-flood');
let exporter: ExporterProcess;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const good = { authorization: basic('prometheus', PASSWORD) };

beforeAll(async () => {
  const webConfig = tmp.file(
    'web.yml',
    `basic_auth_users:\n  prometheus: "${bcrypt.hashSync(PASSWORD, 10)}"\n`,
  );
  exporter = await ExporterProcess.start({ args: ['--demo', `--web.config.file=${webConfig}`] });
  // The first good request pays for one bcrypt and fills the cache.
  await waitFor(async () => ((await exporter.get('/-/ready', good)).status === 200 ? true : undefined), {
    timeoutMs: 30_000,
    what: 'the exporter to be ready',
  });
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  tmp.cleanup();
});

/** What the flood saw: each status (or error) counted. Each 401 is a finished password check. */
interface FloodLog {
  readonly seen: Map<string, number>;
}
const checked = (log: FloodLog) => log.seen.get('401') ?? 0;

/** Keeps `count` wrong-password requests in flight until `stop` is set. */
function flood(count: number, stop: { done: boolean }, log: FloodLog): Promise<void> {
  const note = (what: string) => log.seen.set(what, (log.seen.get(what) ?? 0) + 1);
  const client = async (i: number) => {
    const headers = { authorization: basic(i % 2 ? 'prometheus' : `intruder${i}`, `guess-${i}`) };
    while (!stop.done) {
      try {
        const res = await httpGet(`${exporter.url}/metrics`, headers, 60_000);
        note(String(res.status));
        // A turned-away client comes back a little later instead of spinning.
        if (res.status === 429) await new Promise((r) => setTimeout(r, 50));
      } catch (error) {
        note(error instanceof Error ? error.message.slice(0, 60) : 'error');
      }
    }
  };
  return Promise.all(Array.from({ length: count }, (_, i) => client(i))).then(() => undefined);
}

interface Timed {
  readonly status: number;
  /** Password checks of the flood that finished while this request waited. */
  readonly checksMeanwhile: number;
}

async function timed(log: FloodLog, request: () => Promise<HttpResult>): Promise<Timed> {
  const before = checked(log);
  const res = await request();
  return { status: res.status, checksMeanwhile: checked(log) - before };
}

/**
 * The measure is how many of the flood's password checks finished while a request waited, not
 * seconds: both scale with the machine's speed and load (CI runs on 2 shared cores), so the
 * bounds hold on a slow machine and still tell the cases apart. A scrape queued behind the
 * bcrypt work waits for at least the queue ahead of it (32 checks, or all 150 on the event loop);
 * one answered from the cache waits for none of it.
 */
test('authorized scrapes are not starved while 150 wrong-password requests are in flight', async () => {
  const stop = { done: false };
  const log: FloodLog = { seen: new Map() };
  const flooding = flood(IN_FLIGHT, stop, log);
  try {
    // The flood is in full force once its first password checks have come back.
    await waitFor(() => (checked(log) >= 3 ? true : undefined), {
      timeoutMs: 45_000,
      what: 'the first password checks of the flood',
    });
    const scrapes: Timed[] = [];
    for (let i = 0; i < 10; i++) {
      scrapes.push(await timed(log, () => httpGet(`${exporter.url}/metrics`, good, 30_000)));
      await new Promise((r) => setTimeout(r, 200));
    }
    // A client whose password was never checked waits its turn in the bounded queue, or is
    // turned away at once: never behind the whole flood.
    const fresh = await timed(log, () =>
      httpGet(`${exporter.url}/-/healthy`, { authorization: basic('prometheus', `${PASSWORD}x`) }, 60_000),
    );
    expect(scrapes.map((s) => s.status)).toEqual(Array(10).fill(200));
    expect(Math.max(...scrapes.map((s) => s.checksMeanwhile))).toBeLessThan(16);
    expect([401, 429]).toContain(fresh.status);
    expect(fresh.checksMeanwhile).toBeLessThan(IN_FLIGHT / 2);
  } finally {
    stop.done = true;
  }
  await flooding;
  // The queue is bounded: part of the flood is answered 429 at once; nothing else goes wrong.
  expect(log.seen.get('429') ?? 0).toBeGreaterThan(0);
  expect(log.seen.get('401') ?? 0).toBeGreaterThan(0);
  expect([...log.seen.keys()].filter((k) => k !== '401' && k !== '429')).toEqual([]);
}, 180_000);
