/**
 * The admin API, for processes that share one simulator (e.g. an exporter under test):
 *   PUT    /_simulator/faults/<account>   body: FaultRule JSON
 *   DELETE /_simulator/faults/<account>
 *   GET    /_simulator/stats
 *   DELETE /_simulator/stats              resets the counters
 *   POST   /_simulator/accounts           body: SimulatorAccount JSON
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAccount, parseFaultRule } from './schemas.js';
import type { Simulator } from './types.js';

export const ADMIN_PREFIX = '/_simulator/';

type AdminTarget = Pick<Simulator, 'setFault' | 'addAccount' | 'stats' | 'resetStats'>;

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('the body is not valid JSON');
  }
}

interface AdminReply {
  readonly status: number;
  readonly body?: unknown;
}

function route(target: AdminTarget, method: string, path: string, body: Buffer): AdminReply {
  const name = path.slice(ADMIN_PREFIX.length);
  if (name.startsWith('faults/') && name.length > 'faults/'.length) {
    const account = decodeURIComponent(name.slice('faults/'.length));
    if (method === 'PUT' || method === 'POST') {
      target.setFault(account, parseFaultRule(parseJson(body)));
      return { status: 204 };
    }
    if (method === 'DELETE') {
      target.setFault(account, null);
      return { status: 204 };
    }
  } else if (name === 'stats') {
    if (method === 'GET') return { status: 200, body: target.stats() };
    if (method === 'DELETE') {
      target.resetStats();
      return { status: 204 };
    }
  } else if (name === 'accounts') {
    if (method === 'POST') {
      target.addAccount(parseAccount(parseJson(body)));
      return { status: 204 };
    }
  } else {
    return { status: 404, body: { error: `no admin route ${path}` } };
  }
  return { status: 405, body: { error: `${method} is not allowed on ${path}` } };
}

export function handleAdmin(
  target: AdminTarget,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
): void {
  let result: AdminReply;
  try {
    result = route(target, req.method ?? 'GET', path, body);
  } catch (error) {
    result = { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
  reply(res, result.status, result.body);
}
