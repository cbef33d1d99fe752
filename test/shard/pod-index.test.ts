import { ShardArgumentError } from '../../src/shard/errors.js';
import { parseShardIndex } from '../../src/shard/pod-index.js';

describe('parseShardIndex', () => {
  test.each([
    ['0', 0],
    ['7', 7],
    [' 3 ', 3],
    ['tencentcloud-scan-exporter-0', 0],
    ['tencentcloud-scan-exporter-12', 12],
    ['web-2-1', 1],
  ])('%p is shard %p', (value, expected) => {
    expect(parseShardIndex(value)).toBe(expected);
  });

  test.each(['', 'abc', '-1', '1.5', 'exporter-', 'exporter-x', '99999999999999999999'])(
    'rejects %p and names it',
    (value) => {
      expect(() => parseShardIndex(value)).toThrow(ShardArgumentError);
      expect(() => parseShardIndex(value)).toThrow(`"${value}"`);
    },
  );
});
