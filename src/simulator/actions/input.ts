/** Validation of action inputs, with the error codes the real APIs use. */
import { SimulatedApiError } from '../api-error.js';

/** Absent, null and '' all mean "not given". */
export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new SimulatedApiError(
      'InvalidParameter.InvalidFormat',
      `The parameter \`${name}\` must be a string.`,
    );
  }
  return value;
}

export function requiredString(
  input: Record<string, unknown>,
  name: string,
  missingCode = 'MissingParameter',
): string {
  const value = optionalString(input, name);
  if (value === undefined) {
    throw new SimulatedApiError(missingCode, `The request is missing a required parameter \`${name}\`.`);
  }
  return value;
}

export function optionalInteger(
  input: Record<string, unknown>,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SimulatedApiError(
      'InvalidParameter.InvalidFormat',
      `The parameter \`${name}\` must be an integer.`,
    );
  }
  if (value < range.min || value > range.max) {
    throw new SimulatedApiError(
      'InvalidParameterValue',
      `The value of \`${name}\` must be between ${range.min} and ${range.max}, got ${value}.`,
    );
  }
  return value;
}

export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

/** `Filters: [{Name, Values: string[], ExactMatch?}]`. */
export function filters(input: Record<string, unknown>): Filter[] {
  const value = input['Filters'];
  if (value === undefined || value === null) return [];
  const invalid = () =>
    new SimulatedApiError(
      'InvalidParameter.InvalidFormat',
      '`Filters` must be an array of {Name, Values: string[]}.',
    );
  if (!Array.isArray(value)) throw invalid();
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw invalid();
    const { Name, Values, ExactMatch } = entry as Record<string, unknown>;
    if (typeof Name !== 'string' || !Array.isArray(Values) || !Values.every((v) => typeof v === 'string')) {
      throw invalid();
    }
    if (ExactMatch !== undefined && typeof ExactMatch !== 'boolean') throw invalid();
    return { name: Name, values: Values as string[] };
  });
}
