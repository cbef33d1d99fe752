import { execFileSync, spawn } from 'node:child_process';

/**
 * Makes a FIFO at `path` with a watchdog: should code under test open it after all (a regression),
 * a writer turns up after a few seconds and ends the read, so the test fails instead of blocking
 * its worker for good (a synchronous read cannot be interrupted). Call the result when done.
 */
export function fifoWithWatchdog(path: string, afterSeconds = 8): () => void {
  execFileSync('mkfifo', [path]);
  // `timeout` bounds the writer too: nobody opening the FIFO must not leave it behind.
  const writer = spawn(
    'timeout',
    [String(afterSeconds + 5), 'sh', '-c', `sleep ${afterSeconds}; : > "$1"`, 'sh', path],
    {
      stdio: 'ignore',
    },
  );
  writer.unref();
  return () => writer.kill();
}
