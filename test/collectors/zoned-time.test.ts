import { parseZonedTime } from '../../src/collectors/zoned-time.js';

describe('parseZonedTime', () => {
  test.each([
    ['2024-08-27 11:40:29', 'Asia/Shanghai', Date.UTC(2024, 7, 27, 3, 40, 29) / 1000],
    ['2024-08-27 11:40:29', 'UTC', Date.UTC(2024, 7, 27, 11, 40, 29) / 1000],
    ['2024-01-01 00:00:00', 'Asia/Shanghai', Date.UTC(2023, 11, 31, 16, 0, 0) / 1000],
    // New York: EST (UTC-5) in January, EDT (UTC-4) in July.
    ['2024-01-15 12:00:00', 'America/New_York', Date.UTC(2024, 0, 15, 17, 0, 0) / 1000],
    ['2024-07-15 12:00:00', 'America/New_York', Date.UTC(2024, 6, 15, 16, 0, 0) / 1000],
  ])('%s in %s', (text, zone, expected) => {
    expect(parseZonedTime(text, zone)).toBe(expected);
  });

  test.each([
    'xx',
    '',
    '0000-00-00 00:00:00',
    '2024-02-30 00:00:00',
    '2024-08-27T11:40:29',
    '2024-08-27 25:00:00',
    ' 2024-08-27 11:40:29',
  ])('rejects %j', (text) => {
    expect(parseZonedTime(text, 'Asia/Shanghai')).toBeUndefined();
  });
});
