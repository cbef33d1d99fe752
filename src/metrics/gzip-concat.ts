import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * One gzip member (RFC 1952) built from independently compressed pieces. Browsers decode only
 * the first member of a multi-member gzip, so pieces cannot simply be gzipped and appended; but
 * raw deflate data flushed with Z_SYNC_FLUSH ends on a byte boundary without a final block, so
 * such pieces can follow each other inside one member. That lets the large, rarely changing scan
 * text be compressed once per round while the small self-metrics are compressed per scrape.
 */

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty fixed-Huffman block with BFINAL set: the end of the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export interface DeflatedPiece {
  readonly text: Buffer;
  readonly deflated: Buffer;
}

export function deflatePiece(text: string | Buffer): DeflatedPiece {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { text: bytes, deflated: deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) };
}

export function gzipPieces(pieces: readonly DeflatedPiece[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const piece of pieces) {
    // Node 20's crc32 returns 0, not the running value, for an empty buffer without backing memory.
    if (piece.text.length === 0) continue;
    crc = crc32(piece.text, crc);
    length += piece.text.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 0x1_0000_0000, 4);
  return Buffer.concat([HEADER, ...pieces.map((p) => p.deflated), FINAL_BLOCK, trailer]);
}
