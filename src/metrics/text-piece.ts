import { type DeflatedPiece, deflatePiece } from './gzip-concat.js';

/**
 * Exposition text that is served many times between changes: encoded and compressed at most
 * once, on first use.
 */
export class TextPiece {
  private encoded: Buffer | undefined;
  private compressed: DeflatedPiece | undefined;

  constructor(readonly text: string) {}

  bytes(): Buffer {
    this.encoded ??= Buffer.from(this.text);
    return this.encoded;
  }

  /** A sync-flushed raw deflate piece, to be placed inside a gzip member (gzip-concat.ts). */
  deflated(): DeflatedPiece {
    this.compressed ??= deflatePiece(this.bytes());
    return this.compressed;
  }
}
