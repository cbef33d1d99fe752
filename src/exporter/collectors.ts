import { createCwpScanStateCollector } from '../collectors/cwp-scan-state.js';
import { createTcssImageScanCollector } from '../collectors/tcss-image-scan.js';
import type { ExporterConfig } from '../config/types.js';
import type { ScheduledCollector } from '../scheduler/scheduler.js';

/** The enabled collectors with their schedules, as the config describes them. */
export function buildCollectors(config: ExporterConfig): ScheduledCollector[] {
  const { tcss_image_scan: tcss, cwp_scan_state: cwp } = config.collectors;
  const scheduled: ScheduledCollector[] = [];
  if (tcss.enabled) {
    scheduled.push({
      collector: createTcssImageScanCollector({ taskIds: tcss.taskIds }),
      schedule: tcss.schedule,
      timeoutSeconds: tcss.timeoutSeconds,
      fingerprint: JSON.stringify(tcss),
    });
  }
  if (cwp.enabled) {
    scheduled.push({
      collector: createCwpScanStateCollector({
        modules: cwp.modules,
        baselineStrategyIds: cwp.baselineStrategyIds,
        timezone: cwp.timezone,
      }),
      schedule: cwp.schedule,
      timeoutSeconds: cwp.timeoutSeconds,
      fingerprint: JSON.stringify(cwp),
    });
  }
  return scheduled;
}
