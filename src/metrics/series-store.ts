import {
  SCAN_METRIC_HELP,
  SCAN_METRIC_NAMES,
  type ScanMetricName,
  type ScanSample,
} from './scan-families.js';
import { escapeHelp, formatSample } from './text-format.js';
import { TextPiece } from './text-piece.js';

/** The series one (collector, account) pair contributes, rendered once when they are stored. */
interface Entry {
  readonly samples: readonly ScanSample[];
  readonly lines: ReadonlyMap<ScanMetricName, string>;
}

/**
 * Holds every scan series, keyed by (collector, account). A round's samples replace that pair's
 * previous set in one step, so a scrape sees either the old set or the new one, never a mix; series
 * the API stopped returning disappear with the old set. The exposition text is rendered when the
 * content changes (once per round), not on every scrape, and its compressed form is cached with it.
 */
export class SeriesStore {
  private readonly entries = new Map<string, Entry>();
  private cache: TextPiece | undefined;

  replace(collector: string, account: string, samples: readonly ScanSample[]): void {
    const pieces = new Map<ScanMetricName, string[]>();
    for (const sample of samples) {
      if (!Number.isFinite(sample.value)) continue;
      let list = pieces.get(sample.name);
      if (!list) {
        list = [];
        pieces.set(sample.name, list);
      }
      list.push(formatSample(sample.name, sample.labels, sample.value));
    }
    // join() gives flat strings; `+=` would keep every piece alive in a rope (~30 bytes per piece,
    // most of the store's heap at 1,000 accounts).
    const lines = new Map<ScanMetricName, string>();
    for (const [name, list] of pieces) lines.set(name, list.join(''));
    this.entries.set(key(collector, account), { samples: Object.freeze([...samples]), lines });
    this.cache = undefined;
  }

  drop(collector: string, account: string): boolean {
    const removed = this.entries.delete(key(collector, account));
    if (removed) this.cache = undefined;
    return removed;
  }

  /** Removes every pair whose account is not in `accounts` (after a reload or re-shard). */
  retainAccounts(accounts: ReadonlySet<string>): void {
    for (const k of [...this.entries.keys()]) {
      if (!accounts.has(k.slice(k.indexOf('\0') + 1))) {
        this.entries.delete(k);
        this.cache = undefined;
      }
    }
  }

  samples(collector: string, account: string): readonly ScanSample[] | undefined {
    return this.entries.get(key(collector, account))?.samples;
  }

  get seriesCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) n += entry.samples.length;
    return n;
  }

  /** The scan families in text format; families with no series are left out. */
  text(): string {
    return this.piece().text;
  }

  /** The rendered text as a piece, encoded and compressed at most once per change. */
  piece(): TextPiece {
    if (this.cache) return this.cache;
    const keys = [...this.entries.keys()].sort();
    const parts: string[] = [];
    for (const name of SCAN_METRIC_NAMES) {
      const start = parts.length;
      for (const k of keys) {
        const body = this.entries.get(k)?.lines.get(name);
        if (body) parts.push(body);
      }
      if (parts.length === start) continue;
      parts.splice(start, 0, `# HELP ${name} ${escapeHelp(SCAN_METRIC_HELP[name])}\n# TYPE ${name} gauge\n`);
    }
    const out = parts.join('');
    this.cache = new TextPiece(out);
    return this.cache;
  }
}

function key(collector: string, account: string): string {
  return `${collector}\0${account}`;
}
