/** The built exporter as a child process, on a free loopback port, with its output kept. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, found from this file in `scripts/soak/` or in `.tmp/soak/scripts/soak/`. */
function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${join('.tmp', 'soak')}`) ? ['..', '..', '..', '..'] : ['..', '..'];
  return resolve(here, ...up);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface ExporterChild {
  readonly url: string;
  readonly process: ChildProcess;
  /** Lines of stdout and stderr mentioning an unhandled rejection or uncaught exception. */
  readonly unhandled: string[];
  exitCode(): number | null;
  stop(): Promise<void>;
}

export async function startExporter(configPath: string): Promise<ExporterChild> {
  const root = repoRoot();
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'main.js'),
      `--config.file=${configPath}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    // No node flags: the exporter bounds its own heap, as it does for users.
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const unhandled: string[] = [];
  const watch = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (/unhandled|uncaught/i.test(line)) unhandled.push(line);
    }
  };
  child.stdout?.on('data', watch);
  child.stderr?.on('data', watch);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    unhandled,
    exitCode: () => child.exitCode,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
