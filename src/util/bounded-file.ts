import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Secrets, tokens and credential files are small; anything larger is a wrong path. */
export const SMALL_FILE_MAX_BYTES = 64 * 1024;
/** The YAML config: far beyond any real config (thousands of accounts), far below what would strain memory. */
export const CONFIG_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** A local file is read in milliseconds; a hung network mount must not hold a reload. */
export const SMALL_FILE_TIMEOUT_MS = 5_000;

/** Why a file was refused; `message` is a short phrase meant to follow the key or path. */
export class BoundedFileError extends Error {
  override readonly name = 'BoundedFileError';
  /** `ENOENT`, `EACCES`, … for system errors; `ENOTREG`, `EFBIG`, `ETIMEDOUT` for our own refusals. */
  readonly code: string;
  /** What the path turned out to be (`a FIFO`, `a directory`), for `not a regular file`. */
  readonly found?: string;

  constructor(code: string, message: string, found?: string) {
    super(message);
    this.code = code;
    if (found !== undefined) this.found = found;
  }
}

export interface BoundedReadOptions {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

interface FileKind {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

function kindOf(info: FileKind): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function sizeText(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** Refuses what is not a regular file of at most `maxBytes` (checked before open, and again on the open file). */
function checkRegular(info: FileKind & { isFile(): boolean; size: number }, maxBytes: number): void {
  if (!info.isFile()) throw new BoundedFileError('ENOTREG', 'not a regular file', kindOf(info));
  if (info.size > maxBytes) throw tooLarge(maxBytes);
}

const tooLarge = (maxBytes: number) => new BoundedFileError('EFBIG', `larger than ${sizeText(maxBytes)}`);
// O_NONBLOCK: if the path was swapped for a FIFO since stat, open still returns at once.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Room for the open file as it is now, plus one byte that tells a file still being written. */
function bufferFor(info: Parameters<typeof checkRegular>[0], maxBytes: number): Buffer {
  checkRegular(info, maxBytes);
  return Buffer.alloc(info.size + 1);
}

function decode(buffer: Buffer, filled: number, maxBytes: number): string {
  if (filled < buffer.length) return buffer.toString('utf8', 0, filled);
  throw filled > maxBytes ? tooLarge(maxBytes) : new BoundedFileError('EAGAIN', 'changed while being read');
}

async function readRegular(path: string, maxBytes: number): Promise<string> {
  // stat follows symlinks, as Kubernetes secret mounts need; a FIFO or device is refused before
  // open, which on a FIFO would wait for a writer and hold a libuv thread.
  checkRegular(await stat(path), maxBytes);
  const handle = await open(path, OPEN_FLAGS);
  try {
    const buffer = bufferFor(await handle.stat(), maxBytes);
    let filled = 0;
    let n: number;
    do {
      n = (await handle.read(buffer, filled, buffer.length - filled, filled)).bytesRead;
      filled += n;
    } while (n > 0 && filled < buffer.length);
    return decode(buffer, filled, maxBytes);
  } finally {
    await handle.close();
  }
}

/**
 * `readSmallFile` for callers that must finish before they return (the web config is re-read
 * within the TLS handshake of the connection that noticed a change). The same refusals: a FIFO,
 * a device or an oversized file never blocks the event loop. No timeout: a synchronous read of a
 * local regular file cannot be cut short, and does not need to be.
 */
export function readSmallFileSync(path: string, maxBytes = SMALL_FILE_MAX_BYTES): string {
  checkRegular(statSync(path), maxBytes);
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const buffer = bufferFor(fstatSync(fd), maxBytes);
    let filled = 0;
    let n: number;
    do {
      n = readSync(fd, buffer, filled, buffer.length - filled, filled);
      filled += n;
    } while (n > 0 && filled < buffer.length);
    return decode(buffer, filled, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a small regular file as UTF-8: directories, FIFOs, devices (`/dev/zero`) and files over
 * `maxBytes` are refused, and the whole read gives up after `timeoutMs`, so that no file can
 * hold a reload, `--check` or shutdown. Rejects with BoundedFileError or the system error.
 */
export function readSmallFile(path: string, options: BoundedReadOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? SMALL_FILE_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? SMALL_FILE_TIMEOUT_MS;
  const reading = readRegular(path, maxBytes);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BoundedFileError('ETIMEDOUT', `not read within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    // A stuck read must not keep the process alive (SIGTERM has to end it).
    timer.unref();
  });
  // After a timeout nobody awaits the read any more; its late failure must not go unhandled.
  reading.catch(() => undefined);
  return Promise.race([reading, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One phrase for an error of `readSmallFile(path)` or `readSmallFileSync(path)`: `not a regular file: "/run/x" is a FIFO`,
 * `larger than 64 KiB: "/x"`, `cannot read "/x" (ENOENT)`. Names the path, never the contents.
 */
export function describeFileError(error: unknown, path: string): string {
  const shown = JSON.stringify(path);
  if (error instanceof BoundedFileError) {
    return `${error.message}: ${shown}${error.found ? ` is ${error.found}` : ''}`;
  }
  return `cannot read ${shown} (${(error as NodeJS.ErrnoException | undefined)?.code ?? 'read error'})`;
}
