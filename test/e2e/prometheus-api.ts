/** The few Prometheus and Alertmanager HTTP API calls the end-to-end test makes. */

const REQUEST_TIMEOUT_MS = 5_000;

export class PrometheusApiError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'PrometheusApiError';
  }
}

interface ApiEnvelope<T> {
  readonly status: 'success' | 'error';
  readonly data?: T;
  readonly errorType?: string;
  readonly error?: string;
}

async function getData<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = (await response.json()) as ApiEnvelope<T>;
  if (body.status !== 'success' || body.data === undefined) {
    throw new PrometheusApiError(
      url,
      `${response.status} ${body.errorType ?? ''}: ${body.error ?? 'no data'}`,
    );
  }
  return body.data;
}

export interface ActiveTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export function activeTargets(prometheusUrl: string): Promise<ActiveTarget[]> {
  return getData<{ activeTargets: ActiveTarget[] }>(`${prometheusUrl}/api/v1/targets?state=active`).then(
    (d) => d.activeTargets,
  );
}

export interface InstantResult {
  readonly resultType: 'vector' | 'scalar' | 'matrix' | 'string';
  /** A vector's samples, or a scalar as [time, value]. */
  readonly result: unknown[];
}

export async function instantQuery(prometheusUrl: string, promql: string): Promise<InstantResult> {
  const data = await getData<{ resultType: InstantResult['resultType']; result: unknown }>(
    `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  // A scalar always has a value, so it counts as one result.
  return {
    resultType: data.resultType,
    result: data.resultType === 'scalar' ? [data.result] : (data.result as unknown[]),
  };
}

export interface LoadedRule {
  readonly name: string;
  readonly type: 'alerting' | 'recording';
  /** Seconds (the API's `duration`). */
  readonly duration?: number;
  readonly health: string;
}

export async function loadedRules(prometheusUrl: string): Promise<LoadedRule[]> {
  const data = await getData<{ groups: Array<{ rules: LoadedRule[] }> }>(`${prometheusUrl}/api/v1/rules`);
  return data.groups.flatMap((g) => g.rules);
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

export function prometheusAlerts(prometheusUrl: string): Promise<PrometheusAlert[]> {
  return getData<{ alerts: PrometheusAlert[] }>(`${prometheusUrl}/api/v1/alerts`).then((d) => d.alerts);
}

/** Whether the process answers its readiness endpoint (Prometheus and Alertmanager both have /-/ready). */
export async function isReady(baseUrl: string): Promise<true | undefined> {
  const response = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.arrayBuffer();
  return response.ok ? true : undefined;
}
