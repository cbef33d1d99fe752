import { isErrorCode } from '../util/error-code.js';
import { isObject } from '../util/parsed-data.js';
import { ApiError, type ErrorContext, HttpStatusError, InvalidResponseError } from './errors.js';
import type { ApiResponse } from './types.js';

const EXCERPT_SOURCE_BYTES = 4096;
/** Error messages end up in logs and on the landing page. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Turns one HTTP answer into the `Response` object, or throws: HttpStatusError for a status
 * other than 200, InvalidResponseError for anything unusable, ApiError for `Response.Error`.
 */
export function parseEnvelope(status: number, body: Buffer, context: ErrorContext): ApiResponse {
  if (status !== 200) {
    throw new HttpStatusError(context, status, body.subarray(0, EXCERPT_SOURCE_BYTES).toString('utf8'));
  }
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A body that starts like JSON but does not parse was cut short on the way.
    const reason = /^\s*[{[]/.test(text) ? 'truncated' : 'not_json';
    throw new InvalidResponseError(context, reason, `${body.length} bytes`);
  }
  const response = isObject(parsed) ? parsed['Response'] : undefined;
  if (!isObject(response)) throw new InvalidResponseError(context, 'no_response');
  const requestId = typeof response['RequestId'] === 'string' ? response['RequestId'] : undefined;
  const withId: ErrorContext = requestId ? { ...context, requestId } : context;
  const error = response['Error'];
  if (error !== undefined && error !== null) {
    const code = isObject(error) ? error['Code'] : undefined;
    if (typeof code !== 'string' || code === '') {
      throw new InvalidResponseError(withId, 'no_response', 'Response.Error without a Code');
    }
    if (!isErrorCode(code)) {
      // Becomes the `code` label and a log field: only documented-shape codes get through.
      throw new InvalidResponseError(withId, 'bad_error_code', `${code.length} characters`);
    }
    const message = isObject(error) && typeof error['Message'] === 'string' ? error['Message'] : '';
    throw new ApiError(
      withId,
      code,
      message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message,
    );
  }
  return response as ApiResponse;
}
