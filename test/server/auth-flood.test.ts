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

/** Keeps `count` wrong-password requests in flight until `stop` is set; returns the statuses seen. */
function flood(count: number, stop: { done: boolean }): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
  const client = async (i: number) => {
    const headers = { authorization: basic(i % 2 ? 'prometheus' : `intruder${i}`, `guess-${i}`) };
    while (!stop.done) {
      try {
        const res = await httpGet(`${exporter.url}/metrics`, headers, 30_000);
        note(String(res.status));
        // A turned-away client comes back a little later instead of spinning.
        if (res.status === 429) await new Promise((r) => setTimeout(r, 50));
      } catch (error) {
        note(error instanceof Error ? error.message.slice(0, 60) : 'error');
      }
    }
  };
  return Promise.all(Array.from({ length: count }, (_, i) => client(i))).then(() => seen);
}

async function timed(request: () => Promise<HttpResult>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await request();
  return { status: res.status, ms: performance.now() - started };
}

test('authorized scrapes stay fast while 150 wrong-password requests are in flight', async () => {
  const stop = { done: false };
  const flooding = flood(IN_FLIGHT, stop);
  try {
    await new Promise((r) => setTimeout(r, 1_000)); // let the queue fill up
    const scrapes: { status: number; ms: number }[] = [];
    for (let i = 0; i < 10; i++) {
      scrapes.push(await timed(() => httpGet(`${exporter.url}/metrics`, good, 15_000)));
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(scrapes.map((s) => s.status)).toEqual(Array(10).fill(200));
    // Unloaded, a scrape takes ~10 ms; the bound only has to tell "answered" from "queued behind
    // seconds of bcrypt work", on a shared machine.
    expect(Math.max(...scrapes.map((s) => s.ms))).toBeLessThan(5_000);

    // A client whose password was never checked waits for a thread or is turned away at once.
    const fresh = await timed(() =>
      httpGet(`${exporter.url}/-/healthy`, { authorization: basic('prometheus', `${PASSWORD}x`) }, 15_000),
    );
    expect([401, 429]).toContain(fresh.status);
    expect(fresh.ms).toBeLessThan(10_000);
  } finally {
    stop.done = true;
  }
  const seen = await flooding;
  // The queue is bounded: part of the flood is answered 429 at once; nothing else goes wrong.
  expect(seen.get('429') ?? 0).toBeGreaterThan(0);
  expect(seen.get('401') ?? 0).toBeGreaterThan(0);
  expect([...seen.keys()].filter((k) => k !== '401' && k !== '429')).toEqual([]);
}, 60_000);
