/**
 * The one way the tests, the benchmarks and the soak start processes (the exporter, Prometheus,
 * Alertmanager, the packed package): every server listens on port 0 and the URL it bound is read
 * from its own log line, so no port is guessed and raced for. Output is kept (bounded) for failure
 * messages, and stop escalates from SIGTERM to SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Output kept per stream: enough for any assertion on a test's logs, bounded for a soak. */
const KEPT_CHARS = 4_000_000;
const START_TIMEOUT_MS = 30_000;

/** The repository root, wherever this file was compiled to (test/, dist-bench/...). */
export const REPO = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tencentcloud-scan-exporter'
    ) {
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the repository root above this file');
})();

export const EXPORTER_MAIN = join(REPO, 'dist', 'main.js');

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Finds the URL a process bound in one line of its output. */
export type ListeningLine = (line: string) => string | undefined;

/** The exporter's `exporter listening` log line, JSON or logfmt. */
export const exporterListening: ListeningLine = (line) => {
  if (!line.includes('exporter listening')) return undefined;
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line) as { msg?: unknown; url?: unknown };
      return record.msg === 'exporter listening' && typeof record.url === 'string' ? record.url : undefined;
    } catch {
      return undefined;
    }
  }
  return /(?:^| )url=(\S+)/.exec(line)?.[1];
};

/** Prometheus' and Alertmanager's exporter-toolkit line: `msg="Listening on" address=127.0.0.1:43567`. */
export const toolkitListening: ListeningLine = (line) => {
  const address = /msg="Listening on" address=(\S+)/.exec(line)?.[1];
  return address === undefined ? undefined : `http://${address}`;
};

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Present for servers: `start` resolves once a line gives the bound URL. */
  readonly listening?: ListeningLine;
  readonly startTimeoutMs?: number;
  /** Called with every complete output line (stdout and stderr). */
  readonly onLine?: (line: string) => void;
}

export class ManagedProcess {
  readonly exited: Promise<Exit>;
  private out = '';
  private err = '';
  private bound: string | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    onLine: (line: string) => void,
  ) {
    const reader = (append: (text: string) => void) => {
      let partial = '';
      return (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        append(text);
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      };
    };
    child.stdout?.on(
      'data',
      reader((text) => {
        this.out = (this.out + text).slice(-KEPT_CHARS);
      }),
    );
    child.stderr?.on(
      'data',
      reader((text) => {
        this.err = (this.err + text).slice(-KEPT_CHARS);
      }),
    );
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => {
        this.err += `spawn error: ${error.message}\n`;
        resolve({ code: null, signal: null });
      });
    });
  }

  /** The URL the process bound (servers only). */
  get url(): string {
    if (this.bound === undefined) throw new Error(`${this.name} has not reported a listening address`);
    return this.bound;
  }

  /** @internal set by `startProcess` */
  setUrl(url: string): void {
    this.bound = url;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  stdout(): string {
    return this.out;
  }

  stderr(): string {
    return this.err;
  }

  /** The last of stdout and stderr, for assertion messages. */
  output(chars = 8_000): string {
    return `--- ${this.name} stdout (tail) ---\n${this.out.slice(-chars)}\n--- ${this.name} stderr (tail) ---\n${this.err.slice(-chars)}`;
  }

  /** SIGTERM, then SIGKILL if still running after `graceMs`; resolves with how it ended. */
  async stop(graceMs = 5_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) this.child.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Starts a process; for a server, resolves once it has reported the URL it bound. */
export async function startProcess(spec: ProcessSpec): Promise<ManagedProcess> {
  let found: ((url: string) => void) | undefined;
  const urlSeen = new Promise<string>((resolve) => {
    found = resolve;
  });
  const onLine = (line: string): void => {
    spec.onLine?.(line);
    const url = spec.listening?.(line);
    if (url !== undefined) found?.(url);
  };
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd ?? REPO,
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const managed = new ManagedProcess(spec.name, child, onLine);
  if (!spec.listening) return managed;
  const timeoutMs = spec.startTimeoutMs ?? START_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    urlSeen.then((url) => ({ url })),
    managed.exited.then((exit) => ({ exit })),
    new Promise<{ timeout: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if ('url' in outcome) {
    managed.setUrl(outcome.url);
    return managed;
  }
  await managed.stop(1_000);
  const why =
    'exit' in outcome
      ? `exited (${outcome.exit.code ?? outcome.exit.signal}) before listening`
      : `reported no listening address within ${timeoutMs} ms`;
  throw new Error(`${spec.name} ${why}\n${managed.output()}`);
}

/** An environment without the machine's Tencent Cloud credentials, so only the given config counts. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('TENCENTCLOUD_') && !key.startsWith('JEST_') && key !== 'NODE_OPTIONS')
      env[key] = value;
  }
  return { ...env, ...extra };
}

export interface ExporterSpec {
  readonly name?: string;
  /** `--config.file` */
  readonly configFile?: string;
  /** More flags; the listen address is always 127.0.0.1:0 unless one is given here. */
  readonly args?: readonly string[];
  /** Added to this process's environment (minus Tencent Cloud credentials). */
  readonly env?: Readonly<Record<string, string>>;
  /** The whole environment instead, e.g. only PATH and HOME as in the image. */
  readonly exactEnv?: NodeJS.ProcessEnv;
  /** Node flags, e.g. the heap bound the image ships with. */
  readonly nodeArgs?: readonly string[];
  /** Another entry point (the packed package's), default dist/main.js. */
  readonly main?: string;
  readonly cwd?: string;
  readonly startTimeoutMs?: number;
  readonly onLine?: (line: string) => void;
}

/**
 * The built exporter on 127.0.0.1:0, resolved once it has logged the address it bound (its
 * `exporter listening` line is at info level, so `--log.level` must be info or debug).
 */
export function startExporter(spec: ExporterSpec = {}): Promise<ManagedProcess> {
  const main = spec.main ?? EXPORTER_MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const args = spec.args ?? [];
  const listen = args.some((a) => a.startsWith('--web.listen-address'))
    ? []
    : ['--web.listen-address=127.0.0.1:0'];
  return startProcess({
    name: spec.name ?? 'exporter',
    command: process.execPath,
    args: [
      ...(spec.nodeArgs ?? []),
      main,
      ...(spec.configFile === undefined ? [] : [`--config.file=${spec.configFile}`]),
      ...listen,
      ...args,
    ],
    cwd: spec.cwd ?? REPO,
    env: spec.exactEnv ?? cleanEnv(spec.env),
    listening: exporterListening,
    ...(spec.startTimeoutMs === undefined ? {} : { startTimeoutMs: spec.startTimeoutMs }),
    ...(spec.onLine === undefined ? {} : { onLine: spec.onLine }),
  });
}
