/** The shapes of scan samples and landing-page lines, shared by collectors, metrics and server. */

/**
 * One scan metric family: its name and HELP (every scan family is a gauge). The families are not
 * listed here: each collector declares the ones it emits, and the wiring hands their table to the
 * series store, so this layer knows nothing of collectors.
 */
export interface ScanFamily {
  readonly name: string;
  readonly help: string;
}

/** The `state` label values of `tencentcloud_scan_state`, in exposition order. */
export const SCAN_STATES = [
  'never_scanned',
  'pending',
  'scanning',
  'completed',
  'failed',
  'stopping',
  'stopped',
  'unknown',
] as const;
export type ScanStateName = (typeof SCAN_STATES)[number];

/**
 * One line of the landing page: where one scan of one account stands, folded from its samples by
 * the collector's definition and shown by the server.
 */
export interface ScanSummary {
  readonly product: string;
  readonly scan: string;
  /** What tells this row apart from others of the same scan (`strategy 3`, `container`). */
  readonly detail?: string;
  readonly state?: string;
  /** 0..1 */
  readonly progress?: number;
  readonly risks?: number;
  readonly remainingSeconds?: number;
  readonly endTimestamp?: number;
}

/** One sample of a scan metric; the labels include `account`, `product` and `scan`. */
export interface ScanSample {
  /** A family its collector declared (checked when the collector runs). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
