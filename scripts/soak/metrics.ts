/** The few self-metrics the soak run reads, from the exporter's text exposition. */

export interface SoakReading {
  readonly rssBytes?: number;
  readonly heapUsedBytes?: number;
  readonly eventLoopLagSeconds?: number;
  /** api_requests_total with a code other than Success, summed. */
  readonly apiErrors: number;
  /** Collector/account pairs whose last round failed. */
  readonly failingRounds: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/;

export function readMetrics(text: string): SoakReading {
  let rssBytes: number | undefined;
  let eventLoopLagSeconds: number | undefined;
  let heapUsedBytes: number | undefined;
  let apiErrors = 0;
  let failingRounds = 0;
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name, labels = '', raw] = match;
    const value = Number(raw);
    if (name === 'process_resident_memory_bytes') rssBytes = value;
    else if (name === 'nodejs_eventloop_lag_seconds') eventLoopLagSeconds = value;
    else if (name === 'nodejs_heap_size_used_bytes') heapUsedBytes = value;
    else if (name === 'tencentcloud_scan_exporter_api_requests_total' && !labels.includes('code="Success"'))
      apiErrors += value;
    else if (name === 'tencentcloud_scan_exporter_collector_success' && value === 0) failingRounds++;
  }
  return { rssBytes, heapUsedBytes, eventLoopLagSeconds, apiErrors, failingRounds };
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
