/**
 * Every error code the API documents (Errors section of the API notes the project works from).
 * The client tests send each one through the simulator; the process-level fault suite uses one
 * code per error class.
 */
export const API_ERROR_CODES = [
  'RequestLimitExceeded',
  'RequestLimitExceeded.UinLimitExceeded',
  'RequestLimitExceeded.IPLimitExceeded',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.TokenFailure',
  'AuthFailure.UnauthorizedOperation',
  'UnauthorizedOperation',
  'InternalError',
  'ServiceUnavailable',
  'InvalidParameter',
  'InvalidParameter.InvalidFormat',
  'InvalidParameter.ParsingError',
  'InvalidParameter.IllegalRequest',
  'InvalidParameter.MissingParameter',
  'InvalidParameterValue',
  'MissingParameter',
  'ResourceNotFound',
  'UnsupportedOperation',
  'LimitExceeded',
] as const;
