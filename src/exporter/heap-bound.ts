import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { CONFIG_FILE_MAX_BYTES, readSmallFile } from '../util/bounded-file.js';

/**
 * V8 sizes its heap from the machine's memory (a few GB on a large host, whatever the container
 * limit), and lets garbage pile up to a large fraction of that before collecting it. The exporter
 * therefore sets its own bound, sized from the number of accounts, so that every way of starting
 * it (`node dist/main.js`, npm start, npx, a systemd unit, the image) behaves the same.
 *
 * Measured on Node 20: `v8.setFlagsFromString('--max-old-space-size=…')` after start-up changes
 * neither `heap_size_limit` nor when the heap is collected (a process given 64 MB that way grew
 * to 1.1 GB), so the flags must be on the command line: the process starts itself again with
 * them. Node ≥ 22.15 replaces itself in place (`process.execve`, same pid, nothing left behind);
 * older versions run the exporter as a child and stay as a small launcher that passes signals
 * on and exits with the child's status.
 */

/**
 * Old-generation bound: the live heap is ~16 MB with the libraries plus ~17-19 KB per account
 * (npm run bench); this leaves room for several times that, so it limits garbage, not the work.
 */
const BASE_OLD_SPACE_MB = 48;
const OLD_SPACE_KB_PER_ACCOUNT = 64;
const MAX_OLD_SPACE_MB = 4096;
/**
 * Young generation: V8's default lets each semi-space grow to 16 MB, i.e. ~48 MB of RSS for
 * short-lived objects. Measured at 1,000 accounts (npm run bench, growth): 2 MB saves another
 * ~5 MB but costs ~50 % more CPU per round in scavenges; 4 MB costs about nothing.
 */
const SEMI_SPACE_MB = 4;

/** Set by the launcher in the child's environment, so that a child never launches again. */
export const LAUNCHED_ENV = 'TENCENTCLOUD_SCAN_EXPORTER_HEAP_BOUND';

/** Flags a user can give (on the command line or in NODE_OPTIONS) that bound the heap. */
const HEAP_FLAG = /^--max[-_](old[-_]space|heap)[-_]size(=|$)/;

export function heapFlagsFor(accounts: number): string[] {
  const oldSpace = Math.min(
    MAX_OLD_SPACE_MB,
    Math.ceil(BASE_OLD_SPACE_MB + (Math.max(0, accounts) * OLD_SPACE_KB_PER_ACCOUNT) / 1024),
  );
  return [`--max-old-space-size=${oldSpace}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}

export type HeapBoundSource = 'exporter' | 'NODE_OPTIONS' | 'node flags';

/** Who set the heap bound of this process, if anyone did. */
export function heapBoundSource(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): HeapBoundSource | undefined {
  if (env[LAUNCHED_ENV] !== undefined) return 'exporter';
  if (execArgv.some((arg) => HEAP_FLAG.test(arg))) return 'node flags';
  if ((env['NODE_OPTIONS'] ?? '').split(/\s+/).some((arg) => HEAP_FLAG.test(arg))) return 'NODE_OPTIONS';
  return undefined;
}

export function heapLimitMb(): number {
  return Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
}

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/** The value of `--name=value` or `--name value` in `argv`. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
    if (arg === `--${name}`) return argv[i + 1];
  }
  return undefined;
}

/**
 * The number of accounts this replica will poll, read cheaply from the command line and the
 * config file (the exporter validates both fully once started). Undefined when there is nothing
 * long-running to bound (help, version, a one-off check) or the file cannot be read: the exporter
 * then runs in this process and reports the problem as usual.
 */
export async function configuredAccounts(argv: readonly string[]): Promise<number | undefined> {
  if (argv.some((arg) => /^(-h|--(help|version|check))(=|$)/.test(arg))) return undefined;
  const file = flagValue(argv, 'config.file');
  const shards = Math.max(1, Number(flagValue(argv, 'shard.count')) || 1);
  if (file === undefined) return 1;
  try {
    // Bounded like the loader's own read: a FIFO here used to hang the launcher before any message.
    const text = await readSmallFile(file, { maxBytes: CONFIG_FILE_MAX_BYTES });
    let accounts = countBlockItems(text, 'accounts');
    if (accounts === undefined) {
      // Flow style or something else unusual: parse it (costs this process ~25 MB at 1,000 accounts).
      const { parse } = await import('yaml');
      const doc = parse(text) as { accounts?: unknown } | null;
      accounts = Array.isArray(doc?.accounts) ? doc.accounts.length : 0;
    }
    return Math.ceil(accounts / shards);
  } catch {
    return undefined;
  }
}

/**
 * The items of the top-level block sequence `key:` in a YAML text, counted line by line; 0 when
 * the key is absent, undefined when it is written some other way (flow style, quoted key).
 */
export function countBlockItems(text: string, key: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => new RegExp(`^${key}:\\s*(#.*)?$`).test(line));
  if (start < 0) return lines.some((line) => line.includes(key)) ? undefined : 0;
  let indent: number | undefined;
  let count = 0;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    // The block ends at the next top-level key; a sequence may sit at column 0 under its key.
    if (/^[^\s-]/.test(line)) break;
    const item = /^(\s*)-(\s|$)/.exec(line);
    if (!item) continue;
    indent ??= item[1]!.length;
    if (item[1]!.length === indent) count++;
  }
  return count;
}

/**
 * Unless the heap is already bounded (by this function in a parent, by NODE_OPTIONS or by node
 * flags, which always win), starts the exporter again with the bound for its accounts. Returns
 * the exit status to end with when a child ran the exporter; undefined when this process should
 * run it.
 */
export async function relaunchWithHeapBound(argv: readonly string[]): Promise<number | undefined> {
  if (heapBoundSource() !== undefined) return undefined;
  const accounts = await configuredAccounts(argv);
  if (accounts === undefined) return undefined;
  const flags = heapFlagsFor(accounts);
  const args = [...process.execArgv, ...flags, ...process.argv.slice(1)];
  const env = { ...process.env, [LAUNCHED_ENV]: flags.join(' ') };
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (typeof execve === 'function') execve(process.execPath, [process.execPath, ...args], env);
  return runChild(args, env);
}

/** SIGUSR1 is left alone: Node starts its inspector on it, in whichever process receives it. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR2'];

/** The exporter in a child with the same stdio; signals are passed on, its status is ours. */
function runChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  // The IPC channel tells the child when this launcher is gone, even killed with SIGKILL. Its own
  // process group: a terminal's Ctrl-C reaches it once, through the launcher, not twice.
  const child = spawn(process.execPath, args, {
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  // The launcher only relays; code preloaded into it too (NODE_OPTIONS=--import) must not end it
  // and orphan the exporter: the exporter's own status is what ends the launcher.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`tencentcloud-scan-exporter launcher: ${error.stack ?? String(error)}\n`);
  });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`tencentcloud-scan-exporter: cannot start the exporter: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      if (signal) {
        // End the way the child did, so a supervisor sees the same signal.
        process.kill(process.pid, signal);
        resolve(128);
        return;
      }
      resolve(code ?? 1);
    });
  });
}

/** In a child started by runChild: shut down like on SIGTERM when the launcher goes away. */
export function followLauncher(): void {
  if (process.env[LAUNCHED_ENV] === undefined || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
