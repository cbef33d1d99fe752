import { DEFAULT_LISTEN_ADDRESS } from '../../src/config/types.js';

test('default listen address is a fixed port', () => {
  expect(DEFAULT_LISTEN_ADDRESS).toBe(':9496');
});
