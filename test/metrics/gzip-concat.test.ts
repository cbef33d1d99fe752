import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { deflatePiece, gzipPieces } from '../../src/metrics/gzip-concat.js';

describe('gzipPieces', () => {
  test.each([
    ['one piece', ['hello\n']],
    ['several pieces', ['# HELP a\n', 'a 1\n'.repeat(1000), '# EOF\n']],
    ['empty pieces', ['', 'x', '']],
    ['no pieces', []],
  ])('%s decode to the concatenated text as ONE gzip member', (_name, texts) => {
    const body = Buffer.concat(gzipPieces(texts.map((t) => deflatePiece(t))));
    expect(gunzipSync(body).toString()).toBe(texts.join(''));
    // A single member: zlib stops after the first member when multi-member decoding is off.
    expect(gunzipSync(body, { finishFlush: 0 }).toString()).toBe(texts.join(''));
  });

  test('binary and random content round-trips', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 6 }), (chunks) => {
        const buffers = chunks.map((c) => Buffer.from(c));
        const body = Buffer.concat(gzipPieces(buffers.map((b) => deflatePiece(b))));
        expect(gunzipSync(body).equals(Buffer.concat(buffers))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('a large incompressible piece', () => {
    const big = randomBytes(300_000);
    expect(
      gunzipSync(Buffer.concat(gzipPieces([deflatePiece('a'), deflatePiece(big)])))
        .subarray(1)
        .equals(big),
    ).toBe(true);
  });
});
