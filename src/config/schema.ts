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
 * zod schema; the configuration's types are inferred from it. Messages may hold `{value}`, which
 * the issue formatter replaces with the offending value, or with its kind when the key is secret.
 */

export const SECRET_BASES = ['secret_id', 'secret_key', 'session_token'] as const;
export const SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_BASES, 'external_id']);

const nonEmpty = z.string().min(1);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '{value} is not an environment variable name');
const region = z.string().regex(/^[a-z]+(-[a-z0-9]+)+$/, '{value} is not a region such as ap-guangzhou');
const roleArn = z
  .string()
  .regex(
    /^qcs::cam::uin\/\d+:role(Name)?\/\S+$/,
    '{value} is not a role ARN such as qcs::cam::uin/100000000001:roleName/name',
  );
const sessionName = z.string().regex(SESSION_NAME, `{value} must be ${SESSION_NAME_RULE}`);
const accountName = z
  .string()
  .regex(/^[a-zA-Z0-9_.-]{1,64}$/, '{value} must be 1 to 64 characters of letters, digits and _.-');

/**
 * An http(s) base URL: scheme, host, optional port and path prefix. The client appends the API
 * path and signs for the host, so a query, fragment or user:password@ would be dropped or sent
 * somewhere surprising; the value is then not echoed, as userinfo may hold a password.
 */
const baseUrl = z.string().superRefine((value, ctx) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: '{value} is not an http:// or https:// URL' });
    return;
  }
  const extras = [
    (url.username || url.password) && 'user:password@',
    url.search && 'a ?query',
    url.hash && 'a #fragment',
  ];
  const without = extras.filter(Boolean).join(' and ');
  if (without) {
    const message = `must be a base URL such as https://host:port/prefix/, without ${without}`;
    ctx.addIssue({ code: 'custom', message });
  }
});

/** `secret_id` / `secret_id_file` / `secret_id_env` and the same for secret_key and session_token. */
const secretFields = {
  secret_id: nonEmpty.optional(),
  secret_id_file: nonEmpty.optional(),
  secret_id_env: envName.optional(),
  secret_key: nonEmpty.optional(),
  secret_key_file: nonEmpty.optional(),
  secret_key_env: envName.optional(),
  session_token: nonEmpty.optional(),
  session_token_file: nonEmpty.optional(),
  session_token_env: envName.optional(),
};
export type SecretFields = { readonly [K in keyof typeof secretFields]?: string };

type Context = z.core.$RefinementCtx;
type Path = PropertyKey[];
const problem = (ctx: Context, path: Path, message: string) =>
  ctx.addIssue({ code: 'custom', path, message });

/** The forms (`secret_id`, `secret_id_file`, `secret_id_env`) of one secret that are given. */
export function givenForms(holder: SecretFields, base: string): string[] {
  return [base, `${base}_file`, `${base}_env`].filter(
    (key) => holder[key as keyof SecretFields] !== undefined,
  );
}

/** Each secret given at most one way; a key pair needs both halves. */
function checkKeyPair(holder: SecretFields, path: Path, ctx: Context): void {
  for (const base of SECRET_BASES) {
    const [first, second] = givenForms(holder, base);
    if (second) problem(ctx, [...path, second], `cannot be combined with ${first}`);
  }
  if (givenForms(holder, 'secret_id').length === 0)
    problem(ctx, [...path, 'secret_id'], 'is required with secret_key');
  if (givenForms(holder, 'secret_key').length === 0)
    problem(ctx, [...path, 'secret_key'], 'is required with secret_id');
}

const credentialsSchema = z.discriminatedUnion('source', [
  // Not in the documented list, but assume_role needs a way to start from a key pair that is not
  // itself a scraped account.
  z.strictObject({ source: z.literal('static'), ...secretFields }),
  z.strictObject({ source: z.literal('env') }),
  z.strictObject({
    source: z.literal('profile'),
    file: nonEmpty.optional(),
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
    /** The credentials that call STS: a nested block... */
    get from() {
      return credentialsSchema.optional();
    },
    /** ...or another account's, by name. */
    from_account: accountName.optional(),
  }),
  z.strictObject({
    source: z.literal('web_identity'),
    region: region.optional(),
    provider_id: nonEmpty.optional(),
    token_file: nonEmpty.optional(),
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

interface Edge {
  readonly target: string;
  readonly path: Path;
}

/** A credentials block's own rules; its from_account edges go to `edges` (targets checked). */
function checkCredentials(
  creds: CredentialsConfig,
  path: Path,
  names: Set<string>,
  edges: Edge[],
  ctx: Context,
) {
  if (creds.source === 'static') checkKeyPair(creds, path, ctx);
  if (creds.source !== 'assume_role') return;
  const { from, from_account: target } = creds;
  if (from === undefined && target === undefined)
    problem(ctx, [...path, 'from'], 'is required (or from_account)');
  if (from !== undefined && target !== undefined) {
    problem(ctx, [...path, 'from_account'], 'cannot be combined with from');
  }
  if (from !== undefined) checkCredentials(from, [...path, 'from'], names, edges, ctx);
  if (target === undefined) return;
  if (names.has(target)) edges.push({ target, path: [...path, 'from_account'] });
  else problem(ctx, [...path, 'from_account'], `${JSON.stringify(target)} is not the name of an account`);
}

/** from_account chains must end in an account that does not lead back; each loop is reported once. */
function checkCycles(edgesByAccount: ReadonlyMap<string, readonly Edge[]>, ctx: Context): void {
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    for (const { target, path } of edgesByAccount.get(name) ?? []) {
      const loopStart = target === name ? trail.length : trail.indexOf(target);
      if (loopStart < 0) visit(target, [...trail, name]);
      else problem(ctx, path, `forms a cycle: ${[...trail.slice(loopStart), name, target].join(' -> ')}`);
    }
    done.add(name);
  };
  for (const name of edgesByAccount.keys()) visit(name, []);
}

/** The rules that span keys: unique names, one credential form per account, from_account targets and cycles. */
function checkAccounts(accounts: readonly z.output<typeof accountSchema>[], ctx: Context): void {
  const firstIndex = new Map<string, number>();
  accounts.forEach(({ name }, index) => {
    const earlier = firstIndex.get(name);
    if (earlier === undefined) firstIndex.set(name, index);
    else
      problem(
        ctx,
        ['accounts', index, 'name'],
        `${JSON.stringify(name)} is already the name of accounts[${earlier}]`,
      );
  });
  const names = new Set(firstIndex.keys());
  const edgesByAccount = new Map<string, Edge[]>();
  accounts.forEach((account, index) => {
    const path = ['accounts', index];
    const flat = SECRET_BASES.some((base) => givenForms(account, base).length > 0);
    if (flat && account.credentials !== undefined) {
      const message = 'cannot be combined with secret_id / secret_key / session_token; use one or the other';
      problem(ctx, [...path, 'credentials'], message);
    } else if (flat) checkKeyPair(account, path, ctx);
    else if (account.credentials !== undefined) {
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
