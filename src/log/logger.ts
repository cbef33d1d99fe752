import { type Logger, pino } from 'pino';
import { logfmtDestination } from './logfmt.js';

export type { Logger };

/**
 * Keys whose values are never logged, wherever they appear in a log record (credentials in
 * configs, options objects, error contexts).
 */
export const REDACTED_KEYS = [
  'secretKey',
  'secret_key',
  'SecretKey',
  'TmpSecretKey',
  'token',
  'Token',
  'sessionToken',
  'session_token',
  'authorization',
  'Authorization',
  'password',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly format: 'json' | 'logfmt';
  /** Defaults to stdout. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const out = options.destination ?? process.stdout;
  const pinoOptions = {
    level: options.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
  };
  if (options.format === 'logfmt') return pino(pinoOptions, logfmtDestination(out));
  return pino(pinoOptions, out as unknown as pino.DestinationStream);
}
