/**
 * Turns a `--shard.index` value into a number. Besides a plain integer it accepts a StatefulSet
 * pod name such as `tencentcloud-scan-exporter-2`, whose trailing ordinal is the pod's stable
 * index, so manifests can pass `$(POD_NAME)` or the hostname on clusters that do not expose the
 * `apps.kubernetes.io/pod-index` label.
 */
import { ShardArgumentError } from './errors.js';

const ORDINAL_SUFFIX = /^.+-(\d+)$/;

export function parseShardIndex(value: string): number {
  const trimmed = value.trim();
  const digits = /^\d+$/.test(trimmed) ? trimmed : ORDINAL_SUFFIX.exec(trimmed)?.[1];
  const index = digits === undefined ? Number.NaN : Number(digits);
  if (!Number.isSafeInteger(index)) {
    throw new ShardArgumentError(
      `shard index must be an integer or a StatefulSet pod name ending in -<ordinal>, got "${value}"`,
      value,
      undefined,
    );
  }
  return index;
}
