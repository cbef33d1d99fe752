import { configuredCollectors } from '../collectors/registry.js';
import type { ExporterConfig } from '../config/index.js';
import type { ScheduledCollector } from '../scheduler/scheduler.js';

/** The enabled collectors with their schedules, as the config describes them. */
export function buildCollectors(config: ExporterConfig): ScheduledCollector[] {
  return configuredCollectors(config.collectors)
    .filter((c) => c.config.enabled)
    .map((c) => ({
      collector: c.create(),
      schedule: c.config.schedule,
      timeoutSeconds: c.config.timeout_seconds,
      // A reload keeps a collector whose settings did not change running as it was.
      fingerprint: JSON.stringify(c.config),
    }));
}
