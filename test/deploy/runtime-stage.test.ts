/**
 * Reproduces the Docker runtime stage without Docker: the packed package installed with
 * production dependencies only must start in demo mode and serve scan metrics. A runtime import
 * of a dev dependency fails here, as it would in the image.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_LIMIT_MS = 30_000;
const EXIT_LIMIT_MS = 10_000;

let workDir: string;
let appDir: string;
let child: ChildProcess | undefined;
let output = '';

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchText(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function exited(proc: ChildProcess): Promise<Exit> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  }
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The exit, or undefined when the process is still running after `ms`. */
async function exitedWithin(proc: ChildProcess, ms: number): Promise<Exit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([exited(proc), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'main.js'))) {
    throw new Error('dist/main.js is missing: run `npm run build` before this test');
  }
  workDir = mkdtempSync(join(tmpdir(), 'runtime-stage-'));
  npm(['pack', '--pack-destination', workDir, '--silent'], repo);
  const tarball = readdirSync(workDir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack produced no tarball in ${workDir}`);
  appDir = join(workDir, 'app');
  mkdirSync(appDir);
  // A manifest of its own keeps npm from walking up to an unrelated package.
  writeFileSync(join(appDir, 'package.json'), '{"name":"runtime-stage-probe","private":true}\n');
  npm(
    ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(workDir, tarball)],
    appDir,
  );
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('production install holds no dev dependency', () => {
  const installed = new Set(readdirSync(join(appDir, 'node_modules')));
  for (const dev of ['typescript', 'jest', 'ts-jest', 'fast-check', 'tencentcloud-sdk-nodejs-common']) {
    expect(installed.has(dev)).toBe(false);
  }
  expect(installed.has('tencentcloud-scan-exporter')).toBe(true);
});

test('the installed package serves demo metrics and stops on SIGTERM', async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: workDir, NODE_ENV: 'production' };
  child = spawn(
    process.execPath,
    [
      'node_modules/tencentcloud-scan-exporter/dist/main.js',
      '--demo',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  let metrics = '';
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const response = await fetchText(`http://127.0.0.1:${port}/metrics`);
    if (response?.status === 200 && response.body.includes('tencentcloud_scan_progress_ratio')) {
      metrics = response.body;
      break;
    }
    await sleep(250);
  }
  if (metrics === '') {
    throw new Error(`no tencentcloud_scan_progress_ratio within ${STARTUP_LIMIT_MS} ms; output:\n${output}`);
  }
  expect(metrics).toMatch(/^tencentcloud_scan_progress_ratio\{[^}]*account="[^"]+"/m);
  // dist/build-info.json travels in the package: the installed build still names its revision.
  const built = JSON.parse(readFileSync(join(repo, 'dist', 'build-info.json'), 'utf8')) as {
    revision: string;
  };
  expect(metrics).toMatch(
    new RegExp(`^tencentcloud_scan_exporter_build_info\\{[^}]*revision="${built.revision}"`, 'm'),
  );
  expect((await fetchText(`http://127.0.0.1:${port}/-/healthy`))?.status).toBe(200);
  // docs/runbook.md travels too: the alerts' runbook_url has a page to open.
  const runbook = await fetchText(`http://127.0.0.1:${port}/runbook`);
  expect(runbook?.status).toBe(200);
  expect(runbook?.body).toContain('id="tencentcloudscanexporterdown"');

  child.kill('SIGTERM');
  const result = await exitedWithin(child, EXIT_LIMIT_MS);
  if (result === undefined)
    throw new Error(`still running ${EXIT_LIMIT_MS} ms after SIGTERM; output:\n${output}`);
  expect(result).toEqual({ code: 0, signal: null });
}, 60_000);
