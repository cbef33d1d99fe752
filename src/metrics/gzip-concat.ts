import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * One gzip member (RFC 1952) built from independently compressed pieces. Browsers decode only
 * the first member of a multi-member gzip, so pieces cannot simply be gzipped and appended; but
 * raw deflate data flushed with Z_SYNC_FLUSH ends on a byte boundary without a final block, so
 * such pieces can follow each other inside one member. That lets the large, rarely changing scan
 * text be compressed once per round while the small self-metrics are compressed per scrape.
 * CRC-32 is computed as a running value, so the first piece's cached CRC is reused and only the
 * pieces after it are hashed again.
 */

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty fixed-Huffman block with BFINAL set: the end of the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export interface DeflatedPiece {
  readonly text: Buffer;
  readonly deflated: Buffer;
  /** CRC-32 of `text` alone. */
  readonly crc: number;
}

export function deflatePiece(text: string | Buffer): DeflatedPiece {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    text: bytes,
    deflated: deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }),
    crc: crcOf(bytes, 0),
  };
}

/** The chunks of one gzip member holding the pieces' texts in order (write them in order). */
export function gzipPieces(pieces: readonly DeflatedPiece[]): Buffer[] {
  let crc = 0;
  let length = 0;
  pieces.forEach((piece, i) => {
    crc = i === 0 ? piece.crc : crcOf(piece.text, crc);
    length += piece.text.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 0x1_0000_0000, 4);
  return [HEADER, ...pieces.map((p) => p.deflated), FINAL_BLOCK, trailer];
}

function crcOf(bytes: Buffer, running: number): number {
  // Node 20's crc32 returns 0, not the running value, for an empty buffer without backing memory.
  return bytes.length === 0 ? running : crc32(bytes, running);
}
