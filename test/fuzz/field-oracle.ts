/**
 * What each API output field may turn into, written independently of the parser's rules: the
 * fuzz tests check that a value in the result is exactly what the raw field stands for (the raw
 * value itself, or the number a numeric field wrote as a plain decimal string), and that a raw
 * value of the right type is never dropped.
 */

/** `YYYY-MM-DD HH:MM:SS` as the API writes its zone-less times. */
const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

export type FieldKind = 'count' | 'integer' | 'percent' | 'fraction' | 'string' | 'time';

/**
 * The number a string spells with ASCII digits only: a `-` first when `signed`, one `.` between
 * digits when `fractional`; nothing else (no `+`, exponent, spaces, separators, bare `.5`).
 */
function spelled(text: string, signed: boolean, fractional: boolean): number | undefined {
  let i = signed && text.startsWith('-') ? 1 : 0;
  let before = 0;
  let after = -1;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c >= '0' && c <= '9') {
      if (after < 0) before++;
      else after++;
    } else if (c === '.' && fractional && after < 0) after = 0;
    else return undefined;
  }
  if (before === 0 || after === 0) return undefined;
  return Number(text);
}

/** A JSON number as it is, or the number a string spells. */
function numberOf(raw: unknown, signed: boolean, fractional: boolean): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') return spelled(raw, signed, fractional);
  return undefined;
}

/** What a field of `kind` must turn into from `raw`; undefined: nothing (and an issue unless null). */
export function accepted(kind: FieldKind, raw: unknown): unknown {
  const within = (n: number | undefined, ok: (n: number) => boolean) =>
    n !== undefined && ok(n) ? n : undefined;
  switch (kind) {
    case 'count':
      return within(numberOf(raw, false, false), (n) => Number.isSafeInteger(n) && n >= 0);
    case 'integer':
      return within(numberOf(raw, true, false), Number.isSafeInteger);
    case 'percent':
      return within(numberOf(raw, false, false), (n) => Number.isSafeInteger(n) && n >= 0 && n <= 100);
    case 'fraction':
      return within(numberOf(raw, false, true), (n) => Number.isFinite(n) && n >= 0 && n <= 100);
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'time':
      return typeof raw === 'string' && TIME.test(raw) ? raw : undefined;
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

export const VIRUS_SCAN_STATUS_FIELDS: Readonly<Record<string, FieldKind>> = {
  ContainerTotal: 'count',
  RiskContainerCnt: 'count',
  Status: 'string',
  Schedule: 'fraction',
  ContainerScanCnt: 'count',
  RiskCnt: 'count',
  LeftSeconds: 'count',
  StartTime: 'time',
  EndTime: 'time',
  ScanType: 'string',
};

export const VALID_VIRUS_SCAN_STATUS = {
  ContainerTotal: 40,
  RiskContainerCnt: 2,
  Status: 'SCAN_SCANNING',
  Schedule: 47.5,
  ContainerScanCnt: 19,
  RiskCnt: 3,
  LeftSeconds: 120,
  StartTime: '2024-05-01 12:00:00',
  EndTime: '2024-05-01 12:30:00',
  ScanType: 'CYCLE',
  RequestId: 'req-4',
};

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
