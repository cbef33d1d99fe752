/**
 * The HTTP surface against hostile and careless clients (issue 11, items 3 and 9): `POST
 * /-/reload` only with the lifecycle flag and never from another site, every failure answered
 * as one line of plain text (never Express's HTML page with a stack trace), and the telemetry
 * path matched as a literal string.
 */
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import type { ExporterHandle } from '../../src/server/types.js';
import { stubExporter } from './web-fixture.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

interface Served {
  url: string;
  reloads: () => number;
  errors: unknown[];
}

async function serve(
  options: { lifecycle?: boolean; telemetryPath?: string; exporter?: Partial<ExporterHandle> } = {},
): Promise<Served> {
  let reloads = 0;
  const errors: unknown[] = [];
  const exporter: ExporterHandle = {
    ...stubExporter,
    reload: async () => {
      reloads++;
      return undefined;
    },
    ...options.exporter,
  };
  running = await listen(
    createApp({
      telemetryPath: options.telemetryPath ?? '/metrics',
      exporter,
      lifecycle: options.lifecycle,
      onError: (e) => errors.push(e),
    }),
    '127.0.0.1:0',
  );
  return { url: running.url, reloads: () => reloads, errors };
}

async function post(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('POST /-/reload', () => {
  test('is refused with 403 without --web.enable-lifecycle, and nothing is reloaded', async () => {
    const { url, reloads } = await serve();
    const res = await post(`${url}/-/reload`);
    expect(res.status).toBe(403);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/--web\.enable-lifecycle/);
    expect(reloads()).toBe(0);
  });

  test('reloads with the flag, from tools (no Origin) and from the exporter own pages', async () => {
    const { url, reloads } = await serve({ lifecycle: true });
    expect(await post(`${url}/-/reload`)).toMatchObject({ status: 200, text: 'Reloaded\n' });
    expect(await post(`${url}/-/reload`, { origin: url, 'sec-fetch-site': 'same-origin' })).toMatchObject({
      status: 200,
    });
    expect(reloads()).toBe(2);
  });

  test.each([
    ['another site', { origin: 'http://evil.example' }],
    ['another port of the same host', { origin: 'http://127.0.0.1:1' }],
    ['another scheme', { origin: 'https://127.0.0.1' }],
    ['a sandboxed frame or file: page', { origin: 'null' }],
    ['a garbled Origin', { origin: '::not a url' }],
    ['a cross-site fetch without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site (other subdomain) fetch', { 'sec-fetch-site': 'same-site' }],
  ])('is refused with 403 from %s', async (_what, headers) => {
    const { url, reloads } = await serve({ lifecycle: true });
    const res = await post(`${url}/-/reload`, headers);
    expect(res.status).toBe(403);
    expect(res.type).toMatch(/^text\/plain/);
    expect(reloads()).toBe(0);
  });

  test('a cross-site HTML form post is refused', async () => {
    const { url, reloads } = await serve({ lifecycle: true });
    const res = await post(`${url}/-/reload`, {
      origin: 'http://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(403);
    expect(reloads()).toBe(0);
  });

  test('a rejected config is answered as one line of plain text', async () => {
    const { url } = await serve({
      lifecycle: true,
      exporter: { reload: async () => 'accounts[0].endpoint: must not have a query\nsecond line' },
    });
    const res = await post(`${url}/-/reload`);
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toBe('Reload failed: accounts[0].endpoint: must not have a query second line\n');
  });

  test('a reload that throws is a plain-text 500 without a stack trace, and is reported', async () => {
    const { url, errors } = await serve({
      lifecycle: true,
      exporter: {
        reload: async () => {
          throw new Error(`boom at ${import.meta.url}`);
        },
      },
    });
    const res = await post(`${url}/-/reload`);
    expect(res).toEqual({
      status: 500,
      type: expect.stringMatching(/^text\/plain/),
      text: 'Internal Server Error\n',
    });
    expect(errors).toHaveLength(1);
  });
});

describe('errors never answer HTML', () => {
  const throwing = (): never => {
    throw new Error(`secret path ${import.meta.url}`);
  };
  test.each([
    ['the metrics', '/metrics', { metrics: async () => throwing() }],
    ['the landing page', '/', { landing: () => throwing() }],
    ['readiness', '/-/ready', { ready: () => throwing() }],
  ] as const)('when %s handler throws', async (_what, path, exporter) => {
    const { url, errors } = await serve({ exporter });
    const res = await fetch(`${url}${path}`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toBe('Internal Server Error\n');
    expect(errors).toHaveLength(1);
  });

  test('when a guard fails, and for a client error raised by a middleware', async () => {
    let error: Error & { status?: number } = new Error('guard broke');
    running = await listen(
      createApp({ telemetryPath: '/metrics', exporter: stubExporter, guard: (_q, _s, next) => next(error) }),
      '127.0.0.1:0',
    );
    let res = await fetch(`${running.url}/metrics`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      500,
      expect.stringMatching(/^text\/plain/),
      'Internal Server Error\n',
    ]);
    error = Object.assign(new Error('bad'), { status: 400 });
    res = await fetch(`${running.url}/metrics`);
    expect([res.status, await res.text()]).toEqual([400, 'Bad Request\n']);
  });
});

describe('the telemetry path is a literal path', () => {
  test.each([
    ['/m:x', '/m:x', ['/mfoo', '/m', '/m:y']],
    ['/m*', '/m*', ['/mx', '/m', '/m/any']],
    ['/metrics', '/metrics', ['/metrics/', '/METRICS', '/metrics/x']],
    ['/stats(.*)', '/stats(.*)', ['/stats', '/statsx']],
    ['/métriques', '/m%C3%A9triques', ['/m%C3%A9triquesx']],
  ])('%s is served at %s and nowhere else', async (telemetryPath, served, notServed) => {
    const { url } = await serve({ telemetryPath });
    const res = await fetch(`${url}${served}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('up 1');
    for (const path of notServed) {
      const other = await fetch(`${url}${path}`);
      expect({ path, status: other.status }).toEqual({ path, status: 404 });
    }
  });
});
