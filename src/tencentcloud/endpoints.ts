/** Where one service's requests go. */
export interface Endpoint {
  /** `scheme://host[:port]`, the key of the connection pool. */
  readonly origin: string;
  /** Request path: `/`, or the override's path prefix. */
  readonly path: string;
  /** The `Host` header, which is also the signed host. */
  readonly host: string;
}

export interface EndpointOptions {
  /** Base URL override for every service (http or https, optional path prefix). */
  readonly endpoint?: string;
  readonly region?: string;
  readonly international?: boolean;
}

const DOMAIN = 'tencentcloudapi.com';

/** A malformed `endpoint` or region; raised at client construction, never per request. */
export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

/** Parses and checks an `endpoint` override; the message names the value since it is not secret. */
export function parseEndpointOverride(endpoint: string): Endpoint {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointConfigError(`endpoint ${JSON.stringify(endpoint)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointConfigError(`endpoint ${JSON.stringify(endpoint)} must be http or https`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new EndpointConfigError(
      `endpoint ${JSON.stringify(url.origin)} must not contain credentials, a query or a fragment`,
    );
  }
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { origin: url.origin, path, host: url.host };
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * `https://<service>.tencentcloudapi.com`, or `<service>.intl.…` for the international site. A
 * region does not change the host: as the official SDKs do, it goes in `X-TC-Region` to the fixed
 * host (it is still checked here, so a bad one fails at start). An override replaces both.
 */
export function resolveEndpoint(service: string, options: EndpointOptions = {}): Endpoint {
  if (options.endpoint !== undefined) return parseEndpointOverride(options.endpoint);
  if (!LABEL.test(service)) throw new EndpointConfigError(`invalid service name ${JSON.stringify(service)}`);
  if (options.region !== undefined && options.region !== '' && !LABEL.test(options.region)) {
    throw new EndpointConfigError(`invalid region ${JSON.stringify(options.region)}`);
  }
  const host = options.international ? `${service}.intl.${DOMAIN}` : `${service}.${DOMAIN}`;
  return { origin: `https://${host}`, path: '/', host };
}
