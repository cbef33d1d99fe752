import { isErrorCode } from '../util/error-code.js';

/** Outcomes the exporter names itself; always kept. */
const OWN_CODES: ReadonlySet<string> = new Set([
  'Success',
  'HttpError',
  'NetworkError',
  'Timeout',
  'InvalidResponse',
  'Aborted',
  'ExporterError',
  'CredentialsError',
]);

/** Distinct API error codes kept per (account, action); the documented lists are far shorter. */
export const MAX_CODES_PER_ACTION = 32;
/** The `code` of API error codes beyond the cap. */
export const OTHER_CODE = 'Other';

/**
 * Keeps the `code` label of api_requests_total bounded whatever a server answers: a value not of
 * the documented error-code shape is `InvalidResponse` (the client already turns such answers
 * into InvalidResponseError; this is the metrics layer's own guard), and past
 * MAX_CODES_PER_ACTION distinct codes for one (account, action) new ones are `Other`.
 */
export class CodeLabels {
  private readonly seen = new Map<string, Set<string>>();

  label(account: string, action: string, code: string): string {
    if (OWN_CODES.has(code)) return code;
    if (!isErrorCode(code)) return 'InvalidResponse';
    const key = `${account}\0${action}`;
    let codes = this.seen.get(key);
    if (!codes) {
      codes = new Set();
      this.seen.set(key, codes);
    }
    if (codes.has(code)) return code;
    if (codes.size >= MAX_CODES_PER_ACTION) return OTHER_CODE;
    codes.add(code);
    return code;
  }
}
