/**
 * The exporter as a user starts it: `node main.js --config.file=…`, with no NODE_OPTIONS and no
 * node flags, so whatever heap bound it has is the one it sets itself. Its memory is read from
 * /proc for the whole process tree (a re-exec that leaves a parent behind counts in full).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BENCH_DIR, pinnedCommand } from './children.js';

export const MAIN = join(BENCH_DIR, '..', 'src', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** RSS and private (not shared with other processes) memory of one process, in bytes; 0 once gone. */
function memoryOf(pid: number): { rss: number; private: number } {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
    return { rss: kb('Rss'), private: kb('Private_Clean') + kb('Private_Dirty') };
  } catch {
    return { rss: 0, private: 0 };
  }
}

/** `pid` and every descendant. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let children = '';
    try {
      for (const task of readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').split(' ')) {
        children += ` ${task}`;
      }
    } catch {
      continue;
    }
    for (const child of children.trim().split(/\s+/)) if (child) out.push(Number(child));
  }
  return out;
}

export interface ExporterMemory {
  readonly rss: number;
  readonly launcherPrivate: number;
  /** RSS of the exporter plus the launcher's private memory: what the two cost together. */
  readonly total: number;
  readonly processes: number;
}

export interface MainProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Lines the exporter logged (JSON). */
  readonly lines: string[];
  /**
   * The exporter's RSS, and the private memory of any launcher process above it (its shared
   * pages, mostly the node binary, are the exporter's too and are counted once).
   */
  memory(): ExporterMemory;
  /** The pid of the process running the exporter (the launcher's child, if there is one). */
  exporterPid(): number;
  stop(): Promise<void>;
}

export async function startMain(
  configPath: string,
  core?: number,
  extraArgs: string[] = [],
): Promise<MainProcess> {
  const port = await freePort();
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  // For experiments only: BENCH_MAIN_NODE_OPTIONS reaches the exporter as NODE_OPTIONS.
  if (process.env['BENCH_MAIN_NODE_OPTIONS']) env['NODE_OPTIONS'] = process.env['BENCH_MAIN_NODE_OPTIONS'];
  const [command, argv] = pinnedCommand(core, [
    MAIN,
    `--config.file=${configPath}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=info',
    ...extraArgs,
  ]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const lines: string[] = [];
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (lines.length < 10_000) lines.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? -1;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    lines,
    memory() {
      const tree = processTree(pid)
        .map((p) => memoryOf(p))
        .filter((m) => m.rss > 0);
      const exporter = tree[tree.length - 1] ?? { rss: 0, private: 0 };
      const launchers = tree.slice(0, -1).reduce((n, m) => n + m.private, 0);
      return {
        rss: exporter.rss,
        launcherPrivate: launchers,
        total: exporter.rss + launchers,
        processes: tree.length,
      };
    },
    exporterPid() {
      const tree = processTree(pid);
      return tree[tree.length - 1] ?? pid;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
