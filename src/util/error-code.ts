/**
 * Tencent Cloud error codes as documented: `InternalError`, `AuthFailure.SignatureFailure`,
 * `FailedOperation.TaskNotFound`, … Anything else is not an error code but a broken answer.
 * Shared by the client (which rejects such answers) and the metrics layer (which keeps the
 * `code` label bounded), so neither has to import the other.
 */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
const MAX_ERROR_CODE_LENGTH = 64;

/** Whether `code` has the shape and length of a documented Tencent Cloud error code. */
export function isErrorCode(code: string): boolean {
  return code.length <= MAX_ERROR_CODE_LENGTH && ERROR_CODE.test(code);
}
