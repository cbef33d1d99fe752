const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD HH:MM:SS` in Beijing time (UTC+8, no DST), the zone-less format the APIs use. */
export function formatBeijing(epochMs: number): string {
  const iso = new Date(epochMs + BEIJING_OFFSET_MS).toISOString();
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19);
}
