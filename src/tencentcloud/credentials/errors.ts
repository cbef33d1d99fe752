/**
 * Credentials could not be obtained from a source.
 *
 * `source` is the provider's secret-free description (e.g. `env`, `profile:/root/.tencentcloud/credentials[default]`),
 * `reason` says what was wrong in words a user can act on (a missing variable, file, section or key,
 * an HTTP status, an API error code). Neither, nor the message, ever contains a key or a token:
 * providers only put names and statuses in them, never values read from a source.
 * `cause` is the underlying error when there is one (I/O, HTTP, API call).
 */
export class CredentialSourceError extends Error {
  override readonly name = 'CredentialSourceError';
  readonly source: string;
  readonly reason: string;

  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(
      `credentials from ${source}: ${reason}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.source = source;
    this.reason = reason;
  }
}

/** A short, secret-free description of an underlying error, for a `reason`. */
export function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
