/**
 * Reproduces the Docker runtime stage without Docker: the packed package installed with
 * production dependencies only must start in demo mode and serve scan metrics. A runtime import
 * of a dev dependency fails here, as it would in the image.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, startExporter } from '../harness/processes.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_LIMIT_MS = 30_000;
const EXIT_LIMIT_MS = 10_000;

let workDir: string;
let appDir: string;
let child: ManagedProcess | undefined;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
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
  await child?.stop(0);
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
  const proc = await startExporter({
    name: 'packed exporter',
    main: join(appDir, 'node_modules/tencentcloud-scan-exporter/dist/main.js'),
    cwd: appDir,
    exactEnv: { PATH: process.env['PATH'], HOME: workDir, NODE_ENV: 'production' },
    args: ['--demo'],
    startTimeoutMs: STARTUP_LIMIT_MS,
  });
  child = proc;
  const output = (): string => proc.stdout() + proc.stderr();

  let metrics = '';
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline && proc.running) {
    const response = await fetchText(`${proc.url}/metrics`);
    if (response?.status === 200 && response.body.includes('tencentcloud_scan_progress_ratio')) {
      metrics = response.body;
      break;
    }
    await sleep(250);
  }
  if (metrics === '') {
    throw new Error(
      `no tencentcloud_scan_progress_ratio within ${STARTUP_LIMIT_MS} ms; output:\n${output()}`,
    );
  }
  expect(metrics).toMatch(/^tencentcloud_scan_progress_ratio\{[^}]*account="[^"]+"/m);
  // dist/build-info.json travels in the package: the installed build still names its revision.
  const built = JSON.parse(readFileSync(join(repo, 'dist', 'build-info.json'), 'utf8')) as {
    revision: string;
  };
  expect(metrics).toMatch(
    new RegExp(`^tencentcloud_scan_exporter_build_info\\{[^}]*revision="${built.revision}"`, 'm'),
  );
  expect((await fetchText(`${proc.url}/-/healthy`))?.status).toBe(200);
  // docs/runbook.md travels too: the alerts' runbook_url has a page to open.
  const runbook = await fetchText(`${proc.url}/runbook`);
  expect(runbook?.status).toBe(200);
  expect(runbook?.body).toContain('id="tencentcloudscanexporterdown"');

  // Killed with SIGKILL only if still running EXIT_LIMIT_MS after SIGTERM, which fails here.
  expect(await proc.stop(EXIT_LIMIT_MS)).toEqual({ code: 0, signal: null });
}, 60_000);
