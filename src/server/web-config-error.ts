/**
 * A problem in the `--web.config.file` file (or a file it names), tied to the key it concerns.
 * The message is one line, `invalid web config file "<file>": <keyPath>: <detail>`, and never
 * quotes a value from the file: a password hash or a private key must not end up in a log.
 */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';

  constructor(
    /** The web config file as given on the command line. */
    readonly file: string,
    /** `tls_server_config.cert_file`, `basic_auth_users.alice`, … (empty for the whole file). */
    readonly keyPath: string,
    /** What is wrong, without any value from the file. */
    readonly detail: string,
  ) {
    super(`invalid web config file "${file}": ${keyPath ? `${keyPath}: ` : ''}${detail}`);
  }
}
