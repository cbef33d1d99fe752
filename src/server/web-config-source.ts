import { statSync } from 'node:fs';
import type { Logger } from 'pino';
import { loadWebConfig, type WebConfig, WebConfigError } from './web-config.js';

export interface WebConfigSourceOptions {
  readonly log: Logger;
  /** Files are stat'ed at most this often; default 1000 ms. */
  readonly checkIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * The web config in force, re-read when the file or a certificate, key or CA file it names
 * changes, so rotated certificates and changed passwords apply without a restart. A bad new
 * version is logged once and the last good one stays in force.
 */
export class WebConfigSource {
  private config: WebConfig;
  private fingerprint: string;
  private lastCheck: number;
  private lastFailure: string | undefined;
  private readonly listeners: ((config: WebConfig) => void)[] = [];
  private readonly interval: number;
  private readonly now: () => number;

  private constructor(
    readonly file: string,
    private readonly log: Logger,
    options: WebConfigSourceOptions,
  ) {
    this.interval = options.checkIntervalMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.config = loadWebConfig(file);
    this.fingerprint = fingerprintOf(this.config.files);
    this.lastCheck = this.now();
    this.warn(this.config);
  }

  /** Loads the file; throws WebConfigError when it is invalid. */
  static open(file: string, options: WebConfigSourceOptions): WebConfigSource {
    return new WebConfigSource(file, options.log, options);
  }

  get current(): WebConfig {
    return this.config;
  }

  /** Called with each newly applied config (the HTTPS server swaps its certificate). */
  onChange(listener: (config: WebConfig) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Re-reads when a watched file changed since the last look, looking at most once per interval.
   * Synchronous so that a new connection sees the new certificate in its own handshake.
   */
  refreshIfStale(): void {
    const now = this.now();
    if (now - this.lastCheck < this.interval) return;
    this.lastCheck = now;
    const fingerprint = fingerprintOf(this.config.files);
    if (fingerprint === this.fingerprint) return;
    // A broken state is logged once, not on every request until it is fixed.
    if (fingerprint === this.lastFailure) return;
    this.apply(fingerprint);
  }

  /** Re-reads now (SIGHUP, `/-/reload`); resolves to the problem when the new file is rejected. */
  reload(): string | undefined {
    this.lastCheck = this.now();
    return this.apply(fingerprintOf(this.config.files));
  }

  private apply(fingerprint: string): string | undefined {
    let next: WebConfig;
    try {
      next = loadWebConfig(this.file);
      if (Boolean(next.tls) !== Boolean(this.config.tls)) {
        throw new WebConfigError(this.file, 'tls_server_config', 'turning TLS on or off needs a restart');
      }
    } catch (error) {
      const message = error instanceof WebConfigError ? error.message : String(error);
      this.log.error({ err: message }, 'web config re-read rejected; keeping the previous one');
      this.lastFailure = fingerprint;
      return message;
    }
    const previous = this.config;
    this.config = next;
    // The file list may have changed (a new cert path): fingerprint what the new config names.
    this.fingerprint = fingerprintOf(next.files);
    this.lastFailure = undefined;
    this.warn(next);
    if (previous.users.size > 0 && next.users.size === 0) {
      // Most likely an edit gone wrong rather than a decision: say loudly that the door is open.
      this.log.warn(
        { file: this.file },
        'web config has no basic_auth_users any more: basic authentication is switched off',
      );
    }
    for (const listener of this.listeners) listener(next);
    this.log.info({ file: this.file }, 'web config applied');
    return undefined;
  }

  private warn(config: WebConfig): void {
    for (const warning of config.warnings) this.log.warn({ file: this.file }, warning);
  }
}

/** mtime, size and inode of each file: a rename over it (Kubernetes secret updates) changes the inode. */
function fingerprintOf(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const s = statSync(file);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}
