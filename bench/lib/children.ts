/** Child processes of the benchmark: spawned with IPC, optionally pinned to a core, always reaped. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heapFlagsFor } from '../../src/exporter/heap-bound.js';
import type {
  ExporterCommand,
  ExporterEvent,
  HeapReading,
  RoundEvent,
  SimulatorCommand,
  SimulatorEvent,
  SimulatorSpec,
} from './messages.js';

/** dist-bench/bench: the compiled benchmark scripts. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 60_000;

/** Thrown when a child exits or stays silent where the benchmark needs it. */
export class ChildProcessError extends Error {
  constructor(script: string, detail: string) {
    super(`${script}: ${detail}`);
    this.name = 'ChildProcessError';
  }
}

const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;

/** Core `index` (mod the core count) with taskset when there are two cores or more, else any. */
export function pinnedCommand(core: number | undefined, args: string[]): [string, string[]] {
  if (core === undefined || !canPin) return [process.execPath, args];
  return ['taskset', ['-c', String(core % cpus().length), process.execPath, ...args]];
}

/** Moves this process (all its threads) to `core`, or back to every core with undefined. */
export function pinSelf(core: number | undefined): boolean {
  if (!canPin) return false;
  const list = core === undefined ? `0-${cpus().length - 1}` : String(core % cpus().length);
  return spawnSync('taskset', ['-a', '-cp', list, String(process.pid)]).status === 0;
}

/** A spawned node script with an IPC channel. */
export class Child<Command extends { type: string }, Event extends { type: string }> {
  private readonly listeners = new Set<(event: Event) => void>();
  private exited = false;

  private constructor(
    readonly script: string,
    readonly process: ChildProcess,
  ) {
    process.on('message', (event: Event) => {
      for (const listener of this.listeners) listener(event);
    });
    process.once('exit', () => {
      this.exited = true;
    });
  }

  static spawn<C extends { type: string }, E extends { type: string }>(
    script: string,
    args: string[],
    core?: number,
    nodeArgs: string[] = [],
  ): Child<C, E> {
    const [command, argv] = pinnedCommand(core, [...nodeArgs, join(BENCH_DIR, script), ...args]);
    const child = spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Child<C, E>(script, child);
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  send(command: Command): void {
    this.process.send(command);
  }

  on(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first event that `pick` accepts, within `timeoutMs`. */
  next<T>(pick: (event: Event) => T | undefined, timeoutMs = START_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => {
        cleanup();
        reject(new ChildProcessError(this.script, `exited with status ${code} while awaited`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new ChildProcessError(this.script, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((event) => {
        const value = pick(event);
        if (value === undefined) return;
        cleanup();
        resolve(value);
      });
      const cleanup = () => {
        clearTimeout(timer);
        off();
        this.process.off('exit', onExit);
      };
      this.process.once('exit', onExit);
    });
  }

  /** Asks it to stop, then kills it if it is still there after `graceMs`. */
  async stop(command: Command | undefined, graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    if (command && this.process.connected) this.send(command);
    else this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

let nextId = 1;

/** The simulator child and its request/reply commands. */
export class SimulatorChild {
  private constructor(
    readonly child: Child<SimulatorCommand, SimulatorEvent>,
    readonly url: string,
  ) {}

  static async start(spec: SimulatorSpec, core?: number): Promise<SimulatorChild> {
    const child = Child.spawn<SimulatorCommand, SimulatorEvent>(
      'simulator-process.js',
      [JSON.stringify(spec)],
      core,
    );
    const url = await child.next((e) => (e.type === 'listening' ? e.url : undefined));
    return new SimulatorChild(child, url);
  }

  private async ask(command: SimulatorCommand & { id: number }) {
    const reply = this.child.next((e) => (e.type === 'reply' && e.id === command.id ? e : undefined));
    this.child.send(command);
    return reply;
  }

  async latencyForAll(ms: number | null): Promise<void> {
    await this.ask({
      type: 'faultAll',
      id: nextId++,
      rule: ms === null ? null : { fault: { kind: 'latency', ms } },
    });
  }

  async stats() {
    const reply = await this.ask({ type: 'stats', id: nextId++ });
    return reply.stats!;
  }

  async resetStats(): Promise<void> {
    await this.ask({ type: 'resetStats', id: nextId++ });
  }

  async arrivals(account: string, action: string): Promise<number[]> {
    const reply = await this.ask({ type: 'arrivals', id: nextId++, account, action });
    return reply.times ?? [];
  }

  stop(): Promise<void> {
    return this.child.stop({ type: 'stop' });
  }
}

/** The exporter child: started from a YAML file, reporting rounds. */
export class ExporterChild {
  readonly rounds: RoundEvent[] = [];

  private constructor(
    readonly child: Child<ExporterCommand, ExporterEvent>,
    readonly url: string,
    readonly concurrency: number,
    /** Resolves with seconds from process start to the end of the first rounds. */
    readonly ready: Promise<number>,
  ) {
    child.on((event) => {
      if (event.type === 'round') this.rounds.push(event);
    });
  }

  static async start(yamlPath: string, accounts: number, core?: number): Promise<ExporterChild> {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of every exporter child, for finding a missed goal's cause.
    const profileDir = process.env['BENCH_CPU_PROF'];
    // The heap bound main.js sets itself for this many accounts: measure what users run.
    const nodeArgs = heapFlagsFor(accounts);
    if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    const child = Child.spawn<ExporterCommand, ExporterEvent>(
      'exporter-process.js',
      [yamlPath],
      core,
      nodeArgs,
    );
    const ready = child.next((e) => (e.type === 'ready' ? e.seconds : undefined), 30 * 60_000);
    ready.catch(() => undefined);
    const listening = await child.next((e) => (e.type === 'listening' ? e : undefined));
    return new ExporterChild(child, listening.url, listening.concurrency, ready);
  }

  /** Finished rounds of `collector` so far. */
  roundsOf(collector: string): RoundEvent[] {
    return this.rounds.filter((r) => r.collector === collector);
  }

  /** Resolves once `collector` has finished `count` rounds in total. */
  async untilRounds(collector: string, count: number, timeoutMs: number): Promise<void> {
    if (this.roundsOf(collector).length >= count) return;
    await this.child.next(() => (this.roundsOf(collector).length >= count ? true : undefined), timeoutMs);
  }

  /** Live heap and what it holds, after a forced full garbage collection in the child. */
  async heap(): Promise<HeapReading> {
    const id = nextId++;
    const reply = this.child.next((e) => (e.type === 'heap' && e.id === id ? e.heap : undefined));
    this.child.send({ type: 'heap', id });
    return reply;
  }

  async rss(): Promise<number> {
    const id = nextId++;
    const reply = this.child.next((e) => (e.type === 'rss' && e.id === id ? e.rss : undefined));
    this.child.send({ type: 'rss', id });
    return reply;
  }

  stop(): Promise<void> {
    return this.child.stop({ type: 'stop' });
  }
}

/** The bare node:http baseline serving fixed bytes. */
export async function startBareServer(
  plainFile: string,
  gzipFile: string,
  contentType: string,
  core?: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = Child.spawn<{ type: 'none' }, { type: 'listening'; url: string }>(
    'bare-server-process.js',
    [plainFile, gzipFile, contentType],
    core,
  );
  const url = await child.next((e) => (e.type === 'listening' ? e.url : undefined));
  return { url, stop: () => child.stop(undefined) };
}
