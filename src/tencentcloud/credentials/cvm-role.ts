import { Agent, request } from 'undici';
import { CredentialSourceError, describeCause } from './errors.js';
import { RefreshingProvider, type RefreshOptions } from './refreshing.js';
import type { Credentials } from './types.js';

export const DEFAULT_METADATA_ENDPOINT = 'http://metadata.tencentyun.com';
const CREDENTIALS_PATH = '/latest/meta-data/cam/security-credentials';
const MAX_BODY_CHARS = 64 * 1024;

export interface CvmRoleProviderOptions extends RefreshOptions {
  /** The CAM role bound to the instance; discovered from the metadata service when absent. */
  readonly roleName?: string;
  /**
   * Base URL of the metadata service (default `http://metadata.tencentyun.com`);
   * `/latest/meta-data/cam/security-credentials/` is appended unless the URL already ends with it.
   */
  readonly metadataEndpoint?: string;
  /** TCP connect timeout. Default 1 s: off CVM the host does not answer at all. */
  readonly connectTimeoutMs?: number;
  /** Whole-fetch deadline (role discovery plus credentials). Default 2 s. */
  readonly timeoutMs?: number;
}

/** Resolves the directory URL that lists the role and holds `<role>` documents, ending in `/`. */
export function metadataCredentialsUrl(endpoint: string = DEFAULT_METADATA_ENDPOINT): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/cam/security-credentials') ? `${base}/` : `${base}${CREDENTIALS_PATH}/`;
}

/**
 * Temporary credentials of the CAM role bound to the CVM instance, from the instance metadata
 * service, refreshed before they expire.
 */
export class CvmRoleCredentialProvider extends RefreshingProvider {
  readonly #baseUrl: string;
  readonly #configuredRole?: string;
  readonly #connectTimeoutMs: number;
  readonly #timeoutMs: number;
  #discoveredRole?: string;

  constructor(options: CvmRoleProviderOptions = {}) {
    super(options.roleName ? `cvm-role:${options.roleName}` : 'cvm-role', options);
    this.#configuredRole = options.roleName || undefined;
    this.#baseUrl = metadataCredentialsUrl(options.metadataEndpoint);
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 1000;
    this.#timeoutMs = options.timeoutMs ?? 2000;
  }

  protected async fetchCredentials(): Promise<Credentials> {
    const agent = new Agent({ connect: { timeout: this.#connectTimeoutMs } });
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const role = this.#configuredRole ?? this.#discoveredRole ?? (await this.#discoverRole(agent, signal));
      const { status, body } = await this.#get(`${this.#baseUrl}${encodeURIComponent(role)}`, agent, signal);
      if (status === 404) {
        // The instance's role may have been replaced: discover it again next time.
        this.#discoveredRole = undefined;
        throw new CredentialSourceError(this.source, `role ${role} is not bound to this instance (HTTP 404)`);
      }
      if (status !== 200)
        throw new CredentialSourceError(
          this.source,
          `metadata service answered HTTP ${status} for role ${role}`,
        );
      return this.#parse(body, role);
    } finally {
      agent.destroy().catch(() => {});
    }
  }

  async #discoverRole(agent: Agent, signal: AbortSignal): Promise<string> {
    const { status, body } = await this.#get(this.#baseUrl, agent, signal);
    if (status === 404)
      throw new CredentialSourceError(this.source, 'no CAM role is bound to this instance (HTTP 404)');
    if (status !== 200)
      throw new CredentialSourceError(
        this.source,
        `metadata service answered HTTP ${status} for the role name`,
      );
    const role = body
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '');
    if (!role) throw new CredentialSourceError(this.source, 'metadata service returned no role name');
    this.#discoveredRole = role;
    return role;
  }

  async #get(url: string, agent: Agent, signal: AbortSignal): Promise<{ status: number; body: string }> {
    try {
      const res = await request(url, { method: 'GET', dispatcher: agent, signal });
      const body = await res.body.text();
      if (body.length > MAX_BODY_CHARS) {
        throw new CredentialSourceError(
          this.source,
          `metadata response is larger than ${MAX_BODY_CHARS} characters`,
        );
      }
      return { status: res.statusCode, body };
    } catch (err) {
      if (err instanceof CredentialSourceError) throw err;
      if (signal.aborted) {
        throw new CredentialSourceError(
          this.source,
          `metadata service ${new URL(url).host} did not answer within ${this.#timeoutMs} ms (not running on a CVM instance?)`,
          { cause: err },
        );
      }
      throw new CredentialSourceError(
        this.source,
        `cannot reach metadata service ${new URL(url).host}: ${describeCause(err)} (not running on a CVM instance?)`,
        { cause: err },
      );
    }
  }

  #parse(body: string, role: string): Credentials {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      // The body holds secrets: never quote it.
      throw new CredentialSourceError(this.source, `metadata response for role ${role} is not JSON`);
    }
    const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
    if (d.Code !== 'Success') {
      const code = typeof d.Code === 'string' ? d.Code.slice(0, 100) : 'missing';
      throw new CredentialSourceError(
        this.source,
        `metadata response for role ${role} has Code ${code}, not Success`,
      );
    }
    const missing = ['TmpSecretId', 'TmpSecretKey', 'Token'].filter(
      (k) => typeof d[k] !== 'string' || d[k] === '',
    );
    if (typeof d.ExpiredTime !== 'number' || !Number.isFinite(d.ExpiredTime)) missing.push('ExpiredTime');
    if (missing.length > 0) {
      throw new CredentialSourceError(
        this.source,
        `metadata response for role ${role} lacks ${missing.join(', ')}`,
      );
    }
    return {
      secretId: d.TmpSecretId as string,
      secretKey: d.TmpSecretKey as string,
      token: d.Token as string,
      expiresAt: (d.ExpiredTime as number) * 1000,
    };
  }
}
