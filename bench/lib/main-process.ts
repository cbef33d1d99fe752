/**
 * The exporter as a user starts it: `node main.js --config.file=…`, with no NODE_OPTIONS and no
 * node flags, so whatever heap bound it has is the one it sets itself. Its memory is read from
 * /proc for the whole process tree (a re-exec that leaves a parent behind counts in full).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exporterListening, startProcess } from '../../test/harness/processes.js';
import { BENCH_DIR, pinnedCommand } from './children.js';

export const MAIN = join(BENCH_DIR, '..', 'src', 'main.js');

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
  /** Set once the process has exited. */
  exitCode(): number | null;
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
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  // For experiments only: BENCH_MAIN_NODE_OPTIONS reaches the exporter as NODE_OPTIONS.
  if (process.env['BENCH_MAIN_NODE_OPTIONS']) env['NODE_OPTIONS'] = process.env['BENCH_MAIN_NODE_OPTIONS'];
  const [command, argv] = pinnedCommand(core, [
    MAIN,
    `--config.file=${configPath}`,
    '--web.listen-address=127.0.0.1:0',
    '--log.level=info',
    ...extraArgs,
  ]);
  const lines: string[] = [];
  let exitCode: number | null = null;
  // The shared harness: port 0, and the address the exporter logs once it listens.
  const child = await startProcess({
    name: 'exporter',
    command,
    args: argv,
    env,
    listening: exporterListening,
    onLine: (line) => {
      if (lines.length < 10_000) lines.push(line);
    },
  });
  void child.exited.then((exit) => {
    exitCode = exit.code ?? -1;
  });
  const pid = child.pid ?? -1;
  return {
    url: child.url,
    exitCode: () => exitCode,
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
      await child.stop(15_000);
    },
  };
}
