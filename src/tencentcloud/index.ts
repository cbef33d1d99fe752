export * from './apis/cwp.js';
export { describeValue, type FieldRule, type FieldRules, parseFields } from './apis/fields.js';
export * from './apis/sts.js';
export * from './apis/tcss.js';
export type * from './apis/types.js';
export {
  ClientClosedError,
  DEFAULT_REQUEST_CLIENT,
  DEFAULT_REQUESTS_PER_SECOND,
  TencentCloudClient,
} from './client.js';
export { type Endpoint, EndpointConfigError, type EndpointOptions, resolveEndpoint } from './endpoints.js';
export * from './errors.js';
export { SlidingWindowLimiter } from './rate-limiter.js';
export { backoffDelay, DEFAULT_RETRY, isRetryable } from './retry.js';
export { type SignInput, type SignResult, signRequest } from './signer.js';
export { closeAllPools, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUTS } from './transport.js';
export type * from './types.js';
