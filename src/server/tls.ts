import { createPrivateKey, X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import {
  createSecureContext,
  DEFAULT_CIPHERS,
  type SecureContextOptions,
  type SecureVersion,
} from 'node:tls';
import {
  type ClientAuthType,
  describeWebFileError,
  type RawTlsServerConfig,
  readWebFile,
  type TlsVersionName,
  WebConfigError,
} from './web-config.js';

/** TLS settings ready for `https.createServer` / `setSecureContext`. Holds key material: never log it. */
export interface ResolvedTls {
  /** Every member set explicitly, so a re-read that drops a key resets it (setSecureContext keeps omitted ones). */
  readonly secureContext: SecureContextOptions & {
    readonly minVersion: SecureVersion;
    readonly maxVersion: SecureVersion;
    readonly ciphers: string;
    readonly honorCipherOrder: boolean;
  };
  readonly clientAuth: ClientAuthType;
  /** A client certificate must carry one of these SANs (DNS, IP, email or URI), when set. */
  readonly allowedSans?: readonly string[];
  /** Files whose change triggers a re-read. */
  readonly files: readonly string[];
}

export interface TlsContext {
  /** The web config file, for error messages. */
  readonly file: string;
  /** Relative paths in the file are relative to its directory, as in the exporter-toolkit. */
  readonly dir: string;
  readonly warnings: string[];
}

const KEY = 'tls_server_config';

const NODE_VERSIONS: Record<TlsVersionName, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/** Go cipher suite names (TLS 1.0–1.2) to OpenSSL's. */
const GO_CIPHERS: Record<string, string> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
};

/** Go, like OpenSSL, does not let TLS 1.3 suites be chosen: they are accepted and ignored. */
const TLS13_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
]);
const TLS13_DEFAULT = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

const GO_CURVES: Record<string, string> = {
  CurveP256: 'P-256',
  CurveP384: 'P-384',
  CurveP521: 'P-521',
  X25519: 'X25519',
};

const VERIFYING: ReadonlySet<ClientAuthType> = new Set([
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
]);
const REQUIRING: ReadonlySet<ClientAuthType> = new Set([
  'RequireAnyClientCert',
  'RequireAndVerifyClientCert',
]);

/**
 * Checks the `tls_server_config` section and reads the certificate, key and client CA it names.
 * Reading is synchronous on purpose: re-reads must finish before the handshake of the connection
 * that noticed the change, and these files are a few kilobytes.
 */
export function resolveTls(raw: RawTlsServerConfig, ctx: TlsContext): ResolvedTls {
  const bad = (key: string, detail: string) => new WebConfigError(ctx.file, `${KEY}.${key}`, detail);
  const files: string[] = [];
  const read = (key: string, inline: string | undefined, path: string | undefined, required: boolean) => {
    if (inline !== undefined && path !== undefined)
      throw bad(key, `set either ${key} or ${key.replace('_file', '')}, not both`);
    if (inline !== undefined) return inline;
    if (path === undefined) {
      if (required) throw bad(key, 'required when tls_server_config is set');
      return undefined;
    }
    const full = resolve(ctx.dir, path);
    files.push(full);
    try {
      return readWebFile(full);
    } catch (error) {
      throw bad(key, describeWebFileError(error, full, full));
    }
  };

  const certPem = read('cert_file', raw.cert, raw.cert_file, true)!;
  const keyPem = read('key_file', raw.key, raw.key_file, true)!;
  const caPem = read('client_ca_file', raw.client_ca, raw.client_ca_file, false);
  const certKey = raw.cert_file !== undefined ? 'cert_file' : 'cert';
  const keyKey = raw.key_file !== undefined ? 'key_file' : 'key';
  const caKey = raw.client_ca_file !== undefined ? 'client_ca_file' : 'client_ca';

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw bad(certKey, 'is not a PEM certificate');
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw bad(keyKey, 'does not match the certificate');
  } catch (error) {
    if (error instanceof WebConfigError) throw error;
    throw bad(keyKey, 'is not a PEM private key (encrypted keys are not supported)');
  }

  const clientAuth = raw.client_auth_type ?? 'NoClientCert';
  if (caPem !== undefined && clientAuth === 'NoClientCert') {
    throw bad(caKey, 'client CAs are set but client_auth_type is NoClientCert; set client_auth_type');
  }
  if (caPem === undefined && VERIFYING.has(clientAuth)) {
    throw bad('client_ca_file', `required when client_auth_type is ${clientAuth}`);
  }
  if (caPem !== undefined && !caPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw bad(caKey, 'holds no PEM certificate');
  }
  if (raw.client_allowed_sans && !REQUIRING.has(clientAuth)) {
    throw bad(
      'client_allowed_sans',
      'needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert',
    );
  }

  const minName = raw.min_version ?? 'TLS12';
  const maxName = raw.max_version ?? 'TLS13';
  if (minName > maxName) throw bad('min_version', 'is above max_version');
  for (const [key, name] of [
    ['min_version', raw.min_version],
    ['max_version', raw.max_version],
  ] as const) {
    if (name === 'TLS10' || name === 'TLS11') {
      ctx.warnings.push(`${KEY}.${key}: ${name} is obsolete and insecure; use TLS12 or TLS13`);
    }
  }

  const secureContext = {
    cert: certPem,
    key: keyPem,
    ca: caPem,
    minVersion: NODE_VERSIONS[minName],
    maxVersion: NODE_VERSIONS[maxName],
    ciphers: ciphers(raw.cipher_suites, bad, ctx.warnings),
    honorCipherOrder: raw.prefer_server_cipher_suites ?? true,
    ecdhCurve: curves(raw.curve_preferences, bad),
  };
  try {
    // Catches what the checks above cannot: a CA bundle OpenSSL rejects, a curve it lacks.
    createSecureContext(secureContext);
  } catch {
    throw bad(caPem === undefined ? keyKey : caKey, 'rejected by OpenSSL');
  }
  return { secureContext, clientAuth, allowedSans: raw.client_allowed_sans, files };
}

function ciphers(
  names: readonly string[] | undefined,
  bad: (key: string, detail: string) => WebConfigError,
  warnings: string[],
): string {
  if (!names || names.length === 0) return DEFAULT_CIPHERS;
  const chosen: string[] = [];
  names.forEach((name, i) => {
    if (TLS13_SUITES.has(name)) {
      warnings.push(`${KEY}.cipher_suites[${i}]: TLS 1.3 suites cannot be chosen; ignored`);
      return;
    }
    const openssl = GO_CIPHERS[name];
    if (!openssl) throw bad(`cipher_suites[${i}]`, 'unknown or insecure cipher suite');
    chosen.push(openssl);
  });
  if (chosen.length === 0) return DEFAULT_CIPHERS;
  // Without TLS 1.3 names in the list Node would turn TLS 1.3 off entirely.
  return [TLS13_DEFAULT, ...chosen].join(':');
}

function curves(
  names: readonly string[] | undefined,
  bad: (key: string, detail: string) => WebConfigError,
): string | undefined {
  if (!names || names.length === 0) return undefined;
  return names
    .map((name, i) => {
      const openssl = GO_CURVES[name];
      if (!openssl)
        throw bad(`curve_preferences[${i}]`, `unknown curve; use ${Object.keys(GO_CURVES).join(', ')}`);
      return openssl;
    })
    .join(':');
}
