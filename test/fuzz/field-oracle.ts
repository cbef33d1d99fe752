/**
 * What each API output field may turn into, written independently of the parser's rules: the
 * fuzz tests check that a value in the result is exactly the raw field and of the right type,
 * and that a raw value of the right type is never dropped.
 */

/** `YYYY-MM-DD HH:MM:SS` as the API writes its zone-less times. */
const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

export type FieldKind = 'count' | 'integer' | 'percent' | 'string' | 'time';

export function fits(kind: FieldKind, raw: unknown): boolean {
  switch (kind) {
    case 'count':
      return Number.isSafeInteger(raw) && (raw as number) >= 0;
    case 'integer':
      return Number.isSafeInteger(raw);
    case 'percent':
      return Number.isSafeInteger(raw) && (raw as number) >= 0 && (raw as number) <= 100;
    case 'string':
      return typeof raw === 'string';
    case 'time':
      return typeof raw === 'string' && TIME.test(raw);
  }
}

export const IMAGE_SCAN_STATUS_FIELDS: Readonly<Record<string, FieldKind>> = {
  ImageTotal: 'count',
  ImageScanCnt: 'count',
  Status: 'string',
  Schedule: 'percent',
  SuccessCount: 'count',
  RiskCount: 'count',
  LeftSeconds: 'integer',
};

export const IMAGE_SCAN_TASK_FIELDS: Readonly<Record<string, FieldKind>> = {
  TaskID: 'string',
  Status: 'string',
  SubStatus: 'string',
  LastScanTime: 'time',
};

/** DescribeScanState without VulId, which is checked on its own (only its length is kept). */
export const SCAN_STATE_FIELDS: Readonly<Record<string, FieldKind>> = {
  ScanState: 'integer',
  Schedule: 'percent',
  TaskId: 'integer',
  Type: 'integer',
  ScanBeginTime: 'time',
  RiskEventCount: 'count',
  ScanEndTime: 'time',
};

/** VulId: an array of integer ids, possibly as digit strings (ids may exceed 2^53). */
export function fitsIdList(raw: unknown): raw is unknown[] {
  return (
    Array.isArray(raw) &&
    raw.every(
      (id) =>
        (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id)),
    )
  );
}

export const VALID_IMAGE_SCAN_STATUS = {
  ImageTotal: 120,
  ImageScanCnt: 60,
  Status: 'SCANNING',
  Schedule: 50,
  SuccessCount: 58,
  RiskCount: 7,
  LeftSeconds: 300,
  RequestId: 'req-1',
};

export const VALID_IMAGE_SCAN_TASK = {
  TaskID: 'task-1',
  Status: 'SCANNING',
  SubStatus: '',
  LastScanTime: '2024-05-01 12:00:00',
  RequestId: 'req-2',
};

export const VALID_SCAN_STATE = {
  ScanState: 2,
  Schedule: 100,
  TaskId: 1234500001,
  VulId: [1, 2, 3],
  Type: 1,
  ScanBeginTime: '2024-05-01 12:00:00',
  RiskEventCount: 4,
  ScanEndTime: '2024-05-01 12:30:00',
  RequestId: 'req-3',
};
