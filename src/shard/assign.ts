/**
 * Which replica polls which account, when the exporter runs as N shards.
 *
 * Rendezvous (highest random weight) hashing: every (shard, account) pair gets a pseudo-random
 * weight from sha256 and the account belongs to the shard with the highest weight. It needs no
 * shared state between replicas, every replica computes the same answer, and going from N to N+1
 * shards only moves the accounts whose new shard wins, about 1/(N+1) of them, all to the new
 * shard. A plain `hash % N` would reshuffle almost everything and make every series flap.
 */
import { createHash } from 'node:crypto';
import { ShardArgumentError } from './errors.js';

function checkCount(shardCount: number): void {
  if (!Number.isSafeInteger(shardCount) || shardCount < 1) {
    throw new ShardArgumentError(
      `shard count must be an integer >= 1, got ${shardCount}`,
      undefined,
      shardCount,
    );
  }
}

/** 64 bits of sha256 over shard and name; the NUL separator keeps `1`+`2x` apart from `12`+`x`. */
function weight(shardIndex: number, accountName: string): bigint {
  return createHash('sha256').update(`${shardIndex}\0${accountName}`).digest().readBigUInt64BE(0);
}

/** The shard (0-based) that owns `accountName` among `shardCount` shards. */
export function assignShard(accountName: string, shardCount: number): number {
  checkCount(shardCount);
  let best = 0;
  let bestWeight = -1n;
  for (let shard = 0; shard < shardCount; shard++) {
    const w = weight(shard, accountName);
    // Strict `>` makes the lower index win a (practically impossible) tie, so the result is total.
    if (w > bestWeight) {
      best = shard;
      bestWeight = w;
    }
  }
  return best;
}

/** Whether the replica with `shardIndex` of `shardCount` should poll `accountName`. */
export function ownsAccount(accountName: string, shardIndex: number, shardCount: number): boolean {
  checkCount(shardCount);
  if (!Number.isSafeInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount) {
    throw new ShardArgumentError(
      `shard index must be an integer in [0, ${shardCount - 1}], got ${shardIndex}`,
      shardIndex,
      shardCount,
    );
  }
  return assignShard(accountName, shardCount) === shardIndex;
}
