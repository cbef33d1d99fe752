import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFileError, readSmallFile, readSmallFileSync } from '../../src/util/bounded-file.js';
import { fifoWithWatchdog } from '../helpers/fifo.js';

const dir = mkdtempSync(join(tmpdir(), 'bounded-file-'));
let releaseFifo: () => void;
beforeAll(() => {
  releaseFifo = fifoWithWatchdog(join(dir, 'fifo'), 20);
  writeFileSync(join(dir, 'small'), 'hello\n');
  writeFileSync(join(dir, 'limit'), 'k'.repeat(1024));
  writeFileSync(join(dir, 'large'), '');
  // Sparse: a gigabyte on paper, nothing on disk, and never read into memory.
  truncateSync(join(dir, 'large'), 1024 ** 3);
});
afterAll(() => {
  releaseFifo();
  rmSync(dir, { recursive: true, force: true });
});

/** Both readers, the same answers: the text, or the phrase describing the refusal. */
const readers: [string, (path: string, maxBytes: number) => Promise<string>][] = [
  ['readSmallFile', (path, maxBytes) => readSmallFile(path, { maxBytes })],
  ['readSmallFileSync', async (path, maxBytes) => readSmallFileSync(path, maxBytes)],
];

describe.each(readers)('%s', (_name, read) => {
  const outcome = (path: string, maxBytes = 1024) =>
    read(path, maxBytes).then(
      (text) => ({ text }),
      (error: unknown) => ({ error: describeFileError(error, path) }),
    );

  test('reads a regular file up to and including the cap', async () => {
    expect(await outcome(join(dir, 'small'))).toEqual({ text: 'hello\n' });
    expect(await outcome(join(dir, 'limit'))).toEqual({ text: 'k'.repeat(1024) });
  });

  test.each([
    ['a FIFO without a writer', 'fifo', 'not a regular file: "DIR/fifo" is a FIFO'],
    ['a directory', '', 'not a regular file: "DIR" is a directory'],
    ['a file over the cap', 'large', 'larger than 1 KiB: "DIR/large"'],
    ['a missing file', 'absent', 'cannot read "DIR/absent" (ENOENT)'],
  ])('refuses %s at once', async (_what, name, error) => {
    const started = performance.now();
    expect(await outcome(join(dir, name))).toEqual({ error: error.replace('DIR', dir) });
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  test('refuses a device such as /dev/zero, which never ends', async () => {
    expect(await outcome('/dev/zero')).toEqual({ error: 'not a regular file: "/dev/zero" is a device' });
  });
});
