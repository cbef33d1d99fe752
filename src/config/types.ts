import type { CollectorsConfig } from '../collectors/registry.js';

/**
 * The validated, frozen configuration. Produced once at start-up by `loadConfig()` from flags,
 * environment and the YAML file; everything downstream reads only this.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'logfmt';

export const DEFAULT_LISTEN_ADDRESS = ':9496';

/** Where an account's credentials come from (YAML `credentials.source`, or the flat keys). */
export type CredentialSourceConfig =
  | {
      readonly type: 'static';
      readonly secretId: string;
      readonly secretKey: string;
      readonly token?: string;
    }
  | { readonly type: 'env' }
  | { readonly type: 'profile'; readonly file?: string; readonly profile: string }
  | { readonly type: 'cvm_role'; readonly roleName?: string; readonly metadataEndpoint?: string }
  | {
      readonly type: 'assume_role';
      readonly roleArn: string;
      readonly sessionName: string;
      readonly durationSeconds: number;
      readonly externalId?: string;
      /** The credentials used to call STS: another source, or another account's by name. */
      readonly from: CredentialSourceConfig | { readonly type: 'account'; readonly account: string };
      readonly stsEndpoint?: string;
    }
  | {
      readonly type: 'web_identity';
      readonly region?: string;
      readonly providerId?: string;
      readonly tokenFile?: string;
      readonly roleArn?: string;
      readonly sessionName: string;
      readonly stsEndpoint?: string;
    }
  | { readonly type: 'chain' };

export interface AccountConfig {
  /** The `account` label. */
  readonly name: string;
  readonly credentials: CredentialSourceConfig;
  readonly endpoint?: string;
  readonly region?: string;
  readonly international: boolean;
  readonly language?: 'en-US' | 'zh-CN';
  /** Client-side limit per action; default 20 (the documented API limit). */
  readonly requestsPerSecond: number;
}

export interface ExporterConfig {
  readonly web: {
    /** `[host]:port` */
    readonly listenAddress: string;
    readonly telemetryPath: string;
    readonly configFile?: string;
    /** `POST /-/reload` allowed (`--web.enable-lifecycle`). */
    readonly enableLifecycle: boolean;
  };
  readonly log: {
    readonly level: LogLevel;
    readonly format: LogFormat;
    /** A lasting failure of one account is warned about again at most this often; 0: every round. */
    readonly failureIntervalMs: number;
  };
  readonly demo: boolean;
  readonly check: boolean;
  /** Path of the YAML file, when one was given (for reload). */
  readonly configFile?: string;
  readonly accounts: readonly AccountConfig[];
  readonly collectors: CollectorsConfig;
  /** At most this many account rounds run at once, across collectors. */
  readonly concurrency: number;
  /** A failed account's last good series are dropped after this many schedule intervals. */
  readonly stalenessIntervals: number;
  readonly shard: { readonly index: number; readonly count: number };
}
