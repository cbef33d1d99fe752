import { isIPv4, isIPv6 } from 'node:net';
import { configError } from './errors.js';

const HOST_NAME =
  /^(?=.{1,253}\.?$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

/** Shows a flag value in a message; flag values are never secret, but keep lines short. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/** `[host]:port` as Prometheus exporters take it: empty host, IPv4, `[IPv6]` or a name; port 0..65535. */
export function checkListenAddress(flag: string, value: string): string {
  const fail = (why: string) => configError(flag, `${quote(value)} ${why}`);
  let host: string;
  let port: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) throw fail('is missing the closing ] of the IPv6 address');
    host = value.slice(1, end);
    if (value[end + 1] !== ':') throw fail('must be [host]:port');
    port = value.slice(end + 2);
    if (!isIPv6(host)) throw fail('does not hold an IPv6 address in brackets');
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) throw fail('must be [host]:port, e.g. :9496 or 127.0.0.1:9496');
    host = value.slice(0, colon);
    port = value.slice(colon + 1);
    if (host.includes(':')) throw fail('must write an IPv6 host in brackets, e.g. [::1]:9496');
    if (host !== '' && !isIPv4(host) && !HOST_NAME.test(host)) throw fail('has an invalid host');
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw fail('must end in a port from 0 to 65535');
  return value;
}

/** The path Prometheus scrapes: absolute, not the landing page, and clear of the `/-/` health paths. */
export function checkTelemetryPath(flag: string, value: string): string {
  if (!value.startsWith('/')) throw configError(flag, `${quote(value)} must start with /`);
  if (value === '/') throw configError(flag, '"/" is the landing page; use a path such as /metrics');
  if (value.startsWith('/-/'))
    throw configError(flag, `${quote(value)} clashes with the /-/ health endpoints`);
  if (/[\s?#]/.test(value))
    throw configError(flag, `${quote(value)} must be a plain path without spaces, ? or #`);
  return value;
}

/** A non-negative integer written in decimal digits only. */
export function parseCount(flag: string, value: string, minimum: number): number {
  const parsed = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < minimum) {
    throw configError(flag, `${quote(value)} must be an integer >= ${minimum}`);
  }
  return parsed;
}

/** The StatefulSet ordinal of `$HOSTNAME` (`exporter-2` → 2). */
export function ordinalFromHostname(flag: string, hostname: string | undefined): number {
  if (hostname === undefined || hostname === '') {
    throw configError(flag, 'is "hostname" but $HOSTNAME is not set');
  }
  const match = /-(\d{1,15})$/.exec(hostname);
  if (!match) {
    throw configError(
      flag,
      `is "hostname" but $HOSTNAME ${quote(hostname)} does not end in -N (a StatefulSet ordinal)`,
    );
  }
  return Number(match[1]);
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A Prometheus-style duration (`90s`, `10m`, `1h30m`, `0`) in milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const fail = () => configError(flag, `${quote(value)} must be a duration such as 30s, 10m or 1h30m`);
  if (value === '0') return 0;
  if (!/^(\d{1,9}(ms|s|m|h|d))+$/.test(value)) throw fail();
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit!]!;
  }
  if (!Number.isSafeInteger(total)) throw fail();
  return total;
}

/** A shard index names one of the `count` shards. */
export function checkShard(index: number, count: number): void {
  if (index >= count)
    throw configError('--shard.index', `${index} must be less than --shard.count (${count})`);
}
