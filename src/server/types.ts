/** What the HTTP layer needs from the rest of the exporter; main provides it. */

export interface MetricsBody {
  /** Written in order. */
  readonly chunks: readonly Buffer[];
  readonly length: number;
  readonly contentType: string;
  readonly gzipped: boolean;
}

export interface ScanView {
  readonly product: string;
  readonly scan: string;
  readonly strategyId?: string;
  readonly state?: string;
  /** 0..1 */
  readonly progress?: number;
  readonly risks?: number;
  readonly remainingSeconds?: number;
  readonly endTimestamp?: number;
}

export interface CollectorView {
  readonly collector: string;
  readonly ok: boolean;
  readonly lastAttempt: Date;
  readonly lastSuccess?: Date;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: Date };
}

export interface AccountView {
  readonly account: string;
  readonly collectors: readonly CollectorView[];
  readonly scans: readonly ScanView[];
}

export interface LandingView {
  readonly version: string;
  readonly telemetryPath: string;
  readonly ready: boolean;
  readonly accounts: readonly AccountView[];
}

export interface ExporterHandle {
  ready(): boolean;
  metrics(accept: string | undefined, acceptEncoding: string | undefined): Promise<MetricsBody>;
  landing(): LandingView;
  /** Re-reads the config; resolves to an error message when the new one is rejected. */
  reload?(): Promise<string | undefined>;
}
