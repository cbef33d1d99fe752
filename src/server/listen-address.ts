/** `[host]:port` as in Prometheus exporters: `:9496`, `127.0.0.1:9496`, `[::1]:9496`. */
export function parseListenAddress(address: string): { host?: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`invalid listen address "${address}": expected [host]:port`);
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}
