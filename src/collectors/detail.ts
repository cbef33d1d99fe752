import { z } from 'zod';
import type { ScanSample } from '../metrics/scan-families.js';
import { ASSET_PAGE_LIMIT, type ParsedPage } from '../tencentcloud/apis/asset-page.js';
import { type CollectContext, reportIssues, whenAvailable } from './collector.js';
import type { FieldRow, MetricHelp } from './definition.js';
import type { Labels } from './field-table.js';
import { sharedMetrics } from './shared-metrics.js';

/**
 * Per-asset detail (one series set per image or host) is bounded: at most `max_assets` assets per
 * account, the most severe first, found within at most `max_pages` list calls per round.
 */
export const detailOptions = {
  /** Assets exported per account (and per collector): the cardinality bound. */
  max_assets: z.int().min(1).max(5000).default(100),
  /** List calls (of 100 assets each) one account's round may make: the API-cost bound. */
  max_pages: z.int().min(1).max(100).default(10),
};

/**
 * The truncation self-report's families that detailSamples computes rather than reads from a field
 * row (`tencentcloud_security_detail_assets` comes from DETAIL_TOTAL_FIELD_TABLE).
 */
export const detailMetrics = (): MetricHelp =>
  sharedMetrics(
    'tencentcloud_security_detail_assets_exported',
    'tencentcloud_security_detail_ranking_complete',
  );

/** The list's size (its `TotalCount`), for the truncation report. */
export const DETAIL_TOTAL_FIELD_TABLE: readonly FieldRow<{ TotalCount: number }>[] = [
  {
    metric: 'tencentcloud_security_detail_assets',
    field: 'TotalCount',
    kind: 'number',
    labels: ['asset_type'],
  },
];

/** A list call's filter that selects the assets with findings of one kind ("tier"); absent: all assets. */
export interface RankedListSpec<A, Tier> {
  /** Tiers in ranking order: an asset in tier i outranks every asset in no tier up to i. */
  readonly tiers: readonly Tier[];
  readonly fetchPage: (tier: Tier | undefined, offset: number) => Promise<ParsedPage<A>>;
  readonly idOf: (asset: Partial<A>) => string | undefined;
  /** Severity key, compared lexicographically, greater first; component i is what tier i selects. */
  readonly rank: (asset: Partial<A>) => readonly number[];
  readonly maxAssets: number;
  readonly maxPages: number;
  readonly onIssues: (parsed: ParsedPage<A>) => void;
}

export interface RankedAssets<A> {
  /** The `maxAssets` most severe assets read, most severe first. */
  readonly top: readonly Partial<A>[];
  /** Assets in the list (its `TotalCount` unfiltered), when the API said so consistently. */
  readonly total?: number;
  /**
   * True when `top` is provably the most severe of all assets; false when the page budget ran out
   * first, the API's paging went nowhere (a full page with nothing new: it repeats itself), or the
   * list ended before the `TotalCount` it announced.
   */
  readonly complete: boolean;
  readonly pages: number;
}

/** Severity keys' order: greater first (a negative result puts `a` first). */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The `maxAssets` most severe assets of a list, without reading the whole list when it is long.
 * A list that fits in the page budget is read whole (exact). Otherwise the tiers are read in
 * ranking order with the API's own filters: once the assets found in tiers 0..t are at least
 * `maxAssets`, every asset not read yet is in no tier up to t, so it ranks below all of them and
 * reading stops. When the filters leave fewer than `maxAssets`, the unfiltered list fills up (all
 * of its assets rank alike: they have no findings). Every call counts against `maxPages`; a round
 * that runs out is reported as incomplete, never made to page on.
 *
 * The API's word is checked, not trusted: a `TotalCount` below the entries already listed is an
 * issue and ignored (it would end paging early and claim a complete ranking), and a full page that
 * brings no asset this list has not shown yet (Offset ignored, the same page again) ends that list
 * as incomplete instead of spending the rest of the budget on copies.
 */
export async function rankedAssets<A, Tier>(spec: RankedListSpec<A, Tier>): Promise<RankedAssets<A>> {
  const found = new Map<string, { asset: Partial<A>; tier: number }>();
  let pages = 0;
  /** One call; `read` holds the ids this list has shown so far. */
  const call = async (tier: number, offset: number, read: Set<string>) => {
    const parsed = await spec.fetchPage(tier < spec.tiers.length ? spec.tiers[tier] : undefined, offset);
    pages++;
    const { entries, received, totalCount } = parsed.value;
    const listed = offset + Math.min(received, ASSET_PAGE_LIMIT);
    const consistent = totalCount === undefined || totalCount >= listed;
    // A last page (short) that ends the list before its TotalCount: the assets never listed may
    // outrank every one read, so the ranking cannot be called complete.
    const cutShort = received < ASSET_PAGE_LIMIT && totalCount !== undefined && totalCount > listed;
    const problem = !consistent
      ? `${totalCount} is less than the ${listed} entries listed so far: ignored`
      : cutShort
        ? `${totalCount} is more than the ${listed} entries the list gave before it ended`
        : undefined;
    spec.onIssues(
      problem === undefined
        ? parsed
        : { ...parsed, issues: [...parsed.issues, { field: 'TotalCount', problem }] },
    );
    let fresh = 0;
    for (const asset of entries) {
      const id = spec.idOf(asset);
      if (id === undefined) continue;
      if (!read.has(id)) {
        read.add(id);
        fresh++;
      }
      const seen = found.get(id);
      // The same asset on two pages (the list moved while paging): keep the latest answer.
      found.set(id, { asset, tier: Math.min(tier, seen?.tier ?? Number.POSITIVE_INFINITY) });
    }
    return { received, fresh, listed, cutShort, total: consistent ? totalCount : undefined };
  };
  /** Pages `tier` from `offset` until the list ends, `stop()` says so or the budget is spent; true if the list ended. */
  const readAll = async (
    tier: number,
    offset: number,
    total: number | undefined,
    read: Set<string>,
    stop = () => false,
  ) => {
    let next = offset;
    let known = total;
    for (;;) {
      if (stop()) return true;
      if (known !== undefined && next >= known) return true;
      if (pages >= spec.maxPages) return false;
      const page = await call(tier, next, read);
      known = page.total ?? (known !== undefined && known >= page.listed ? known : undefined);
      if (page.received < ASSET_PAGE_LIMIT) return !page.cutShort;
      if (page.fresh === 0) return false;
      next += ASSET_PAGE_LIMIT;
    }
  };

  const unfiltered = spec.tiers.length;
  const firstRead = new Set<string>();
  const first = await call(unfiltered, 0, firstRead);
  const total = first.total;
  const wholeListFits =
    first.received < ASSET_PAGE_LIMIT ||
    (total !== undefined && Math.ceil(total / ASSET_PAGE_LIMIT) <= spec.maxPages);
  let complete: boolean;
  if (wholeListFits) {
    complete =
      first.received < ASSET_PAGE_LIMIT
        ? !first.cutShort
        : await readAll(unfiltered, ASSET_PAGE_LIMIT, total, firstRead);
  } else {
    complete = false;
    let decided = false;
    for (let t = 0; t < spec.tiers.length && !decided; t++) {
      if (!(await readAll(t, 0, undefined, new Set()))) {
        decided = true;
        break;
      }
      let inTiers = 0;
      for (const { tier } of found.values()) if (tier <= t) inTiers++;
      if (inTiers >= spec.maxAssets) {
        complete = true;
        decided = true;
      }
    }
    // Fewer assets with findings than the cap: fill up from the unfiltered list.
    if (!decided)
      complete = await readAll(
        unfiltered,
        ASSET_PAGE_LIMIT,
        total,
        firstRead,
        () => found.size >= spec.maxAssets,
      );
  }
  const ranked = [...found.entries()]
    .map(([id, { asset }]) => ({ id, asset, key: spec.rank(asset) }))
    .sort((a, b) => compareRank(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const top = ranked.slice(0, spec.maxAssets).map((r) => r.asset);
  return total === undefined ? { top, complete, pages } : { top, total, complete, pages };
}

const MAX_LABEL_CHARS = 128;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * An asset's name or id as a label value: a name is the user's free text (an image tag, a host
 * name), so control characters go, unpaired surrogates (not valid UTF-8 in the exposition) are
 * replaced, and it is cut to 128 characters. Escaping is the exposition's job.
 */
export function assetLabel(value: string): string {
  const clean = value.replace(UNPAIRED_SURROGATE, '\uFFFD').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return [...clean].slice(0, MAX_LABEL_CHARS).join('');
}

/**
 * An asset's identity as exported (its label value), or none when nothing is left of it: assets are
 * told apart by this, not by the raw id, so that two ids that differ only in what the label drops
 * (control characters, the part beyond 128 characters) never become two series with one label set.
 */
export function assetKey(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const label = assetLabel(id);
  return label === '' ? undefined : label;
}

/** What a detail collector's round has for one list: its config's bounds, the action it calls. */
export interface DetailRound {
  readonly context: CollectContext;
  /** The collector's name and what it collects, for `whenAvailable`. */
  readonly collector: string;
  readonly what: string;
  readonly action: string;
  readonly config: { readonly max_assets: number; readonly max_pages: number };
}

/**
 * One ranked list of a detail collector's round, on the config's bounds, its field issues reported
 * against the round's action, an action the account lacks reported as not available.
 */
export function rankedDetail<A, Tier>(
  round: DetailRound,
  list: Pick<RankedListSpec<A, Tier>, 'tiers' | 'fetchPage' | 'idOf' | 'rank'>,
): Promise<RankedAssets<A>> {
  return whenAvailable(round.what, round.collector, () =>
    rankedAssets<A, Tier>({
      ...list,
      maxAssets: round.config.max_assets,
      maxPages: round.config.max_pages,
      onIssues: (parsed) => reportIssues(round.context, round.action, parsed.issues),
    }),
  );
}

/**
 * The truncation self-report of a round that ranked `lists` and exported `exported` assets: assets
 * in the lists (when every list said), exported, and whether every list's ranking was complete.
 */
export function detailSamples(
  labels: Labels,
  lists: readonly RankedAssets<unknown>[],
  exported: number,
): ScanSample[] {
  const samples: ScanSample[] = [];
  const totals = lists.map((l) => l.total);
  if (totals.every((t) => t !== undefined))
    samples.push({
      name: 'tencentcloud_security_detail_assets',
      labels,
      value: totals.reduce((a: number, b) => a + b, 0),
    });
  samples.push({ name: 'tencentcloud_security_detail_assets_exported', labels, value: exported });
  samples.push({
    name: 'tencentcloud_security_detail_ranking_complete',
    labels,
    value: lists.every((l) => l.complete) ? 1 : 0,
  });
  return samples;
}
