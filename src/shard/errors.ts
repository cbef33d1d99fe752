/**
 * Thrown when a shard index or count cannot describe a valid split of the accounts, e.g.
 * `--shard.index=3 --shard.count=3`. Carries the offending values so the caller can name the flag.
 */
export class ShardArgumentError extends Error {
  override readonly name = 'ShardArgumentError';

  constructor(
    message: string,
    readonly shardIndex: number | string | undefined,
    readonly shardCount: number | undefined,
  ) {
    super(message);
  }
}
