export { ConfigError, type ConfigProblem, formatProblem } from './errors.js';
export { DEFAULT_FLAGS, FLAG_SPECS, type FlagValues, parseFlags } from './flags.js';
export { deepFreeze } from './freeze.js';
export { type LoadResult, loadConfig, loadConfigFile, loadConfigText, validateFileData } from './load.js';
export * from './types.js';
export { usageText } from './usage.js';
