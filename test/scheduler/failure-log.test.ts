/**
 * One account that keeps failing must not drown the log: a warning when its failure starts or
 * changes, then at most one per interval with the rounds failed since the previous line, and one
 * info line when it recovers; debug still shows every round. Driven by an injected clock, so 50
 * rounds take no time.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger.js';
import { FailureLog } from '../../src/scheduler/failure-log.js';

interface Line {
  level: string;
  msg: string;
  collector?: string;
  account?: string;
  code?: string;
  previous_code?: string;
  failed_rounds?: number;
}

function setup(level: 'info' | 'debug', repeatIntervalMs: number) {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      cb();
    },
  });
  let clock = 1_700_000_000_000;
  const log = createLogger({ level, format: 'json', destination });
  const failures = new FailureLog({ log, repeatIntervalMs, now: () => clock });
  const advance = (ms: number) => {
    clock += ms;
  };
  // pino writes synchronously to a plain Writable: lines are there as soon as the call returns.
  return { lines, failures, advance };
}

const ROUND_MS = 5_000;
const INTERVAL_MS = 60_000;

test('50 failing rounds give a bounded number of warnings, and recovery one info line', () => {
  const { lines, failures, advance } = setup('info', INTERVAL_MS);
  for (let round = 0; round < 50; round++) {
    failures.failed('cwp_scan_state', 'legacy', 'AuthFailure.SignatureFailure', 'signature mismatch');
    advance(ROUND_MS);
  }
  const warnings = lines.filter((l) => l.level === 'warn');
  // 50 rounds over 245 s: the first failure, then one line per started 60 s.
  expect(warnings).toHaveLength(1 + Math.floor((49 * ROUND_MS) / INTERVAL_MS));
  expect(warnings.length).toBeLessThanOrEqual(5);
  expect(warnings.every((w) => w.msg === 'collection failed' && w.account === 'legacy')).toBe(true);
  expect(warnings[0]).not.toHaveProperty('failed_rounds');
  // Each repeat says how many rounds failed since the previous line: 12 rounds of 5 s per minute.
  expect(warnings.slice(1).map((w) => w.failed_rounds)).toEqual([12, 12, 12, 12]);

  lines.length = 0;
  failures.succeeded('cwp_scan_state', 'legacy');
  failures.succeeded('cwp_scan_state', 'legacy');
  expect(lines).toEqual([
    expect.objectContaining({
      level: 'info',
      msg: 'collection recovered',
      collector: 'cwp_scan_state',
      account: 'legacy',
      failed_rounds: 50,
    }),
  ]);
});

test('at debug level every failed round still has a line', () => {
  const { lines, failures, advance } = setup('debug', INTERVAL_MS);
  for (let round = 0; round < 50; round++) {
    failures.failed('tcss_image_scan', 'legacy', 'Timeout', 'timed out');
    advance(ROUND_MS);
  }
  const failed = lines.filter((l) => l.msg === 'collection failed');
  expect(failed).toHaveLength(50);
  expect(failed.filter((l) => l.level === 'warn')).toHaveLength(5);
});

test('a different error code is a new state: warned at once, naming the previous code', () => {
  const { lines, failures, advance } = setup('info', INTERVAL_MS);
  failures.failed('tcss_image_scan', 'a', 'Timeout', 'slow');
  advance(ROUND_MS);
  failures.failed('tcss_image_scan', 'a', 'Timeout', 'slow');
  advance(ROUND_MS);
  failures.failed('tcss_image_scan', 'a', 'AuthFailure.SecretIdNotFound', 'no such key');
  expect(lines.map((l) => [l.level, l.code, l.previous_code])).toEqual([
    ['warn', 'Timeout', undefined],
    ['warn', 'AuthFailure.SecretIdNotFound', 'Timeout'],
  ]);
});

test('accounts and collectors are limited separately, and an interval of 0 logs every round', () => {
  const { lines, failures } = setup('info', 0);
  for (let round = 0; round < 3; round++) {
    failures.failed('tcss_image_scan', 'a', 'Timeout', 'slow');
    failures.failed('cwp_scan_state', 'a', 'Timeout', 'slow');
    failures.failed('tcss_image_scan', 'b', 'Timeout', 'slow');
  }
  expect(lines.filter((l) => l.level === 'warn')).toHaveLength(9);
});

test('a removed account is forgotten: no recovery line for it, a fresh warning if it returns', () => {
  const { lines, failures } = setup('info', INTERVAL_MS);
  failures.failed('tcss_image_scan', 'gone', 'Timeout', 'slow');
  failures.failed('tcss_image_scan', 'kept', 'Timeout', 'slow');
  failures.retainAccounts(new Set(['kept']));
  failures.succeeded('tcss_image_scan', 'gone');
  failures.failed('tcss_image_scan', 'kept', 'Timeout', 'slow');
  failures.failed('tcss_image_scan', 'gone', 'Timeout', 'slow');
  expect(lines.map((l) => [l.level, l.account])).toEqual([
    ['warn', 'gone'],
    ['warn', 'kept'],
    ['warn', 'gone'],
  ]);
});
