import { connect, type Socket } from 'node:net';
import { createApp } from '../../src/server/app.js';
import {
  listen,
  MAX_HEADER_SIZE,
  type RunningServer,
  type ServerLimits,
} from '../../src/server/http-server.js';
import { stubExporter } from './web-fixture.js';

let running: RunningServer | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.close();
  running = undefined;
});

async function serve(limits?: ServerLimits): Promise<string> {
  running = await listen(
    createApp({ telemetryPath: '/metrics', exporter: stubExporter }),
    '127.0.0.1:0',
    undefined,
    limits,
  );
  return running.url;
}

/** Writes raw bytes; resolves with everything the server sent once it closes (bounded by 5 s). */
function rawExchange(
  url: string,
  onConnect: (socket: Socket) => void,
): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    sockets.push(socket);
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), 5_000);
    socket.on('connect', () => onConnect(socket));
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

describe('methods', () => {
  const paths = ['/metrics', '/', '/-/healthy', '/-/ready'];
  test.each(paths.flatMap((path) => ['GET', 'HEAD'].map((method) => [method, path] as const)))(
    '%s %s is served',
    async (method, path) => {
      const url = await serve();
      const res = await fetch(`${url}${path}`, { method });
      expect(res.status).toBe(200);
      if (method === 'HEAD') expect(await res.text()).toBe('');
    },
  );

  test.each(
    paths.flatMap((path) => ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].map((m) => [m, path] as const)),
  )('%s %s gets 405', async (method, path) => {
    const url = await serve();
    const res = await fetch(`${url}${path}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

test('no X-Powered-By (nor Server) on any response', async () => {
  const url = await serve();
  for (const path of ['/metrics', '/', '/-/healthy', '/missing']) {
    const res = await fetch(`${url}${path}`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
  }
});

test('request headers above 16 KiB get 431', async () => {
  const url = await serve();
  const big = 'a'.repeat(20 * 1024);
  expect(big.length).toBeGreaterThan(MAX_HEADER_SIZE);
  const { text } = await rawExchange(url, (socket) => {
    socket.write(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
  });
  expect(text).toMatch(/^HTTP\/1\.1 431 /);
});

test('headers just under the limit are fine', async () => {
  const url = await serve();
  const res = await fetch(`${url}/metrics`, { headers: { 'x-big': 'a'.repeat(12 * 1024) } });
  expect(res.status).toBe(200);
});

test('a slow-loris client is cut off by headersTimeout', async () => {
  const url = await serve({
    headersTimeoutMs: 200,
    requestTimeoutMs: 1_000,
    connectionsCheckingIntervalMs: 50,
  });
  let timer: NodeJS.Timeout | undefined;
  let sent = 0;
  const result = await rawExchange(url, (socket) => {
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
    // One more header line every 50 ms, never finishing: at most 100 lines, well past the timeout.
    timer = setInterval(() => {
      if (socket.destroyed || ++sent > 100) clearInterval(timer);
      else socket.write(`X-Slow-${sent}: y\r\n`);
    }, 50);
  });
  clearInterval(timer);
  expect(result.closed).toBe(true);
  expect(result.text).toMatch(/^HTTP\/1\.1 408 /);
  expect(sent).toBeLessThan(100);
});
