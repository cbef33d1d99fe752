/**
 * Cheap deterministic hashing. The scan model and the account defaults derive everything from
 * names so that tests (and people watching the demo) can predict what the simulator answers.
 */

/** 32-bit FNV-1a of a string, as an unsigned integer. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes an integer into a seed (murmur3 finaliser), so consecutive integers give unrelated values. */
export function mix(seed: number, value: number): number {
  let h = (seed ^ Math.imul(value + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
