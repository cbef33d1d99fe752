import type { ActionName, ExampleResponse } from '../../api-models/actions.js';
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

/**
 * The `Response` fields of a success, without `RequestId`, typed against the SDK response model
 * (with the declared example deviations): a field the model lacks does not compile. Throws
 * `SimulatedApiError` for API errors. Inputs have been checked against the action's parameters.
 */
export type ActionHandler<A extends ActionName> = (context: ActionContext) => ExampleResponse<A>;

export interface ActionDefinition<A extends ActionName = ActionName> {
  readonly action: A;
  readonly service: string;
  readonly version: string;
  readonly handle: ActionHandler<A>;
  /**
   * Present for actions sent with `Authorization: SKIP`: finds the account the input is about
   * (for stats, faults and rate limits), or throws `SimulatedApiError`.
   */
  readonly unsignedAccount?: (input: Record<string, unknown>, sim: SimulatorState) => AccountRecord;
}
