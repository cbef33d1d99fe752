import { z } from 'zod';

/** TLS versions as the exporter-toolkit spells them; TLS10/TLS11 are accepted with a warning. */
export const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'] as const;
export type TlsVersionName = (typeof TLS_VERSIONS)[number];

/** Go's `crypto/tls.ClientAuthType` names, as the exporter-toolkit accepts them. */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const path = z.string().min(1);

const tlsServerConfig = z
  .object({
    cert_file: path.optional(),
    key_file: path.optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    client_ca_file: path.optional(),
    client_ca: z.string().min(1).optional(),
    client_auth_type: z.enum(CLIENT_AUTH_TYPES).optional(),
    client_allowed_sans: z.array(z.string().min(1)).optional(),
    min_version: z.enum(TLS_VERSIONS).optional(),
    max_version: z.enum(TLS_VERSIONS).optional(),
    cipher_suites: z.array(z.string().min(1)).optional(),
    prefer_server_cipher_suites: z.boolean().optional(),
    curve_preferences: z.array(z.string().min(1)).optional(),
  })
  .strict();

const httpServerConfig = z
  .object({
    // Accepted for compatibility; the exporter serves HTTP/1.1 only.
    http2: z.boolean().optional(),
    headers: z.record(z.string(), z.string()).nullish(),
  })
  .strict();

/** The file as written, before paths are resolved and files read (see web-config.ts). */
export const webConfigSchema = z
  .object({
    tls_server_config: tlsServerConfig.nullish(),
    http_server_config: httpServerConfig.nullish(),
    basic_auth_users: z.record(z.string(), z.string()).nullish(),
  })
  .strict();

export type RawWebConfig = z.infer<typeof webConfigSchema>;
export type RawTlsServerConfig = z.infer<typeof tlsServerConfig>;
