/**
 * The validated, frozen configuration. Produced once at start-up by `loadConfig()` from flags,
 * environment and the YAML file; everything downstream reads only this. The file's part is the
 * schema's output type (schema.ts), the rest comes from flags (flags.ts).
 */
import type { LogFormat, LogLevel } from './flags.js';
import type { AccountConfig, FileConfig } from './schema.js';

export { DEFAULT_LISTEN_ADDRESS, type LogFormat, type LogLevel } from './flags.js';
export type { AccountConfig, CredentialsConfig } from './schema.js';

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
  readonly collectors: FileConfig['collectors'];
  readonly global: FileConfig['global'];
  readonly shard: { readonly index: number; readonly count: number };
}
