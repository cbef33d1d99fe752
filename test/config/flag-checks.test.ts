import { ConfigError } from '../../src/config/errors.js';
import { checkListenAddress, checkTelemetryPath, ordinalFromHostname } from '../../src/config/flag-checks.js';

describe('checkListenAddress', () => {
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
    expect(checkListenAddress('--web.listen-address', address)).toBe(address);
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
    expect(() => checkListenAddress('--web.listen-address', address)).toThrow(
      new ConfigError({ keyPath: '--web.listen-address', detail: `${JSON.stringify(address)} ${why}` }),
    );
  });
});

describe('checkTelemetryPath', () => {
  test.each(['/metrics', '/a/b', '/metrics/'])('accepts %s', (path) => {
    expect(checkTelemetryPath('--web.telemetry-path', path)).toBe(path);
  });
  test.each(['metrics', '/', '/-/healthy', '/a b', '/m?x=1', '/m#x'])('rejects %s', (path) => {
    expect(() => checkTelemetryPath('--web.telemetry-path', path)).toThrow(ConfigError);
  });
});

describe('ordinalFromHostname', () => {
  test.each([
    ['exporter-0', 0],
    ['tencentcloud-scan-exporter-12', 12],
    ['a-b-3', 3],
  ])('%s -> %d', (hostname, ordinal) => {
    expect(ordinalFromHostname('--shard.index', hostname)).toBe(ordinal);
  });
  test.each([
    [undefined, 'is "hostname" but $HOSTNAME is not set'],
    ['', 'is "hostname" but $HOSTNAME is not set'],
    ['exporter', 'is "hostname" but $HOSTNAME "exporter" does not end in -N (a StatefulSet ordinal)'],
    ['exporter-x', 'is "hostname" but $HOSTNAME "exporter-x" does not end in -N (a StatefulSet ordinal)'],
  ])('%j is an error', (hostname, detail) => {
    expect(() => ordinalFromHostname('--shard.index', hostname)).toThrow(
      `invalid config: --shard.index: ${detail}`,
    );
  });
});
