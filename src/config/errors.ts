import type { Problem } from '../util/schema-problems.js';

/** One thing wrong with the configuration, tied to the key or flag it concerns. */
export type ConfigProblem = Problem;

const line = (problem: ConfigProblem) => `invalid config: ${problem.keyPath}: ${problem.detail}`;

/**
 * A flag, environment or config-file problem found while loading the configuration. The message
 * is the first problem on one line (main prints it and exits with status 2); `problems` holds every
 * problem found in the same pass. Secret keys are described by their kind, never their content.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The key or flag of the first problem. */
  readonly keyPath: string;

  constructor(readonly problems: readonly [ConfigProblem, ...ConfigProblem[]]) {
    super(line(problems[0]));
    this.keyPath = problems[0].keyPath;
  }

  /** Every problem, one `invalid config: key: detail` line each. */
  describeAll(): string {
    return this.problems.map(line).join('\n');
  }
}

export function configError(keyPath: string, detail: string): ConfigError {
  return new ConfigError([{ keyPath, detail }]);
}
