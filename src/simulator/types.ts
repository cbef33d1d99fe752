/** Public types of the Tencent Cloud API simulator (see `index.ts`). */

export type Fault =
  | { kind: 'latency'; ms: number } // delay before answering
  | { kind: 'http_status'; status: number; retryAfter?: string } // e.g. 502 with an HTML body; 429/503 with Retry-After
  | { kind: 'truncated' } // valid start of JSON, cut off (Content-Length matches the cut body)
  | { kind: 'non_json' } // 200 with text/html garbage
  | { kind: 'wrong_types' } // numbers as strings ("12"), strings as numbers, arrays as objects
  | { kind: 'nulls' } // every documented output field null
  | { kind: 'fields'; fields: Record<string, unknown> } // the normal answer with these fields replaced (off-model values on purpose)
  | { kind: 'reset' } // destroy the socket without answering
  | { kind: 'error'; code: string; message?: string } // a Tencent error envelope, HTTP 200
  | { kind: 'hang' } // never answer (until close)
  | { kind: 'deep_nesting'; depth: number }; // the first documented field wrapped in `depth` arrays, the rest valid

/** actions: limit to these X-TC-Action values; times: apply to the next N matching requests, then clear. */
export interface FaultRule {
  fault: Fault;
  actions?: string[];
  times?: number;
}

export interface SimulatorAccount {
  name: string;
  secretId: string;
  secretKey: string;
  /** For RoleArn `qcs::cam::uin/<uin>:roleName/<role>`; default derived from name. */
  uin?: string;
  /** TCSS images (default 100..400, derived from name). */
  imageTotal?: number;
  /** Enabled baseline strategies; default [1, 2]. */
  baselineStrategyIds?: number[];
  /** Baseline strategies that exist but are disabled; default none. */
  disabledBaselineStrategyIds?: number[];
}

export interface SimulatorOptions {
  /** Defaults 127.0.0.1 and 0 (random). */
  host?: string;
  port?: number;
  accounts: SimulatorAccount[];
  /** Scan speed in percent per second; default 2 (a scan takes ~50 s so a demo moves). */
  progressPerSecond?: number;
  /** Pause between a finished scan and the next one; default 20. */
  idleSeconds?: number;
  /** Per (account, action), sliding 1 s window; default 20. */
  rateLimitPerSecond?: number;
  /** CVM metadata credentials for that account. */
  metadataRole?: { roleName: string; account: string; durationSeconds?: number };
  /** The token AssumeRoleWithWebIdentity accepts. */
  webIdentityToken?: string;
  /** Default lifetime of issued temporary credentials (default 7200). */
  tempCredentialSeconds?: number;
  /** Milliseconds clock, injectable for deterministic tests. */
  now?: () => number;
  /** One structured event per request (action, account, code, ms); never secrets. */
  log?: (event: Record<string, unknown>) => void;
}

export interface SimulatorStats {
  requests: Array<{ account: string; action: string; code: string; count: number }>;
  throttled: number;
  /** Key `${account}/${action}`. */
  maxRequestsInAnySecond: Record<string, number>;
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  setFault(account: string, rule: FaultRule | null): void;
  addAccount(account: SimulatorAccount): void;
  stats(): SimulatorStats;
  resetStats(): void;
  /** Closes the server and open sockets (hanging requests too). */
  close(): Promise<void>;
}
