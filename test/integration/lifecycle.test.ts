/**
 * How the exporter process starts, reloads and ends (issue 11, item 9 and the counters), run as
 * users run it: `--demo` on a taken port, reload in demo mode, a crash, a route-like telemetry
 * path, `--check` against a hostile API server, and counters present from the first scrape.
 */
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer, type Server as NetServer } from 'node:net';
import { stringify } from 'yaml';
import {
  type Exit,
  ExporterProcess,
  parseMetrics,
  runExporter,
  select,
  waitFor,
  writeConfig,
} from '../helpers/exporter-process.js';
import { tempDir } from '../server/web-fixture.js';

const PREFIX = 'tencentcloud_scan_exporter_';
const tmp = tempDir('lifecycle');
afterAll(() => tmp.cleanup());

function within(exited: Promise<Exit>, ms: number): Promise<Exit | 'still running'> {
  return Promise.race([
    exited,
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), ms)),
  ]);
}

const account = (name: string) => ({
  name,
  secret_id: `AKIDdemoreload${name}`.padEnd(36, '0'),
  secret_key: `demoReloadKey${name}`.padEnd(32, '0'),
});
const file = (names: string[]) =>
  stringify({
    accounts: names.map(account),
    collectors: {
      tcss_image_scan: { schedule: '* * * * * *' },
      cwp_scan_state: { schedule: '* * * * * *', baseline_strategy_ids: [1] },
    },
  });

describe('a port that is taken', () => {
  let blocker: NetServer;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  test.each([
    ['--demo', ['--demo']],
    ['a config', []],
  ])('with %s: exits 1 naming the address, and closes everything it started', async (_what, args) => {
    const result = await runExporter([...args, `--web.listen-address=127.0.0.1:${port}`], {
      timeoutMs: 20_000,
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDlifecycle', TENCENTCLOUD_SECRET_KEY: 'lifecycleKey' },
    });
    // SIGKILL by the timeout would show as signal, not code 1: the process ended on its own.
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
  });
});

describe('--demo with --config.file', () => {
  let exporter: ExporterProcess;
  let config: { path: string; cleanup: () => Promise<void> };
  const collecting = async (name: string) => {
    const samples = parseMetrics(await exporter.scrape());
    const ok = select(samples, `${PREFIX}collector_success`, { account: name });
    return ok.length === 2 && ok.every((s) => s.value === 1) ? true : undefined;
  };

  beforeAll(async () => {
    config = await writeConfig(file(['one']));
    exporter = await ExporterProcess.start({
      args: ['--demo', `--config.file=${config.path}`, '--web.enable-lifecycle'],
    });
    await exporter.waitForReady(30_000);
  }, 40_000);
  afterAll(async () => {
    await exporter?.stop();
    await config?.cleanup();
  });

  test('POST /-/reload picks up a new account, which the simulator then serves', async () => {
    await waitFor(() => collecting('one'), { what: 'account one to collect' });
    writeFileSync(config.path, file(['one', 'two']));
    const res = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
    expect([res.status, await res.text()]).toEqual([200, 'Reloaded\n']);
    await waitFor(() => collecting('two'), { timeoutMs: 20_000, what: 'account two to collect' });
  }, 40_000);

  test('a cross-site form post is refused and changes nothing', async () => {
    const before = select(parseMetrics(await exporter.scrape()), `${PREFIX}config_reloads_total`);
    const res = await fetch(`${exporter.url}/-/reload`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = select(parseMetrics(await exporter.scrape()), `${PREFIX}config_reloads_total`);
    expect(after).toEqual(before);
  });
});

describe('without --web.enable-lifecycle', () => {
  test('POST /-/reload answers 403 and SIGHUP still reloads', async () => {
    const exporter = await ExporterProcess.start({ args: ['--demo'], config: file(['one']) });
    try {
      await exporter.waitForReady(30_000);
      const res = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/--web\.enable-lifecycle/);
      const reloads = async () =>
        select(parseMetrics(await exporter.scrape()), `${PREFIX}config_reloads_total`).reduce(
          (sum, s) => sum + s.value,
          0,
        );
      expect(await reloads()).toBe(0);
      process.kill(exporter.pid!, 'SIGHUP');
      await waitFor(async () => ((await reloads()) === 1 ? true : undefined), { what: 'the SIGHUP reload' });
    } finally {
      await exporter.stop();
    }
  }, 40_000);
});

test('counters exist at 0 from the first scrape', async () => {
  const exporter = await ExporterProcess.start({ args: ['--demo'] });
  try {
    const text = await waitFor(
      async () => {
        const res = await exporter.get('/metrics');
        return res.status === 200 ? res.text : undefined;
      },
      { what: 'the first scrape' },
    );
    const samples = parseMetrics(text);
    for (const result of ['success', 'failure']) {
      expect(select(samples, `${PREFIX}config_reloads_total`, { result }).map((s) => s.value)).toEqual([0]);
    }
    for (const collector of ['tcss_image_scan', 'cwp_scan_state']) {
      const skipped = select(samples, `${PREFIX}collector_rounds_skipped_total`, { collector });
      expect(skipped.length).toBeGreaterThan(0);
      for (const s of skipped) expect(s.value).toBe(0);
    }
  } finally {
    await exporter.stop();
  }
}, 40_000);

test('after an uncaught exception the process logs it and exits non-zero', async () => {
  // Stands in for a bug: a throw outside any request or round, on a signal sent once serving.
  const preload = tmp.file(
    'crash-on-usr2.mjs',
    "process.on('SIGUSR2', () => setImmediate(() => { throw new Error('injected bug'); }));\n",
  );
  const exporter = await ExporterProcess.start({
    args: ['--demo'],
    env: { NODE_OPTIONS: `--import=${new URL(`file://${preload}`).href}` },
  });
  try {
    await exporter.waitForReady(30_000);
    process.kill(exporter.pid!, 'SIGUSR2');
    const exit = await within(exporter.exited, 15_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(exporter.stdout()).toMatch(/uncaught exception.*injected bug|injected bug.*uncaught exception/);
  } finally {
    await exporter.stop();
  }
}, 40_000);

test.each(['/m*', '/m:x'])(
  'the telemetry path %s is served as written, and only there',
  async (path) => {
    const exporter = await ExporterProcess.start({ args: ['--demo', `--web.telemetry-path=${path}`] });
    try {
      await exporter.waitForReady(30_000);
      const res = await exporter.get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`${PREFIX}build_info`);
      for (const other of ['/mx', '/m', '/metrics']) expect((await exporter.get(other)).status).toBe(404);
    } finally {
      await exporter.stop();
    }
  },
  40_000,
);

describe('--check against a hostile API server', () => {
  let server: Server;
  let url: string;
  const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u202e evil\u0000';
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            Response: { Error: { Code: 'InvalidParameter', Message: EVIL }, RequestId: 'req-hostile' },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  test('prints control and bidi characters escaped, never raw', async () => {
    const result = await runExporter(['--check'], {
      config: {
        accounts: [
          {
            name: 'hostile',
            secret_id: 'AKIDhostile'.padEnd(36, '0'),
            secret_key: 'k'.repeat(32),
            endpoint: url,
          },
        ],
        collectors: { cwp_scan_state: { baseline_strategy_ids: [1] } },
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED');
    expect(result.stdout).toContain('\\x1b[2J');
    expect(result.stdout).toContain('\\u{202e}');
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  }, 40_000);
});
