/**
 * The benchmark accounts: the simulator and the exporter derive the same names and keys from an
 * index, so two processes agree without passing secrets around.
 */
export interface BenchAccount {
  readonly name: string;
  readonly secretId: string;
  readonly secretKey: string;
}

export function benchAccount(index: number): BenchAccount {
  const id = String(index).padStart(5, '0');
  return { name: `bench-${id}`, secretId: `AKIDbench${id}`, secretKey: `bench-secret-key-${id}` };
}

export function benchAccounts(count: number): BenchAccount[] {
  return Array.from({ length: count }, (_, i) => benchAccount(i + 1));
}

/** Strategy ids 1..n, as both sides need them. */
export function strategyIds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
