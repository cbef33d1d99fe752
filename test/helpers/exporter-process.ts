/**
 * Runs the built exporter (`dist/main.js`) as a child process, the way users run it, so that
 * integration tests exercise flags, config loading, the HTTP server and signals end to end.
 * Processes come from the shared harness (test/harness/processes.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  cleanEnv,
  EXPORTER_MAIN,
  type Exit,
  type ManagedProcess,
  REPO,
  startExporter,
} from '../harness/processes.js';
import { parseMetrics, type Sample } from './metrics-text.js';

export type { Exit } from '../harness/processes.js';
export { parseMetrics, type Sample, sampleValue, select, seriesKey } from './metrics-text.js';

export const MAIN_JS = EXPORTER_MAIN;

/** Fails the calling test at once, with the fix, instead of a confusing spawn error later. */
export function assertBuilt(): void {
  if (!existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} is missing: run npm run build before the integration tests`);
  }
}

/** Writes `config` (an object, serialised as YAML, or YAML text) to a fresh temp dir. */
export async function writeConfig(config: unknown): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'scan-exporter-it-'));
  const path = join(dir, 'config.yml');
  await writeFile(path, typeof config === 'string' ? config : stringify(config), 'utf8');
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body, not decompressed. */
  readonly body: Buffer;
  readonly text: string;
}

/** A plain HTTP GET that leaves the body as sent (fetch would decompress gzip on its own). */
export function httpGet(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<HttpResult> {
  return new Promise((resolveResult, reject) => {
    const req = httpRequest(url, { method: 'GET', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolveResult({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text: body.toString('utf8'),
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface StartOptions {
  /** Written to a temp YAML file and passed as `--config.file`. */
  readonly config?: unknown;
  /** More flags, e.g. `--demo`, `--log.level=debug`. */
  readonly args?: readonly string[];
  /** Added to a copy of this process's environment minus Tencent Cloud credentials. */
  readonly env?: Readonly<Record<string, string>>;
}

export class ExporterProcess {
  private constructor(
    private readonly process: ManagedProcess,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /** Starts `node dist/main.js` on 127.0.0.1:0; resolves once it listens, not once it is ready. */
  static async start(options: StartOptions = {}): Promise<ExporterProcess> {
    assertBuilt();
    const config = options.config === undefined ? undefined : await writeConfig(options.config);
    try {
      const process = await startExporter({
        ...(config ? { configFile: config.path } : {}),
        args: options.args ?? [],
        env: options.env ?? {},
      });
      return new ExporterProcess(process, config?.cleanup ?? (async () => undefined));
    } catch (error) {
      await config?.cleanup();
      throw error;
    }
  }

  get url(): string {
    return this.process.url;
  }

  get exited(): Promise<Exit> {
    return this.process.exited;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  stdout(): string {
    return this.process.stdout();
  }

  stderr(): string {
    return this.process.stderr();
  }

  /** Resolves once `/-/ready` answers 200; fails early if the process exits. */
  async waitForReady(timeoutMs = 20_000): Promise<void> {
    let exit: Exit | undefined;
    void this.exited.then((e) => {
      exit = e;
    });
    await waitFor(
      async () => {
        if (exit) {
          throw new Error(
            `exporter exited (${exit.code ?? exit.signal}) before ready; stderr: ${this.stderr()}`,
          );
        }
        const res = await httpGet(`${this.url}/-/ready`, {}, 2_000);
        return res.status === 200 ? true : undefined;
      },
      { timeoutMs, what: `${this.url}/-/ready` },
    ).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\nstderr:\n${this.stderr().slice(-2000)}`);
    });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return httpGet(`${this.url}${path}`, headers);
  }

  /** `/metrics` as text (Prometheus format unless `headers` ask otherwise). */
  async scrape(headers: Record<string, string> = {}): Promise<string> {
    const res = await this.get('/metrics', headers);
    if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    return res.text;
  }

  async samples(): Promise<Sample[]> {
    return parseMetrics(await this.scrape());
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how the process ended. */
  async stop(graceMs = 5_000): Promise<Exit> {
    const exit = await this.process.stop(graceMs);
    await this.cleanup();
    return exit;
  }
}

export interface RunResult extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the exporter to completion (`--check`, bad flags); killed after `timeoutMs`. */
export async function runExporter(
  args: readonly string[],
  options: { config?: unknown; env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<RunResult> {
  assertBuilt();
  const config = options.config === undefined ? undefined : await writeConfig(options.config);
  try {
    const child = spawn(
      process.execPath,
      [MAIN_JS, ...(config ? [`--config.file=${config.path}`] : []), ...args],
      { cwd: REPO, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    // 'close', unlike 'exit', waits until stdout and stderr are drained.
    const exit = await new Promise<Exit>((resolveExit) =>
      child.once('close', (code, signal) => resolveExit({ code, signal })),
    );
    clearTimeout(timer);
    return { ...exit, stdout, stderr };
  } finally {
    await config?.cleanup();
  }
}
