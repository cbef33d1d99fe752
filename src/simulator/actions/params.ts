/**
 * What each action accepts, declared against the SDK request models: every parameter the model
 * has must be declared here with whether it is required exactly as the model says (the compiler
 * checks both), and nothing else may be. The real API answers a missing required parameter
 * with `MissingParameter`, a value of the wrong JSON type with `InvalidParameter`, and a
 * parameter it does not know with `UnknownParameter`.
 */
import type { ActionName, ModelRequest } from '../../api-models/actions.js';
import { SimulatedApiError } from '../api-error.js';

export type ParamType = 'string' | 'strings' | 'integer' | 'integers' | 'boolean' | 'filters' | 'tags';

/** `required` must be `true` exactly for the parameters without `?` in the model. */
interface ParamSpec<Required extends boolean> {
  readonly type: ParamType;
  readonly required: Required;
}

export type ParamSpecs<Request> = {
  readonly [K in keyof Request]-?: ParamSpec<Record<string, never> extends Pick<Request, K> ? false : true>;
};

const opt = <T extends ParamType>(type: T) => ({ type, required: false }) as const;
const req = <T extends ParamType>(type: T) => ({ type, required: true }) as const;

export const ACTION_PARAMS: { readonly [A in ActionName]: ParamSpecs<ModelRequest<A>> } = {
  DescribeAssetImageScanStatus: { TaskID: opt('string') },
  DescribeAssetImageScanTask: {},
  DescribeVirusScanTaskStatus: { TaskID: opt('string') },
  DescribeVulScanInfo: { LocalTaskID: opt('integer'), RegistryTaskID: opt('integer') },
  DescribeComplianceTaskAssetSummary: { AssetTypeSet: req('strings') },
  DescribeScanState: { ModuleType: req('string'), Filters: opt('filters') },
  DescribeBaselineStrategyList: { Limit: req('integer'), Offset: req('integer'), Enabled: req('integer') },
  DescribeImageRiskSummary: {},
  DescribeAssetSummary: {},
  DescribeVulLevelCount: { VulCategory: opt('integer'), IsFollowVul: opt('integer') },
  DescribeVulHostCountScanTime: {},
  DescribeGeneralStat: { MachineType: opt('string'), MachineRegion: opt('string') },
  DescribeBaselineDetectOverview: { PolicyId: opt('integer') },
  DescribeSecurityEventsCnt: {},
  DescribeAssetImageList: {
    Limit: opt('integer'),
    Offset: opt('integer'),
    Filters: opt('filters'),
    By: opt('string'),
    Order: opt('string'),
  },
  DescribeMachines: {
    MachineType: req('string'),
    MachineRegion: req('string'),
    Limit: opt('integer'),
    Offset: opt('integer'),
    Filters: opt('filters'),
    ProjectIds: opt('integers'),
    MachineAppId: opt('integer'),
  },
  AssumeRole: {
    RoleArn: req('string'),
    RoleSessionName: req('string'),
    DurationSeconds: opt('integer'),
    Policy: opt('string'),
    ExternalId: opt('string'),
    Tags: opt('tags'),
    SourceIdentity: opt('string'),
    SerialNumber: opt('string'),
    TokenCode: opt('string'),
  },
  AssumeRoleWithWebIdentity: {
    ProviderId: req('string'),
    WebIdentityToken: req('string'),
    RoleArn: req('string'),
    RoleSessionName: req('string'),
    DurationSeconds: opt('integer'),
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: ParamType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'integers':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v));
    case 'boolean':
      return typeof value === 'boolean';
    case 'filters':
      return (
        Array.isArray(value) &&
        value.every(
          (f) =>
            isRecord(f) &&
            typeof f['Name'] === 'string' &&
            Array.isArray(f['Values']) &&
            f['Values'].every((v) => typeof v === 'string') &&
            (f['ExactMatch'] === undefined || typeof f['ExactMatch'] === 'boolean') &&
            Object.keys(f).every((k) => k === 'Name' || k === 'Values' || k === 'ExactMatch'),
        )
      );
    case 'tags':
      return (
        Array.isArray(value) &&
        value.every(
          (t) =>
            isRecord(t) &&
            typeof t['Key'] === 'string' &&
            typeof t['Value'] === 'string' &&
            Object.keys(t).every((k) => k === 'Key' || k === 'Value'),
        )
      );
  }
}

const TYPE_WORDS: Record<ParamType, string> = {
  string: 'a string',
  strings: 'an array of strings',
  integer: 'an integer',
  integers: 'an array of integers',
  boolean: 'a boolean',
  filters: 'an array of {Name, Values: string[], ExactMatch?}',
  tags: 'an array of {Key, Value}',
};

/** Throws the API's error for the first problem of `input` against the action's parameters. */
export function checkParams(action: ActionName, input: Record<string, unknown>): void {
  const specs: Readonly<Record<string, ParamSpec<boolean>>> = ACTION_PARAMS[action];
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(specs, name)) {
      throw new SimulatedApiError('UnknownParameter', `The parameter \`${name}\` is not recognized.`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = input[name];
    if (value === undefined || value === null) {
      if (spec.required) {
        throw new SimulatedApiError(
          'MissingParameter',
          `The request is missing a required parameter \`${name}\`.`,
        );
      }
      continue;
    }
    if (!hasType(value, spec.type)) {
      throw new SimulatedApiError(
        'InvalidParameter',
        `The parameter \`${name}\` must be ${TYPE_WORDS[spec.type]}.`,
      );
    }
  }
}
