import { type Dispatcher, Pool } from 'undici';
import {
  type ErrorContext,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
  type TimeoutPhase,
} from './errors.js';
import type { TimeoutOptions } from './types.js';

export const DEFAULT_TIMEOUTS: TimeoutOptions = { connectMs: 5_000, headersMs: 15_000, bodyMs: 15_000 };
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

interface PoolEntry {
  readonly pool: Pool;
  readonly dispatcher: Dispatcher;
  refs: number;
}

/** Request option carrying the callback run when the request is written to its socket. */
const ON_SENT = Symbol('onSent');

/**
 * undici calls `onRequestStart` right before writing the request to a connected socket; that is
 * the moment the rate limiter should count, not the (earlier) moment the request was queued.
 */
const sentInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const onSent = (opts as { [ON_SENT]?: () => void })[ON_SENT];
  if (!onSent) return dispatch(opts, handler);
  return dispatch(opts, {
    onRequestStart: (controller, context) => {
      onSent();
      handler.onRequestStart?.(controller, context);
    },
    onRequestUpgrade: (controller, status, headers, socket) =>
      handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller, status, headers, message) =>
      handler.onResponseStart?.(controller, status, headers, message),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  });
};

/**
 * One keep-alive pool per origin (and connect timeout, a pool-level setting), shared by every
 * client that talks to that origin, so that accounts on the same endpoint reuse connections.
 */
const pools = new Map<string, PoolEntry>();

export interface PoolLease {
  /** The shared pool, with the send-time hook. */
  readonly dispatcher: Dispatcher;
  /** Gives the lease back; the pool is closed when nobody holds it any more. */
  release(): Promise<void>;
}

export function acquirePool(origin: string, connectMs: number): PoolLease {
  const key = `${origin}|${connectMs}`;
  let entry = pools.get(key);
  if (!entry) {
    const pool = new Pool(origin, { connect: { timeout: connectMs }, keepAliveTimeout: 4_000 });
    entry = { pool, dispatcher: pool.compose(sentInterceptor), refs: 0 };
    pools.set(key, entry);
  }
  const held = entry;
  held.refs += 1;
  let released = false;
  return {
    dispatcher: held.dispatcher,
    async release() {
      if (released) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0 || pools.get(key) !== held) return;
      pools.delete(key);
      await held.pool.close();
    },
  };
}

/** Number of live pools; for tests and diagnostics. */
export function openPoolCount(): number {
  return pools.size;
}

/** Closes every pool, letting in-flight requests finish; for process shutdown. */
export async function closeAllPools(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  await Promise.all(entries.map((entry) => entry.pool.close()));
}

export interface HttpRequest {
  readonly dispatcher: Dispatcher;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly timeouts: TimeoutOptions;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
  readonly context: ErrorContext;
  /** Called when the request is written to the socket. */
  readonly onSent?: () => void;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: Buffer;
  /** The `Retry-After` header, when present. */
  readonly retryAfter?: string;
}

/**
 * POSTs once and reads the whole (size-capped) body. Transport failures become NetworkError /
 * TimeoutError / InvalidResponseError; an abort by the caller rethrows the signal's reason.
 */
export async function post(request: HttpRequest): Promise<HttpResponse> {
  const { context, timeouts, signal } = request;
  try {
    const options: Dispatcher.RequestOptions & { [ON_SENT]?: () => void } = {
      method: 'POST',
      path: request.path,
      headers: request.headers,
      body: request.body,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      ...(signal ? { signal } : {}),
    };
    if (request.onSent) options[ON_SENT] = request.onSent;
    const response = await request.dispatcher.request(options);
    // Destroying the body below emits an abort error nobody else would listen to.
    response.body.on('error', () => {});
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > request.maxResponseBytes) {
      response.body.destroy();
      throw tooLarge(context, request.maxResponseBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > request.maxResponseBytes) {
        // Stop reading: the rest could be arbitrarily large.
        response.body.destroy();
        throw tooLarge(context, request.maxResponseBytes);
      }
      chunks.push(chunk as Buffer);
    }
    const retryAfter = response.headers['retry-after'];
    const body = Buffer.concat(chunks, size);
    return typeof retryAfter === 'string'
      ? { status: response.statusCode, body, retryAfter }
      : { status: response.statusCode, body };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw mapTransportError(error, context, timeouts);
  }
}

function tooLarge(context: ErrorContext, limit: number): InvalidResponseError {
  return new InvalidResponseError(context, 'too_large', `limit ${limit} bytes`);
}

const TIMEOUT_PHASES: Record<string, TimeoutPhase> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps undici / node socket errors onto the client's error classes. */
export function mapTransportError(error: unknown, context: ErrorContext, timeouts: TimeoutOptions): Error {
  if (error instanceof InvalidResponseError) return error;
  const code = errorCode(error);
  const phase = code ? TIMEOUT_PHASES[code] : undefined;
  if (phase) {
    const ms =
      phase === 'connect' ? timeouts.connectMs : phase === 'headers' ? timeouts.headersMs : timeouts.bodyMs;
    return new TimeoutError(context, phase, ms);
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return new InvalidResponseError(context, 'truncated', 'body shorter than Content-Length');
  }
  // undici wraps the socket's own error (ECONNRESET, …) as the cause of UND_ERR_SOCKET.
  const causeCode = errorCode((error as { cause?: unknown } | undefined)?.cause) ?? code ?? 'UNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError(context, causeCode, message);
}
