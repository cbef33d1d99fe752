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
 * The config file: its shape, defaults and every rule, including those that span keys, in one
 * zod schema. The configuration's types are inferred from it; what the file says is what the
 * exporter reads (snake_case, as users write it), only with defaults filled in and an account's
 * flat secret keys moved into a `credentials: { source: static }` block. Messages may hold
 * `{value}`, which the issue formatter replaces with the offending value, or with its kind when
 * the key is secret.
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

export type SecretFields = { readonly [K in keyof typeof secretFields]?: string };
type Context = z.core.$RefinementCtx;
type Path = PropertyKey[];

function givenForms(holder: SecretFields, base: SecretBase): string[] {
  return [base, `${base}_file`, `${base}_env`].filter(
    (key) => holder[key as keyof SecretFields] !== undefined,
  );
}

/** Whether any of the flat secret keys (or their _file/_env forms) is present. */
export function hasSecretKeys(holder: SecretFields): boolean {
  return SECRET_BASES.some((base) => givenForms(holder, base).length > 0);
}

/** Each secret given at most one way; a key pair needs both halves. */
function checkKeyPair(holder: SecretFields, path: Path, ctx: Context): void {
  for (const base of SECRET_BASES) {
    const forms = givenForms(holder, base);
    if (forms.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, forms[1]!],
        message: `cannot be combined with ${forms[0]}`,
      });
    }
  }
  const hasId = givenForms(holder, 'secret_id').length > 0;
  const hasKey = givenForms(holder, 'secret_key').length > 0;
  if (!hasId)
    ctx.addIssue({ code: 'custom', path: [...path, 'secret_id'], message: 'is required with secret_key' });
  if (!hasKey)
    ctx.addIssue({ code: 'custom', path: [...path, 'secret_key'], message: 'is required with secret_id' });
}

// Not in the documented list, but assume_role needs a way to start from a key pair that is not
// itself a scraped account.
const staticSource = z.strictObject({ source: z.literal('static'), ...secretFields });

const assumeRoleSource = z.strictObject({
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
  /** The credentials that call STS: a nested block... */
  get from() {
    return credentialsSchema.optional();
  },
  /** ...or another account's, by name. */
  from_account: accountName.optional(),
});

export const credentialsSchema = z.discriminatedUnion('source', [
  staticSource,
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
  assumeRoleSource,
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
]);

export type CredentialsConfig = z.output<typeof credentialsSchema>;

const accountSchema = z.strictObject({
  name: accountName,
  ...secretFields,
  credentials: credentialsSchema.optional(),
  endpoint: baseUrl.optional(),
  region: region.optional(),
  international: z.boolean().default(false),
  language: z.enum(['en-US', 'zh-CN']).default('en-US'),
  /** Client-side limit per action; the documented API limit is 20. */
  requests_per_second: z.number().gt(0).lte(1000).default(20),
});

/**
 * An account as the exporter uses it, after secrets/secrets.ts resolved its credentials: the flat
 * secret keys are a `source: static` block, no credentials at all the default chain.
 */
export type AccountConfig = Omit<z.output<typeof accountSchema>, keyof SecretFields | 'credentials'> & {
  readonly credentials: CredentialsConfig;
};

interface Edge {
  readonly target: string;
  readonly path: Path;
}

/** A credentials block's own rules; its from_account edges go to `edges` (targets checked). */
function checkCredentials(
  creds: CredentialsConfig,
  path: Path,
  names: ReadonlySet<string>,
  edges: Edge[],
  ctx: Context,
): void {
  if (creds.source === 'static') checkKeyPair(creds, path, ctx);
  if (creds.source !== 'assume_role') return;
  if (creds.from === undefined && creds.from_account === undefined) {
    ctx.addIssue({ code: 'custom', path: [...path, 'from'], message: 'is required (or from_account)' });
  }
  if (creds.from !== undefined && creds.from_account !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'from_account'],
      message: 'cannot be combined with from',
    });
  }
  if (creds.from !== undefined) checkCredentials(creds.from, [...path, 'from'], names, edges, ctx);
  if (creds.from_account === undefined) return;
  const at = [...path, 'from_account'];
  if (names.has(creds.from_account)) edges.push({ target: creds.from_account, path: at });
  else {
    ctx.addIssue({
      code: 'custom',
      path: at,
      message: `${JSON.stringify(creds.from_account)} is not the name of an account`,
    });
  }
}

/** from_account chains must end in an account that does not lead back. */
function checkCycles(edgesByAccount: ReadonlyMap<string, readonly Edge[]>, ctx: Context): void {
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    for (const edge of edgesByAccount.get(name) ?? []) {
      const loopStart = trail.indexOf(edge.target);
      if (loopStart >= 0 || edge.target === name) {
        const loop = [...trail.slice(loopStart >= 0 ? loopStart : trail.length), name, edge.target];
        ctx.addIssue({
          code: 'custom',
          path: [...edge.path],
          message: `forms a cycle: ${loop.join(' -> ')}`,
        });
        continue;
      }
      visit(edge.target, [...trail, name]);
    }
    done.add(name);
  };
  for (const name of edgesByAccount.keys()) visit(name, []);
}

/** The rules that span keys: unique names, one credential form per account, from_account targets and cycles. */
function checkAccounts(accounts: readonly z.output<typeof accountSchema>[], ctx: Context): void {
  const firstIndex = new Map<string, number>();
  accounts.forEach((account, index) => {
    const earlier = firstIndex.get(account.name);
    if (earlier === undefined) firstIndex.set(account.name, index);
    else {
      ctx.addIssue({
        code: 'custom',
        path: ['accounts', index, 'name'],
        message: `${JSON.stringify(account.name)} is already the name of accounts[${earlier}]`,
      });
    }
  });
  const names = new Set(firstIndex.keys());
  const edgesByAccount = new Map<string, Edge[]>();
  accounts.forEach((account, index) => {
    const path = ['accounts', index];
    const flat = hasSecretKeys(account);
    if (flat && account.credentials !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'credentials'],
        message: 'cannot be combined with secret_id / secret_key / session_token; use one or the other',
      });
    } else if (flat) {
      checkKeyPair(account, path, ctx);
    } else if (account.credentials !== undefined) {
      const edges: Edge[] = [];
      checkCredentials(account.credentials, [...path, 'credentials'], names, edges, ctx);
      if (firstIndex.get(account.name) === index) edgesByAccount.set(account.name, edges);
    }
  });
  checkCycles(edgesByAccount, ctx);
}

export const fileSchema = z
  .strictObject({
    global: z
      .strictObject({
        /** At most this many account rounds run at once, across collectors. */
        concurrency: z.int().min(1).max(1000).default(16),
        /** A failed account's last good series are dropped after this many schedule intervals. */
        staleness_intervals: z.int().min(1).default(3),
      })
      .prefault({}),
    accounts: z.array(accountSchema).default([]),
    collectors: collectorsSchema.prefault({}),
  })
  .superRefine((file, ctx) => checkAccounts(file.accounts, ctx));

export type FileConfig = z.output<typeof fileSchema>;
