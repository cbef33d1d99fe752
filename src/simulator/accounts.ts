/** The simulated accounts: their permanent keys, uins, and the temporary credentials issued for them. */
import { randomBytes } from 'node:crypto';
import { fnv1a } from './hash.js';
import type { SimulatorAccount } from './types.js';

export interface AccountRecord {
  readonly name: string;
  readonly secretId: string;
  readonly secretKey: string;
  readonly uin: string;
  readonly imageTotal: number;
  readonly baselineStrategyIds: readonly number[];
  /** Strategies that exist but are switched off (listed with `Enabled` 0 or 2 only). */
  readonly disabledBaselineStrategyIds: readonly number[];
}

export interface TemporaryCredential {
  readonly account: AccountRecord;
  readonly secretId: string;
  readonly secretKey: string;
  readonly token: string;
  readonly expiresAtMs: number;
}

export interface CredentialOwner {
  readonly account: AccountRecord;
  /** Present when the SecretId is a temporary one. */
  readonly temporary?: TemporaryCredential;
}

/** The uin an account gets when its config names none: 12 digits derived from the name. */
export function defaultUin(name: string): string {
  return String(100_000_000_000 + fnv1a(`uin:${name}`));
}

/** 100..400 images, derived from the name. */
export function defaultImageTotal(name: string): number {
  return 100 + (fnv1a(`images:${name}`) % 301);
}

export const DEFAULT_BASELINE_STRATEGY_IDS: readonly number[] = [1, 2];

export class AccountRegistry {
  private readonly byNameMap = new Map<string, AccountRecord>();
  private readonly bySecretIdMap = new Map<string, AccountRecord>();
  private readonly byUinMap = new Map<string, AccountRecord>();
  private readonly temporary = new Map<string, TemporaryCredential>();
  private issuedSincePrune = 0;

  /** Adds an account, replacing one of the same name. */
  add(input: SimulatorAccount): AccountRecord {
    const previous = this.byNameMap.get(input.name);
    if (previous) {
      this.bySecretIdMap.delete(previous.secretId);
      this.byUinMap.delete(previous.uin);
    }
    const record: AccountRecord = {
      name: input.name,
      secretId: input.secretId,
      secretKey: input.secretKey,
      uin: input.uin ?? defaultUin(input.name),
      imageTotal: input.imageTotal ?? defaultImageTotal(input.name),
      baselineStrategyIds: [...(input.baselineStrategyIds ?? DEFAULT_BASELINE_STRATEGY_IDS)],
      disabledBaselineStrategyIds: [...(input.disabledBaselineStrategyIds ?? [])],
    };
    this.byNameMap.set(record.name, record);
    this.bySecretIdMap.set(record.secretId, record);
    this.byUinMap.set(record.uin, record);
    return record;
  }

  byName(name: string): AccountRecord | undefined {
    return this.byNameMap.get(name);
  }

  byUin(uin: string): AccountRecord | undefined {
    return this.byUinMap.get(uin);
  }

  /** Who owns a SecretId, permanent or temporary (expired temporary ones still resolve). */
  bySecretId(secretId: string): CredentialOwner | undefined {
    const account = this.bySecretIdMap.get(secretId);
    if (account) return { account };
    const temporary = this.temporary.get(secretId);
    if (temporary) return { account: temporary.account, temporary };
    return undefined;
  }

  issueTemporary(account: AccountRecord, lifetimeSeconds: number, nowMs: number): TemporaryCredential {
    const credential: TemporaryCredential = {
      account,
      secretId: 'AKIDsimTmp' + randomBytes(15).toString('hex'),
      secretKey: randomBytes(24).toString('base64url'),
      token: randomBytes(48).toString('base64url'),
      expiresAtMs: nowMs + lifetimeSeconds * 1000,
    };
    this.pruneExpired(nowMs);
    this.temporary.set(credential.secretId, credential);
    return credential;
  }

  // Long benchmarks issue many credentials; forget expired ones now and then (well after expiry,
  // so that requests with just-expired credentials still get TokenFailure, not SecretIdNotFound).
  private pruneExpired(nowMs: number): void {
    if (++this.issuedSincePrune < 256) return;
    this.issuedSincePrune = 0;
    for (const [id, credential] of this.temporary) {
      if (credential.expiresAtMs + 3_600_000 < nowMs) this.temporary.delete(id);
    }
  }
}
