import { Registry } from 'prom-client';
import { deflatePiece, gzipPieces } from './gzip-concat.js';
import type { SelfMetrics } from './self-metrics.js';
import type { SeriesStore } from './series-store.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface RenderedMetrics {
  readonly body: Buffer;
  readonly contentType: string;
  readonly gzipped: boolean;
}

const EOF_LINE = '# EOF\n';
const EOF_PIECE = deflatePiece(EOF_LINE);
const EOF_BYTES = Buffer.from(EOF_LINE);

/** OpenMetrics only when the scraper asks for it, as Prometheus does with `Accept`. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Self-metrics (process metrics stay live, so they are rendered per scrape) followed by the scan
 * families, whose text the store renders and compresses once per round. With gzip, the body is a
 * single gzip member assembled from those pieces (see gzip-concat.ts): only the self-metrics are
 * compressed per scrape.
 */
export async function renderMetrics(
  self: SelfMetrics,
  store: SeriesStore,
  format: ExpositionFormat,
  gzip: boolean,
): Promise<RenderedMetrics> {
  const registry = format === 'openmetrics' ? self.openMetrics : self.prometheus;
  let selfText = await registry.metrics();
  if (format === 'openmetrics' && selfText.endsWith(EOF_LINE)) selfText = selfText.slice(0, -EOF_LINE.length);
  if (selfText !== '' && !selfText.endsWith('\n')) selfText += '\n';
  const contentType =
    format === 'openmetrics' ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
  if (gzip) {
    const pieces = [deflatePiece(selfText), store.deflated()];
    if (format === 'openmetrics') pieces.push(EOF_PIECE);
    return { body: gzipPieces(pieces), contentType, gzipped: true };
  }
  const parts = [Buffer.from(selfText), store.bytes()];
  if (format === 'openmetrics') parts.push(EOF_BYTES);
  return { body: Buffer.concat(parts), contentType, gzipped: false };
}
