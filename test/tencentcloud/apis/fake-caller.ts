import type { ActionSpec, ApiCaller, ApiResponse, CallOptions } from '../../../src/tencentcloud/types.js';

export interface RecordedCall {
  readonly spec: ActionSpec;
  readonly payload: Record<string, unknown>;
  readonly options?: CallOptions;
}

/** An ApiCaller that answers with a fixed response and records what it was asked. */
export function fakeCaller(response: unknown): ApiCaller & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    account: 'test',
    calls,
    async call(spec, payload, options) {
      calls.push(options ? { spec, payload, options } : { spec, payload });
      return response as ApiResponse;
    },
  };
}
