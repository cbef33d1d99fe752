/** Runs the `promtool` binary (Debian package `prometheus`, or the path in $PROMTOOL) for the rule tests. */
import { spawn } from 'node:child_process';

export interface PromtoolResult {
  code: number | null;
  /** stdout and stderr interleaved, for the assertion message. */
  output: string;
  timedOut: boolean;
}

/** Runs promtool with `args` in `cwd`, killing it after `timeoutMs` so a hang fails the test instead. */
export function runPromtool(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
