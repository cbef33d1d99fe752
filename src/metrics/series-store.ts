import type { ScanFamily, ScanSample } from './scan-families.js';
import { escapeHelp, formatSample } from './text-format.js';
import { TextPiece } from './text-piece.js';

/**
 * The series one (collector, account) pair contributes. Their only copy is their rendered lines:
 * first in a buffer of their own, then, once a scrape has asked for the text, inside the one
 * buffer holding every pair's lines. There are no per-series objects (label sets, samples):
 * `samples()` reads them back from the lines when the landing page asks.
 */
interface Entry {
  /** Where the lines are: the pair's own buffer, or the whole rendered text. */
  source: Buffer;
  /** Per metric, where its lines start in `source` and how many bytes they take. */
  readonly starts: Uint32Array;
  readonly lengths: Uint32Array;
  /** For each sample in the order the collector gave it, its line's index in the rendered order. */
  readonly rank: Uint32Array;
}

/**
 * Holds every scan series, keyed by (collector, account). A round's samples replace that pair's
 * previous set in one step, so a scrape sees either the old set or the new one, never a mix; series
 * the API stopped returning disappear with the old set. Samples are rendered once, when stored;
 * the whole text is assembled from those lines only when a scrape asks for it after a change, and
 * its compressed form is cached with it.
 *
 * The families it renders, and their order, are the table it is built with (the collectors'
 * declarations, joined by the wiring); a sample of a family not in it is not rendered.
 */
export class SeriesStore {
  private readonly metrics: number;
  private readonly metricIndex: ReadonlyMap<string, number>;
  private readonly headers: readonly Buffer[];
  private readonly entries = new Map<string, Entry>();
  private sortedKeys: string[] | undefined;
  private cache: TextPiece | undefined;

  constructor(families: readonly ScanFamily[]) {
    const index = new Map<string, number>();
    for (const [i, { name }] of families.entries()) {
      if (index.has(name)) throw new Error(`scan family ${name} is in the table twice`);
      index.set(name, i);
    }
    this.metrics = families.length;
    this.metricIndex = index;
    this.headers = families.map(({ name, help }) =>
      Buffer.from(`# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} gauge\n`),
    );
  }

  replace(collector: string, account: string, samples: readonly ScanSample[]): void {
    const lines: string[][] = Array.from({ length: this.metrics }, () => []);
    const kept: { metric: number; line: number }[] = [];
    for (const sample of samples) {
      const metric = this.metricIndex.get(sample.name);
      if (metric === undefined || !Number.isFinite(sample.value)) continue;
      const list = lines[metric]!;
      kept.push({ metric, line: list.length });
      list.push(formatSample(sample.name, sample.labels, sample.value));
    }
    const starts = new Uint32Array(this.metrics);
    const lengths = new Uint32Array(this.metrics);
    const firstLine = new Uint32Array(this.metrics);
    const parts: string[] = [];
    let offset = 0;
    let lineCount = 0;
    for (let m = 0; m < this.metrics; m++) {
      const text = lines[m]!.join('');
      const length = Buffer.byteLength(text);
      starts[m] = offset;
      lengths[m] = length;
      firstLine[m] = lineCount;
      lineCount += lines[m]!.length;
      offset += length;
      parts.push(text);
    }
    const rank = Uint32Array.from(kept, (k) => firstLine[k.metric]! + k.line);
    const k = key(collector, account);
    if (!this.entries.has(k)) this.sortedKeys = undefined;
    this.entries.set(k, { source: Buffer.from(parts.join('')), starts, lengths, rank });
    this.cache = undefined;
  }

  drop(collector: string, account: string): boolean {
    const removed = this.entries.delete(key(collector, account));
    if (removed) this.changedKeys();
    return removed;
  }

  /** Removes every pair whose account is not in `accounts` (after a reload or re-shard). */
  retainAccounts(accounts: ReadonlySet<string>): void {
    for (const k of [...this.entries.keys()]) {
      if (!accounts.has(k.slice(k.indexOf('\0') + 1))) {
        this.entries.delete(k);
        this.changedKeys();
      }
    }
  }

  /** The pair's samples, read back from their lines (labels with empty values are not rendered). */
  samples(collector: string, account: string): readonly ScanSample[] | undefined {
    const entry = this.entries.get(key(collector, account));
    if (!entry) return undefined;
    const rendered: ScanSample[] = [];
    for (let m = 0; m < this.metrics; m++) {
      const start = entry.starts[m]!;
      const text = entry.source.toString('utf8', start, start + entry.lengths[m]!);
      for (const line of text.split('\n')) if (line !== '') rendered.push(parseLine(line));
    }
    return Object.freeze(Array.from(entry.rank, (i) => rendered[i]!));
  }

  get seriesCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) n += entry.rank.length;
    return n;
  }

  /** The scan families in text format; families with no series are left out. */
  text(): string {
    return this.piece().text;
  }

  /**
   * The rendered text as a piece, assembled, encoded and compressed at most once per change.
   * Assembling moves every pair's lines into the new buffer, so the pairs' own buffers and the
   * previous text become garbage: one copy of the text is kept, whatever the number of scrapes.
   */
  piece(): TextPiece {
    if (this.cache) return this.cache;
    this.sortedKeys ??= [...this.entries.keys()].sort();
    const entries = this.sortedKeys.map((k) => this.entries.get(k)!);
    const parts: Buffer[] = [];
    let offset = 0;
    for (let m = 0; m < this.metrics; m++) {
      let header = false;
      for (const entry of entries) {
        const length = entry.lengths[m]!;
        if (length === 0) continue;
        if (!header) {
          parts.push(this.headers[m]!);
          offset += this.headers[m]!.length;
          header = true;
        }
        const start = entry.starts[m]!;
        parts.push(entry.source.subarray(start, start + length));
        entry.starts[m] = offset;
        offset += length;
      }
    }
    const text = Buffer.concat(parts, offset);
    for (const entry of entries) entry.source = text;
    this.cache = new TextPiece(text);
    return this.cache;
  }

  private changedKeys(): void {
    this.sortedKeys = undefined;
    this.cache = undefined;
  }
}

function key(collector: string, account: string): string {
  return `${collector}\0${account}`;
}

/** One line of formatSample() back into a sample. */
function parseLine(line: string): ScanSample {
  const brace = line.indexOf('{');
  const space = line.lastIndexOf(' ');
  const name = brace < 0 ? line.slice(0, space) : line.slice(0, brace);
  const labels: Record<string, string> = {};
  if (brace >= 0) {
    let i = brace + 1;
    while (line[i] !== '}') {
      const eq = line.indexOf('=', i);
      const label = line.slice(i, eq);
      let value = '';
      for (i = eq + 2; line[i] !== '"'; i++) {
        if (line[i] === '\\') {
          i++;
          value += line[i] === 'n' ? '\n' : line[i];
        } else value += line[i];
      }
      labels[label] = value;
      i++;
      if (line[i] === ',') i++;
    }
  }
  return { name, labels, value: Number(line.slice(space + 1)) };
}
