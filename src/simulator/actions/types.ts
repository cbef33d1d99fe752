import type { AccountRecord, AccountRegistry } from '../accounts.js';
import type { ScanTiming } from '../scan-model.js';

/** What handlers may read from the running simulator. */
export interface SimulatorState {
  readonly accounts: AccountRegistry;
  readonly timing: ScanTiming;
  readonly tempCredentialSeconds: number;
  readonly webIdentityToken?: string;
}

export interface ActionContext {
  /** The account the request is attributed to (the signer's; for unsigned actions, the one the input names). */
  readonly account: AccountRecord;
  readonly input: Record<string, unknown>;
  readonly nowMs: number;
  readonly sim: SimulatorState;
}

/** The `Response` fields of a success, without `RequestId`. Throws `ApiError` for API errors. */
export type ActionHandler = (context: ActionContext) => Record<string, unknown>;

export interface ActionDefinition {
  readonly service: string;
  readonly version: string;
  readonly handle: ActionHandler;
  /**
   * Present for actions sent with `Authorization: SKIP`: finds the account the input is about
   * (for stats, faults and rate limits), or throws `ApiError`.
   */
  readonly unsignedAccount?: (input: Record<string, unknown>, sim: SimulatorState) => AccountRecord;
}
