/**
 * One HTTP request/response of the simulated API: every way of answering (or not answering) goes
 * through here, so each request is counted and logged exactly once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, newRequestId, successBody } from './response-json.js';
import type { Runtime } from './runtime.js';

export const UNKNOWN = '-';

export class Exchange {
  account = UNKNOWN;
  action = UNKNOWN;
  readonly requestId = newRequestId();
  private readonly startedAt = performance.now();
  private done = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** The exact request body bytes (signatures cover them). */
    readonly bodyBytes: Buffer,
    private readonly runtime: Runtime,
  ) {}

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  }

  get finished(): boolean {
    return this.done;
  }

  success(fields: Record<string, unknown>, code = 'Success'): void {
    this.send(200, 'application/json', successBody(fields, this.requestId), code);
  }

  error(code: string, message: string): void {
    this.send(200, 'application/json', errorBody(code, message, this.requestId), code);
  }

  send(
    status: number,
    contentType: string,
    body: string | Buffer,
    code: string,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): void {
    if (this.done) return;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    if (!this.res.destroyed) {
      this.res.writeHead(status, {
        ...extraHeaders,
        'Content-Type': contentType,
        'Content-Length': bytes.length,
        'X-TC-RequestId': this.requestId,
      });
      this.res.end(bytes);
    }
    this.record(code, status);
  }

  /** Destroys the connection without an answer (a TCP reset where the platform supports it). */
  reset(code: string): void {
    if (this.done) return;
    const socket = this.req.socket;
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
    this.record(code, 0);
  }

  /** Never answers; the connection is dropped when the simulator closes. */
  hang(code: string): void {
    if (this.done) return;
    this.record(code, 0);
  }

  private record(code: string, status: number): void {
    this.done = true;
    this.runtime.counter.record(this.account, this.action, code);
    this.runtime.log?.({
      event: 'request',
      account: this.account,
      action: this.action,
      code,
      status,
      ms: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
      requestId: this.requestId,
    });
  }
}
