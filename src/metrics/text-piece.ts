import { type DeflatedPiece, deflatePiece } from './gzip-concat.js';

/**
 * Exposition text that is served many times between changes. It is kept once, as UTF-8 bytes
 * (what a scrape writes); a string copy is only made for callers that ask for `text`. The
 * compressed form is made at most once, on first use.
 */
export class TextPiece {
  private compressed: DeflatedPiece | undefined;
  private readonly encoded: Buffer;

  constructor(text: string | Buffer) {
    this.encoded = typeof text === 'string' ? Buffer.from(text) : text;
  }

  /** Decoded on every call: for tests and one-off output, not for scrapes. */
  get text(): string {
    return this.encoded.toString('utf8');
  }

  bytes(): Buffer {
    return this.encoded;
  }

  /** A sync-flushed raw deflate piece, to be placed inside a gzip member (gzip-concat.ts). */
  deflated(): DeflatedPiece {
    this.compressed ??= deflatePiece(this.encoded);
    return this.compressed;
  }
}
