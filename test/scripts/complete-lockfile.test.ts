import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs script without types
import { missingOptionalEntries, platformOf } from '../../scripts/complete-lockfile.mjs';

describe('package-lock.json', () => {
  test('has an entry for every per-platform optional package, so npm ci accepts it', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
    // If this fails after `npm install`: run `node scripts/complete-lockfile.mjs`.
    expect(missingOptionalEntries(lock)).toEqual([]);
  });

  test.each([
    ['@biomejs/cli-darwin-arm64', { os: 'darwin', cpu: 'arm64' }],
    ['@biomejs/cli-linux-x64-musl', { os: 'linux', cpu: 'x64', libc: 'musl' }],
    ['@unrs/resolver-binding-linux-arm-gnueabihf', { os: 'linux', cpu: 'arm', libc: 'glibc' }],
    ['@unrs/resolver-binding-win32-ia32-msvc', { os: 'win32', cpu: 'ia32' }],
  ])('reads the platform of %s', (name, expected) => {
    expect(platformOf(name)).toEqual({ libc: undefined, ...expected });
  });
});
