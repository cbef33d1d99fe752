/** One thing wrong with the configuration, tied to the key or flag it concerns. */
export interface ConfigProblem {
  /** `collectors.cwp_scan_state.schedule`, `accounts[1].secret_key_file`, `--log.level`, … */
  readonly keyPath: string;
  /** What is wrong, without the `invalid config:` prefix. Never contains a secret value. */
  readonly detail: string;
}

/** The one line users see for a problem: `invalid config: <keyPath>: <detail>`. */
export function formatProblem(problem: ConfigProblem): string {
  return `invalid config: ${problem.keyPath}: ${problem.detail}`;
}

/**
 * A flag, environment or config-file problem found while loading the configuration. The message
 * is the first problem on one line (main prints it and exits with status 2); `problems` holds every
 * problem found in the same pass, for callers that want to show them all (one per line).
 * Messages never include secret values: secret keys are described by their kind, not their content.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The key or flag of the first problem. */
  readonly keyPath: string;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = Array.isArray(problems)
      ? [...(problems as readonly ConfigProblem[])]
      : [problems as ConfigProblem];
    if (list.length === 0) throw new TypeError('ConfigError needs at least one problem');
    const first = list[0]!;
    super(formatProblem(first));
    this.keyPath = first.keyPath;
    this.problems = list;
  }

  /** Every problem, one `invalid config: key: detail` line each. */
  describeAll(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

/** Shorthand for the common single-problem case. */
export function configError(keyPath: string, detail: string): ConfigError {
  return new ConfigError({ keyPath, detail });
}
