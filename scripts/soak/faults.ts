/** Rotates simulator faults across the accounts, a few at a time, so every account gets some. */
import type { Fault, Simulator } from '../../src/simulator/index.js';

const FAULTS: readonly Fault[] = [
  { kind: 'latency', ms: 3_000 },
  { kind: 'http_status', status: 502 },
  { kind: 'truncated' },
  { kind: 'non_json' },
  { kind: 'wrong_types' },
  { kind: 'nulls' },
  { kind: 'reset' },
  { kind: 'hang' },
  { kind: 'error', code: 'RequestLimitExceeded' },
  { kind: 'error', code: 'AuthFailure.SignatureFailure' },
  { kind: 'error', code: 'InternalError' },
];

export class FaultRotation {
  private next = 0;
  private step = 0;
  private active: string[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly accounts: readonly string[],
    private readonly perStep: number,
  ) {}

  /** Clears the faults of the previous step and faults the next `perStep` accounts. */
  rotate(): void {
    for (const account of this.active) this.sim.setFault(account, null);
    this.active = [];
    for (let i = 0; i < this.perStep && this.accounts.length > 0; i++) {
      const account = this.accounts[this.next % this.accounts.length]!;
      this.next++;
      this.sim.setFault(account, { fault: FAULTS[(this.step + i) % FAULTS.length]! });
      this.active.push(account);
    }
    this.step++;
  }

  clear(): void {
    for (const account of this.active) this.sim.setFault(account, null);
    this.active = [];
  }
}
