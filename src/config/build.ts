import { hasSecretKeys } from './relations.js';
import type { RawAccount, RawCredentials, RawFile } from './schema.js';
import { resolveKeyPair, resolvePath, type SecretContext } from './secrets.js';
import type { AccountConfig, CredentialSourceConfig, ExporterConfig } from './types.js';

type Path = readonly PropertyKey[];

/** What the YAML file decides; the rest of ExporterConfig comes from flags. */
export type FileParts = Pick<
  ExporterConfig,
  'accounts' | 'collectors' | 'concurrency' | 'stalenessIntervals'
>;

/** Copies only the optional fields that are set, so absent keys stay absent (exactOptional-friendly). */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

async function buildCredentials(
  raw: RawCredentials,
  path: Path,
  context: SecretContext,
): Promise<CredentialSourceConfig> {
  switch (raw.source) {
    case 'static':
      return { type: 'static', ...(await resolveKeyPair(raw, path, context)) };
    case 'env':
      return { type: 'env' };
    case 'chain':
      return { type: 'chain' };
    case 'profile':
      return {
        type: 'profile',
        profile: raw.profile,
        ...defined({ file: raw.file === undefined ? undefined : resolvePath(context, raw.file) }),
      };
    case 'cvm_role':
      return {
        type: 'cvm_role',
        ...defined({ roleName: raw.role_name, metadataEndpoint: raw.metadata_endpoint }),
      };
    case 'web_identity':
      return {
        type: 'web_identity',
        sessionName: raw.session_name,
        ...defined({
          region: raw.region,
          providerId: raw.provider_id,
          tokenFile: raw.token_file === undefined ? undefined : resolvePath(context, raw.token_file),
          roleArn: raw.role_arn,
          stsEndpoint: raw.sts_endpoint,
        }),
      };
    case 'assume_role': {
      const from =
        raw.from !== undefined
          ? await buildCredentials(raw.from, [...path, 'from'], context)
          : { type: 'account' as const, account: raw.from_account! };
      return {
        type: 'assume_role',
        roleArn: raw.role_arn,
        sessionName: raw.session_name,
        durationSeconds: raw.duration_seconds,
        from,
        ...defined({ externalId: raw.external_id, stsEndpoint: raw.sts_endpoint }),
      };
    }
  }
}

async function buildAccount(raw: RawAccount, index: number, context: SecretContext): Promise<AccountConfig> {
  const path = ['accounts', index];
  let credentials: CredentialSourceConfig;
  if (hasSecretKeys(raw)) credentials = { type: 'static', ...(await resolveKeyPair(raw, path, context)) };
  else if (raw.credentials !== undefined)
    credentials = await buildCredentials(raw.credentials, [...path, 'credentials'], context);
  else credentials = { type: 'chain' };
  return {
    name: raw.name,
    credentials,
    international: raw.international,
    language: raw.language,
    requestsPerSecond: raw.requests_per_second,
    ...defined({ endpoint: raw.endpoint, region: raw.region }),
  };
}

/** The validated file as ExporterConfig parts, with `_file` / `_env` secrets read. */
export async function buildFileParts(file: RawFile, context: SecretContext): Promise<FileParts> {
  const accounts: AccountConfig[] = [];
  // One at a time: the first unreadable secret is the error reported, deterministically.
  for (const [index, account] of (file.accounts ?? []).entries()) {
    accounts.push(await buildAccount(account, index, context));
  }
  return {
    accounts,
    collectors: file.collectors,
    concurrency: file.global.concurrency,
    stalenessIntervals: file.global.staleness_intervals,
  };
}
