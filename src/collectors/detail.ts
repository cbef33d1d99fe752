import { z } from 'zod';
import type { ScanSample } from '../metrics/scan-families.js';
import type { ParsedPage } from '../tencentcloud/apis/asset-page.js';
import type { Labels } from './field-table.js';

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
  /** Assets in the list (its `TotalCount` unfiltered), when the API said. */
  readonly total?: number;
  /** True when `top` is provably the most severe of all assets; false when the page budget ran out first. */
  readonly complete: boolean;
  readonly pages: number;
}

const PAGE = 100;

function compareRank(a: readonly number[], b: readonly number[]): number {
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
 */
export async function rankedAssets<A, Tier>(spec: RankedListSpec<A, Tier>): Promise<RankedAssets<A>> {
  const found = new Map<string, { asset: Partial<A>; tier: number }>();
  let pages = 0;
  const take = (assets: readonly Partial<A>[], tier: number) => {
    for (const asset of assets) {
      const id = spec.idOf(asset);
      if (id === undefined) continue;
      const seen = found.get(id);
      // The same asset on two pages (the list moved while paging): keep the latest answer.
      found.set(id, { asset, tier: Math.min(tier, seen?.tier ?? Number.POSITIVE_INFINITY) });
    }
  };
  /** Pages `tier` from `offset` until the list ends, `stop()` says so or the budget is spent; true if the list ended. */
  const readAll = async (tier: number, offset: number, total: number | undefined, stop = () => false) => {
    let next = offset;
    let known = total;
    for (;;) {
      if (stop()) return true;
      if (known !== undefined && next >= known) return true;
      if (pages >= spec.maxPages) return false;
      const parsed = await spec.fetchPage(tier < spec.tiers.length ? spec.tiers[tier] : undefined, next);
      pages++;
      spec.onIssues(parsed);
      take(parsed.value.entries, tier);
      known = parsed.value.totalCount ?? known;
      if (parsed.value.received < PAGE) return true;
      next += PAGE;
    }
  };

  const unfiltered = spec.tiers.length;
  const first = await spec.fetchPage(undefined, 0);
  pages++;
  spec.onIssues(first);
  take(first.value.entries, unfiltered);
  const total = first.value.totalCount;
  const wholeListFits =
    first.value.received < PAGE || (total !== undefined && Math.ceil(total / PAGE) <= spec.maxPages);
  let complete: boolean;
  if (wholeListFits) {
    complete = first.value.received < PAGE || (await readAll(unfiltered, PAGE, total));
  } else {
    complete = false;
    let decided = false;
    for (let t = 0; t < spec.tiers.length && !decided; t++) {
      if (!(await readAll(t, 0, undefined))) {
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
    if (!decided) complete = await readAll(unfiltered, PAGE, total, () => found.size >= spec.maxAssets);
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

/** The truncation self-report: assets in the list, exported, and whether the ranking was complete. */
export function detailSamples(
  labels: Labels,
  result: { readonly total?: number; readonly exported: number; readonly complete: boolean },
): ScanSample[] {
  const samples: ScanSample[] = [];
  if (result.total !== undefined)
    samples.push({ name: 'tencentcloud_security_detail_assets', labels, value: result.total });
  samples.push({ name: 'tencentcloud_security_detail_assets_exported', labels, value: result.exported });
  samples.push({
    name: 'tencentcloud_security_detail_ranking_complete',
    labels,
    value: result.complete ? 1 : 0,
  });
  return samples;
}
