import { Registry } from 'prom-client';
import { deflatePiece, gzipPieces } from './gzip-concat.js';
import type { SelfMetrics } from './self-metrics.js';
import type { SeriesStore } from './series-store.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface RenderedMetrics {
  /** Written in order; never concatenated, so the cached scan bytes are not copied per scrape. */
  readonly chunks: readonly Buffer[];
  readonly length: number;
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
 * The scan families first, then the self-metrics, then OpenMetrics' `# EOF`. The store renders,
 * encodes and compresses the scan text once per round; per scrape only the self-metrics are
 * rendered (and compressed). With gzip the body is a single gzip member assembled from those
 * pieces (gzip-concat.ts), the scan piece first so that its checksum is reused.
 */
export async function renderMetrics(
  self: SelfMetrics,
  store: SeriesStore,
  format: ExpositionFormat,
  gzip: boolean,
): Promise<RenderedMetrics> {
  const selfText = await self.text(format);
  const contentType =
    format === 'openmetrics' ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
  const chunks = gzip
    ? gzipPieces([store.deflated(), deflatePiece(selfText), ...(format === 'openmetrics' ? [EOF_PIECE] : [])])
    : [store.bytes(), Buffer.from(selfText), ...(format === 'openmetrics' ? [EOF_BYTES] : [])];
  return { chunks, length: chunks.reduce((n, c) => n + c.length, 0), contentType, gzipped: gzip };
}
