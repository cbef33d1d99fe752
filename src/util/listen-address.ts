import { isIPv4, isIPv6 } from 'node:net';

const HOST_NAME =
  /^(?=.{1,253}\.?$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

export type ListenAddress = { readonly host?: string; readonly port: number };

/**
 * `[host]:port` as Prometheus exporters take it: empty host (every interface), IPv4, `[IPv6]` or a
 * name; port 0..65535. One parser for the flag check and the server, so that what the check
 * accepts is what the server binds. Returns what is wrong, worded to follow the quoted value.
 */
export function parseListenAddress(value: string): ListenAddress | { readonly problem: string } {
  let host: string;
  let port: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return { problem: 'is missing the closing ] of the IPv6 address' };
    if (value[end + 1] !== ':') return { problem: 'must be [host]:port' };
    host = value.slice(1, end);
    if (!isIPv6(host)) return { problem: 'does not hold an IPv6 address in brackets' };
    port = value.slice(end + 2);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) return { problem: 'must be [host]:port, e.g. :9496 or 127.0.0.1:9496' };
    host = value.slice(0, colon);
    if (host.includes(':')) return { problem: 'must write an IPv6 host in brackets, e.g. [::1]:9496' };
    if (host !== '' && !isIPv4(host) && !HOST_NAME.test(host)) return { problem: 'has an invalid host' };
    port = value.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    return { problem: 'must end in a port from 0 to 65535' };
  return host === '' ? { port: Number(port) } : { host, port: Number(port) };
}
