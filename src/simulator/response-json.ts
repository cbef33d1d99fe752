/**
 * Serialises `{"Response": ...}` bodies. `bigint` values become bare JSON integer literals, so
 * the simulator can send ids above 2^53 exactly as the real API may.
 */
import { randomUUID } from 'node:crypto';

const BIGINT_MARK = '@@sim-bigint:';
const BIGINT_PATTERN = /"@@sim-bigint:(-?\d+)"/g;

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? BIGINT_MARK + value.toString() : value;
}

export function toJson(value: unknown): string {
  const text = JSON.stringify(value, replacer);
  return text.includes(BIGINT_MARK) ? text.replace(BIGINT_PATTERN, '$1') : text;
}

export function newRequestId(): string {
  return randomUUID();
}

export function successBody(fields: Record<string, unknown>, requestId: string): string {
  return toJson({ Response: { ...fields, RequestId: requestId } });
}

export function errorBody(code: string, message: string, requestId: string): string {
  return toJson({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}
