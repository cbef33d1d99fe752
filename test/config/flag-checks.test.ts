import { ConfigError } from '../../src/config/errors.js';
import { parseFlags } from '../../src/config/flags.js';
import { loadConfig } from '../../src/config/load.js';
import { rejection } from './helpers.js';

describe('--web.listen-address', () => {
  test.each([
    ':9496',
    ':0',
    ':65535',
    '0.0.0.0:9496',
    '127.0.0.1:80',
    '[::1]:9496',
    '[::]:1',
    'localhost:9496',
    'exporter.monitoring.svc:9496',
    'my-host:1',
  ])('accepts %s', (address) => {
    expect(parseFlags([`--web.listen-address=${address}`]).listenAddress).toBe(address);
  });

  const bad: [string, string][] = [
    ['9496', 'must be [host]:port, e.g. :9496 or 127.0.0.1:9496'],
    [':65536', 'must end in a port from 0 to 65535'],
    [':-1', 'must end in a port from 0 to 65535'],
    [':', 'must end in a port from 0 to 65535'],
    [':http', 'must end in a port from 0 to 65535'],
    ['::1:9496', 'must write an IPv6 host in brackets, e.g. [::1]:9496'],
    ['[::1:9496', 'is missing the closing ] of the IPv6 address'],
    ['[::1]9496', 'must be [host]:port'],
    ['[nothost]:9496', 'does not hold an IPv6 address in brackets'],
    ['bad_host!:9496', 'has an invalid host'],
    ['-leading.dash:1', 'has an invalid host'],
  ];
  test.each(bad)('rejects %s', (address, why) => {
    expect(() => parseFlags([`--web.listen-address=${address}`])).toThrow(
      `invalid config: --web.listen-address: ${JSON.stringify(address)} ${why}`,
    );
  });
});

describe('--web.telemetry-path', () => {
  test.each(['/metrics', '/a/b', '/metrics/'])('accepts %s', (path) => {
    expect(parseFlags([`--web.telemetry-path=${path}`]).telemetryPath).toBe(path);
  });
  test.each(['metrics', '/', '/-/healthy', '/a b', '/m?x=1', '/m#x'])('rejects %s', (path) => {
    expect(() => parseFlags([`--web.telemetry-path=${path}`])).toThrow(ConfigError);
  });
});

describe('--shard.index=hostname', () => {
  test.each([
    ['exporter-0', 0],
    ['tencentcloud-scan-exporter-12', 12],
    ['a-b-3', 3],
  ])('%s -> %d', async (hostname, ordinal) => {
    const result = await loadConfig(['--shard.index=hostname', '--shard.count=20'], { HOSTNAME: hostname });
    expect(result.kind === 'config' && result.config.shard.index).toBe(ordinal);
  });
  test.each([
    [undefined, 'is "hostname" but $HOSTNAME is not set'],
    ['', 'is "hostname" but $HOSTNAME is not set'],
    ['exporter', 'is "hostname" but $HOSTNAME "exporter" does not end in -N (a StatefulSet ordinal)'],
    ['exporter-x', 'is "hostname" but $HOSTNAME "exporter-x" does not end in -N (a StatefulSet ordinal)'],
  ])('%j is an error', async (hostname, detail) => {
    const error = await rejection(loadConfig(['--shard.index=hostname'], { HOSTNAME: hostname }));
    expect(error.message).toBe(`invalid config: --shard.index: ${detail}`);
  });
});
