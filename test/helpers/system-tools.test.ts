import { checkTool, SKIP_ENV } from './system-tools.js';

const absent = { command: 'no-such-tool-for-tests', probe: ['--version'], pkg: 'no-such-package' };
const present = { command: process.execPath, probe: ['--version'], pkg: 'nodejs' };

describe('checkTool', () => {
  test('an installed tool gives its command', () => {
    expect(checkTool('node', present, 'these tests', {})).toBe(process.execPath);
  });

  test('a missing tool fails with the exact install command', () => {
    expect(() => checkTool('thing', absent, 'the thing tests', {})).toThrow(
      'thing is not installed, and the thing tests need it. Install it with: sudo apt-get install -y --no-install-recommends no-such-package',
    );
  });

  test('only the explicit opt-out skips, and then says what it skipped', () => {
    const lines: string[] = [];
    expect(() =>
      checkTool('thing', absent, 'the thing tests', { [SKIP_ENV]: 'yes' }, (l) => lines.push(l)),
    ).toThrow();
    expect(
      checkTool('thing', absent, 'the thing tests', { [SKIP_ENV]: '1' }, (l) => lines.push(l)),
    ).toBeUndefined();
    expect(lines).toEqual([
      `SKIPPED (${SKIP_ENV}=1): the thing tests, because thing is not installed (sudo apt-get install -y --no-install-recommends no-such-package)\n`,
    ]);
  });
});
