/** What the last rounds of one collector for one account did; shown on the landing page. */
export interface RoundStatus {
  /** The collector's name (`collector` label). */
  readonly collector: string;
  readonly account: string;
  readonly ok: boolean;
  readonly lastAttempt: Date;
  readonly durationSeconds: number;
  readonly lastSuccess?: Date;
  /** Error code label (`AuthFailure.SignatureFailure`, `Timeout`, ...) and message; never secrets. */
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: Date };
}
