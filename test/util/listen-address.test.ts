import { describe, expect, test } from '@jest/globals';
import { parseListenAddress } from '../../src/util/listen-address.js';

describe('parseListenAddress', () => {
  test.each([
    [':9496', { port: 9496 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['127.0.0.1:65535', { host: '127.0.0.1', port: 65535 }],
    ['[::1]:9496', { host: '::1', port: 9496 }],
    ['[::]:80', { host: '::', port: 80 }],
    ['exporter.example.com:9496', { host: 'exporter.example.com', port: 9496 }],
    ['localhost.:1', { host: 'localhost.', port: 1 }],
  ])('%s binds %j', (value, expected) => {
    expect(parseListenAddress(value)).toEqual(expected);
  });

  test.each([
    ['9496', 'must be [host]:port'],
    ['::1:9496', 'IPv6 host in brackets'],
    ['[::1:9496', 'closing ]'],
    ['[::1]9496', 'must be [host]:port'],
    ['[127.0.0.1]:80', 'IPv6 address in brackets'],
    ['bad_host:80', 'invalid host'],
    [':65536', 'port from 0 to 65535'],
    [':', 'port from 0 to 65535'],
    [':-1', 'port from 0 to 65535'],
    [':123456', 'port from 0 to 65535'],
    ['127.0.0.1: 80', 'port from 0 to 65535'],
  ])('%s is refused: %s', (value, why) => {
    const parsed = parseListenAddress(value);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toContain(why);
  });
});
