export { ConfigError, type ConfigProblem } from './errors.js';
export {
  DEFAULT_FLAGS,
  DEFAULT_LISTEN_ADDRESS,
  FLAG_SPECS,
  type FlagValues,
  parseFlags,
} from './flags.js';
export * from './load.js';
export type { CredentialsConfig } from './schema.js';
export type { AccountConfig } from './secrets.js';
