import { z } from 'zod';
import { collectorsSchema } from '../collectors/registry.js';
import {
  DEFAULT_DURATION_SECONDS,
  DEFAULT_SESSION_NAME,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  SESSION_NAME,
  SESSION_NAME_RULE,
} from '../tencentcloud/credentials/sts.js';

/**
 * The YAML file's shape (snake_case, as users write it). Messages may hold `{value}`, which the
 * issue formatter replaces with the offending value, or with its kind when the key is secret.
 */

export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'secret_id',
  'secret_key',
  'session_token',
  'external_id',
]);
export const SECRET_BASES = ['secret_id', 'secret_key', 'session_token'] as const;
export type SecretBase = (typeof SECRET_BASES)[number];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const nonEmpty = z.string().min(1);
const filePath = z.string().min(1);
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: '{value} is not an environment variable name' });
/**
 * What a base URL may not carry: the client appends the API path and signs for the host, so a
 * query, fragment or user:password@ would be dropped or sent somewhere surprising. The value is
 * not echoed: userinfo may hold a password.
 */
function baseUrlExtras(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const extras = [
    ...(url.username || url.password ? ['user:password@'] : []),
    ...(url.search ? ['a ?query'] : []),
    ...(url.hash ? ['a #fragment'] : []),
  ];
  return extras.length === 0 ? undefined : extras.join(' and ');
}

/** An http(s) base URL: scheme, host, optional port and path prefix, nothing else. */
const baseUrl = z.string().superRefine((value, ctx) => {
  if (!isHttpUrl(value)) {
    ctx.addIssue({ code: 'custom', message: '{value} is not an http:// or https:// URL' });
    return;
  }
  const extras = baseUrlExtras(value);
  if (extras) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a base URL such as https://host:port/prefix/, without ${extras}`,
    });
  }
});
const region = z
  .string()
  .regex(/^[a-z]+(-[a-z0-9]+)+$/, { error: '{value} is not a region such as ap-guangzhou' });
const roleArn = z.string().regex(/^qcs::cam::uin\/\d+:role(Name)?\/\S+$/, {
  error: '{value} is not a role ARN such as qcs::cam::uin/100000000001:roleName/name',
});
const sessionName = z.string().regex(SESSION_NAME, { error: `{value} must be ${SESSION_NAME_RULE}` });
export const accountName = z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, {
  error: '{value} must be 1 to 64 characters of letters, digits and _.-',
});

/** `secret_id` / `secret_id_file` / `secret_id_env` and the same for secret_key and session_token. */
const secretFields = {
  secret_id: nonEmpty.optional(),
  secret_id_file: filePath.optional(),
  secret_id_env: envName.optional(),
  secret_key: nonEmpty.optional(),
  secret_key_file: filePath.optional(),
  secret_key_env: envName.optional(),
  session_token: nonEmpty.optional(),
  session_token_file: filePath.optional(),
  session_token_env: envName.optional(),
};

export type SecretFields = { [K in keyof typeof secretFields]?: string };

export type RawCredentials =
  | ({ source: 'static' } & SecretFields)
  | { source: 'env' }
  | { source: 'profile'; file?: string; profile: string }
  | { source: 'cvm_role'; role_name?: string; metadata_endpoint?: string }
  | {
      source: 'assume_role';
      role_arn: string;
      session_name: string;
      duration_seconds: number;
      external_id?: string;
      sts_endpoint?: string;
      from?: RawCredentials;
      from_account?: string;
    }
  | {
      source: 'web_identity';
      region?: string;
      provider_id?: string;
      token_file?: string;
      role_arn?: string;
      session_name: string;
      sts_endpoint?: string;
    }
  | { source: 'chain' };

export const credentialsSchema: z.ZodType<RawCredentials> = z.lazy(() =>
  z.discriminatedUnion('source', [
    // Not in the documented list, but assume_role needs a way to start from a key pair that is
    // not itself a scraped account.
    z.strictObject({ source: z.literal('static'), ...secretFields }),
    z.strictObject({ source: z.literal('env') }),
    z.strictObject({
      source: z.literal('profile'),
      file: filePath.optional(),
      profile: nonEmpty.default('default'),
    }),
    z.strictObject({
      source: z.literal('cvm_role'),
      role_name: nonEmpty.optional(),
      metadata_endpoint: baseUrl.optional(),
    }),
    z.strictObject({
      source: z.literal('assume_role'),
      role_arn: roleArn,
      session_name: sessionName.default(DEFAULT_SESSION_NAME),
      duration_seconds: z
        .int()
        .min(MIN_DURATION_SECONDS)
        .max(MAX_DURATION_SECONDS)
        .default(DEFAULT_DURATION_SECONDS),
      external_id: nonEmpty.optional(),
      sts_endpoint: baseUrl.optional(),
      from: credentialsSchema.optional(),
      from_account: accountName.optional(),
    }),
    z.strictObject({
      source: z.literal('web_identity'),
      region: region.optional(),
      provider_id: nonEmpty.optional(),
      token_file: filePath.optional(),
      role_arn: roleArn.optional(),
      session_name: sessionName.default(DEFAULT_SESSION_NAME),
      sts_endpoint: baseUrl.optional(),
    }),
    z.strictObject({ source: z.literal('chain') }),
  ]),
);

const accountSchema = z.strictObject({
  name: accountName,
  ...secretFields,
  credentials: credentialsSchema.optional(),
  endpoint: baseUrl.optional(),
  region: region.optional(),
  international: z.boolean().default(false),
  language: z.enum(['en-US', 'zh-CN']).default('en-US'),
  requests_per_second: z.number().gt(0).lte(1000).default(20),
});

export const fileSchema = z.strictObject({
  global: z
    .strictObject({
      concurrency: z.int().min(1).max(1000).default(16),
      staleness_intervals: z.int().min(1).default(3),
    })
    .prefault({}),
  accounts: z.array(accountSchema).optional(),
  collectors: collectorsSchema.prefault({}),
});

export type RawFile = z.output<typeof fileSchema>;
export type RawAccount = z.output<typeof accountSchema>;
