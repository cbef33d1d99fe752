import { Registry } from 'prom-client';
import { deflatePiece, gzipPieces } from './gzip-concat.js';
import type { SelfMetrics } from './self-metrics.js';
import type { SeriesStore } from './series-store.js';
import type { TextPiece } from './text-piece.js';

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
 * The scan families first, then the exporter's own metrics, then the process metrics, then
 * OpenMetrics' `# EOF`. The first two are rendered, encoded and compressed only when they change.
 * The assembled body is reused while neither changed and its process section is younger than
 * `processMaxAgeMs` (1 s): concurrent scrapers (an HA pair, a dashboard, a curl) share one render,
 * and a process metric is at most that old. With gzip the body is a single gzip member assembled
 * from the pieces (gzip-concat.ts), the scan piece first so that its checksum is reused.
 */
export class MetricsRenderer {
  private readonly last = new Map<
    string,
    { scan: TextPiece; exporter: TextPiece; at: number; result: RenderedMetrics }
  >();

  constructor(
    private readonly self: SelfMetrics,
    private readonly store: SeriesStore,
    private readonly processMaxAgeMs = 1_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async render(format: ExpositionFormat, gzip: boolean): Promise<RenderedMetrics> {
    const key = `${format}/${gzip}`;
    const exporter = await this.self.exporterPiece(format);
    const scan = this.store.piece();
    const last = this.last.get(key);
    const now = this.now();
    if (last && last.scan === scan && last.exporter === exporter && now - last.at < this.processMaxAgeMs) {
      return last.result;
    }
    // A body kept for a format nobody scrapes any more would hold on to an old copy of the text.
    for (const [k, kept] of this.last)
      if (kept.scan !== scan || kept.exporter !== exporter) this.last.delete(k);
    const process = await this.self.processText(format);
    const contentType =
      format === 'openmetrics' ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
    const eof = format === 'openmetrics';
    const chunks = gzip
      ? gzipPieces([scan.deflated(), exporter.deflated(), deflatePiece(process), ...(eof ? [EOF_PIECE] : [])])
      : [scan.bytes(), exporter.bytes(), Buffer.from(process), ...(eof ? [EOF_BYTES] : [])];
    const result = { chunks, length: chunks.reduce((n, c) => n + c.length, 0), contentType, gzipped: gzip };
    this.last.set(key, { scan, exporter, at: now, result });
    return result;
  }
}

/** One render without reuse (tests, one-off output). */
export function renderMetrics(
  self: SelfMetrics,
  store: SeriesStore,
  format: ExpositionFormat,
  gzip: boolean,
): Promise<RenderedMetrics> {
  return new MetricsRenderer(self, store, 0).render(format, gzip);
}
