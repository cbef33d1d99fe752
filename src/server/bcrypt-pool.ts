import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Checks a password against a bcrypt hash without holding up the caller's thread. */
export interface PasswordVerifier {
  /** Rejects with QueueFullError at once when too many checks are already waiting. */
  compare(password: string, hash: string): Promise<boolean>;
}

/** Thrown by `compare` when the queue is full: the caller answers 429 instead of waiting. */
export class QueueFullError extends Error {
  constructor(readonly maxQueue: number) {
    super(`password check queue is full (${maxQueue} waiting)`);
    this.name = 'QueueFullError';
  }
}

export interface BcryptPoolOptions {
  /** Worker threads; default: all cores but one (at least 1, at most 4), so the event loop keeps a core. */
  readonly threads?: number;
  /** Checks allowed to wait for a thread; default 32 (a few seconds of bcrypt at cost 10). */
  readonly maxQueue?: number;
}

interface Job {
  readonly password: string;
  readonly hash: string;
  resolve(ok: boolean): void;
  reject(error: Error): void;
}

// Inline (eval) so the same code runs from dist/ and from the TypeScript sources under jest,
// with no separate worker file to locate; bcryptjs is passed as a resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptjs);
parentPort.on('message', ({ password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage(ok);
});
`;

const BCRYPTJS = createRequire(import.meta.url).resolve('bcryptjs');

/**
 * bcrypt checks on a small pool of worker threads with a bounded queue. bcrypt costs ~100 ms of
 * CPU by design; on the event loop, a client sending wrong passwords would stall every request,
 * authorized scrapes included. Workers start on first use and do not keep the process alive.
 */
export class BcryptPool implements PasswordVerifier {
  private readonly threads: number;
  private readonly maxQueue: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(options: BcryptPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? Math.min(4, availableParallelism() - 1));
    this.maxQueue = Math.max(0, options.maxQueue ?? 32);
  }

  compare(password: string, hash: string): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('password check pool is closed'));
    const free = this.idle.length > 0 || this.workerCount < this.threads;
    if (!free && this.queue.length >= this.maxQueue) return Promise.reject(new QueueFullError(this.maxQueue));
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ password, hash, resolve, reject });
      this.pump();
    });
  }

  /** Checks waiting for a thread (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('password check pool is closed'));
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    for (const job of this.busy.values()) job.reject(new Error('password check pool is closed'));
    this.busy.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private get workerCount(): number {
    return this.idle.length + this.busy.size;
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.workerCount < this.threads)) {
      const worker = this.idle.pop() ?? this.spawn();
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ password: job.password, hash: job.hash });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptjs: BCRYPTJS } });
    worker.unref();
    worker.on('message', (ok: unknown) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      if (this.closed) return;
      this.idle.push(worker);
      job?.resolve(ok === true);
      this.pump();
    });
    // A crashed worker fails its own check only; the next check gets a fresh thread.
    const lost = (error: Error): void => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      job?.reject(error);
      if (!this.closed) this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (this.busy.has(worker) || this.idle.includes(worker))
        lost(new Error(`password check worker exited (${code})`));
    });
    return worker;
  }
}
