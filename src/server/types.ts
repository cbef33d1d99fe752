/** What the HTTP layer needs from the rest of the exporter; main provides it. */
import type { ScanSummary as ScanView } from '../metrics/scan-families.js';

export interface MetricsBody {
  /** Written in order. */
  readonly chunks: readonly Buffer[];
  readonly length: number;
  readonly contentType: string;
  readonly gzipped: boolean;
}

export type { ScanSummary as ScanView } from '../metrics/scan-families.js';

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
  /** From the summary collectors; absent when none of them is on or has answered. */
  readonly posture?: PostureView;
}

/** One account's security posture in a line: each part only when its summary answered. */
export interface PostureView {
  /** Findings of both products by severity (`critical`, `high`, `medium`, `low`). */
  readonly findings?: Readonly<Record<string, number>>;
  readonly unscannedImages?: number;
  /** Per product. */
  readonly hostsWithoutAgent?: Readonly<Record<string, number>>;
  readonly agentsOffline?: number;
  readonly agents?: number;
  /** 0..1 */
  readonly baselinePass?: number;
  /** Latest scan per product, unix seconds. */
  readonly latestScan?: Readonly<Record<string, number>>;
  readonly licencesExpiring?: number;
}

/** An account with a failing collector, for the summary at the top of the landing page. */
export interface FailingAccount {
  readonly account: string;
  /** The page of the landing page on which the account's section is. */
  readonly page: number;
  readonly failing: readonly CollectorView[];
}

export interface LandingSummary {
  readonly accounts: number;
  /** At least one collector's last round failed. */
  readonly failing: number;
  /** No round finished yet. */
  readonly pending: number;
  /** The first failing accounts (a bounded list; `failing` has the count). */
  readonly failingAccounts: readonly FailingAccount[];
}

export interface LandingView {
  readonly version: string;
  readonly telemetryPath: string;
  readonly ready: boolean;
  /** Times on the page are shown relative to this. */
  readonly now: Date;
  readonly summary: LandingSummary;
  /** 1-based; accounts are shown a page at a time, failing ones first. */
  readonly page: number;
  readonly pages: number;
  /** This page's accounts only. */
  readonly accounts: readonly AccountView[];
}

export interface ExporterHandle {
  ready(): boolean;
  metrics(accept: string | undefined, acceptEncoding: string | undefined): Promise<MetricsBody>;
  /** The landing page's content for `page` (1-based; out of range: the nearest page). */
  landing(page: number): LandingView;
  /** The runbook page (HTML), or undefined when this build ships none. */
  runbook?(): string | undefined;
  /** Re-reads the config; resolves to an error message when the new one is rejected. */
  reload?(): Promise<string | undefined>;
}
