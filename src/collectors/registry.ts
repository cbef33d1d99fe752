import { z } from 'zod';
import type { ScanFamily } from '../metrics/scan-families.js';
import { cwpBaselineOverview } from './cwp-baseline-overview.js';
import { cwpGeneralStat } from './cwp-general-stat.js';
import { cwpHostDetail } from './cwp-host-detail.js';
import { cwpScanState } from './cwp-scan-state.js';
import { cwpSecurityEvents } from './cwp-security-events.js';
import { cwpVulHostCount } from './cwp-vul-host-count.js';
import { cwpVulLevelCount } from './cwp-vul-level-count.js';
import type { CollectorDefinition, CollectorSettings } from './definition.js';
import { tcssAssetSummary } from './tcss-asset-summary.js';
import { tcssCompliance } from './tcss-compliance.js';
import { tcssContainerVirus } from './tcss-container-virus.js';
import { tcssImageDetail } from './tcss-image-detail.js';
import { tcssImageRiskSummary } from './tcss-image-risk-summary.js';
import { tcssImageScan } from './tcss-image-scan.js';
import { tcssImageVulnerability } from './tcss-image-vulnerability.js';

/**
 * Every collector, in the order they run and are listed. Adding an API is one collector file and
 * one line here (see README, "Adding a collector").
 */
export const COLLECTORS = [
  tcssImageScan,
  cwpScanState,
  tcssImageRiskSummary,
  tcssAssetSummary,
  cwpVulLevelCount,
  cwpVulHostCount,
  cwpGeneralStat,
  cwpBaselineOverview,
  cwpSecurityEvents,
  tcssContainerVirus,
  tcssImageVulnerability,
  tcssCompliance,
  tcssImageDetail,
  cwpHostDetail,
] as const;

type Definitions = (typeof COLLECTORS)[number];

/** The `collector` label values and `collectors.<name>` config keys. */
export type CollectorName = Definitions['name'];

export const COLLECTOR_NAMES: readonly CollectorName[] = COLLECTORS.map((d) => d.name);

/** The `collectors:` block after validation: one block per collector, defaults applied. */
export type CollectorsConfig = { readonly [D in Definitions as D['name']]: z.output<D['config']> };

/** The `collectors:` block of the config file; each key optional, filled with the collector's defaults. */
export const collectorsSchema = z.strictObject(
  Object.fromEntries(COLLECTORS.map((d) => [d.name, d.config.prefault({})])),
) as unknown as z.ZodType<CollectorsConfig, Partial<Record<CollectorName, unknown>>>;

/** A definition with its own config block, typed together. */
export interface ConfiguredCollector {
  readonly definition: CollectorDefinition;
  readonly config: CollectorSettings;
  /** Builds the collector from this config. */
  create(): ReturnType<CollectorDefinition['create']>;
}

/** Every collector paired with its config block (enabled or not), in registry order. */
export function configuredCollectors(config: CollectorsConfig): ConfiguredCollector[] {
  return COLLECTORS.map((definition) => {
    const own = config[definition.name] as Parameters<typeof definition.create>[0];
    return {
      definition: definition as CollectorDefinition,
      config: own,
      create: () => (definition.create as (c: typeof own) => ReturnType<CollectorDefinition['create']>)(own),
    };
  });
}

/**
 * The scan families the series store renders, from the collectors' declarations: in registry order,
 * each collector's in its own order, a shared family where it first appears. One name with two
 * HELP texts is a mistake in the declarations, refused here rather than exposed one way or the
 * other.
 */
export function familyTable(
  definitions: readonly Pick<CollectorDefinition, 'name' | 'metrics'>[],
): ScanFamily[] {
  const families = new Map<string, { help: string; collector: string }>();
  for (const { name: collector, metrics } of definitions) {
    for (const [name, help] of Object.entries(metrics)) {
      const seen = families.get(name);
      if (seen === undefined) families.set(name, { help, collector });
      else if (seen.help !== help)
        throw new Error(`${name} has one HELP in collector ${seen.collector} and another in ${collector}`);
    }
  }
  return [...families].map(([name, { help }]) => ({ name, help }));
}
