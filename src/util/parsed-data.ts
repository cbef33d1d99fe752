/** Helpers for data parsed from JSON or YAML: where a value sits, and what kind it is. */

/**
 * `accounts[1].credentials.from.secret_key`, `basic_auth_users.alice`: where a value sits in a
 * parsed YAML document, for error messages. Keys outside `[A-Za-z0-9_-]` (or long ones) are shown
 * as JSON strings, so a message stays one line whatever a key holds. Empty for the document itself.
 */
export function keyPathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      const shown = /^[A-Za-z0-9_-]{1,64}$/.test(key)
        ? key
        : JSON.stringify(key.length > 64 ? `${key.slice(0, 61)}...` : key);
      out += out === '' ? shown : `.${shown}`;
    }
  }
  return out;
}

/** Whether a parsed JSON/YAML value is a map (not null, not a list). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
