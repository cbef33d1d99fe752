/**
 * Detail: the opt-in per-image and per-host detail at its default cap (100 assets per account)
 * for accounts with 10,000 images each, against the simulator's 50 ms latency and 20 req/s per
 * (account, action): list calls per account and round (bounded by max_pages, not by the list),
 * the round's wall time, and the series one account adds.
 */
import { request } from 'undici';
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, ONCE, type Scenario } from './lib/scenario.js';
import { withSetup } from './lib/setup.js';

const BENCH = 'detail';
const ACCOUNTS = 20;
const IMAGES = 10_000;
const MAX_ASSETS = 100;
/** The collectors' default page budget (max_pages). */
const MAX_PAGES = 10;

export async function detailBench(): Promise<Figure[]> {
  const scenario: Scenario = {
    accounts: ACCOUNTS,
    strategies: 2,
    modules: ALL_MODULES,
    tcss: true,
    schedule: ONCE,
    detailMaxAssets: MAX_ASSETS,
  };
  console.log(`detail: ${ACCOUNTS} accounts of ${IMAGES} images, max_assets ${MAX_ASSETS}, 50 ms latency`);
  return withSetup(
    scenario,
    { latencyMs: 50, rateLimitPerSecond: 20, imageTotal: IMAGES },
    async ({ exporter, simulator }) => {
      await exporter.ready;
      const stats = await simulator.stats();
      const calls = (action: string) =>
        stats.requests.filter((r) => r.action === action).reduce((n, r) => n + r.count, 0) / ACCOUNTS;
      const text = await (await request(`${exporter.url}/metrics`)).body.text();
      const series = (prefix: string) =>
        text.split('\n').filter((line) => line.startsWith(prefix)).length / ACCOUNTS;
      const round = (collector: string) => exporter.roundsOf(collector)[0]?.seconds ?? Number.NaN;
      return [
        announce(
          checked(
            BENCH,
            'DescribeAssetImageList calls per account and round',
            calls('DescribeAssetImageList'),
            '',
            {
              atMost: MAX_PAGES,
            },
          ),
        ),
        announce(info(BENCH, 'DescribeMachines calls per account and round', calls('DescribeMachines'), '')),
        announce(info(BENCH, 'tcss_image_detail round wall time', round('tcss_image_detail'), 's')),
        announce(info(BENCH, 'cwp_host_detail round wall time', round('cwp_host_detail'), 's')),
        announce(
          checked(BENCH, 'image series per account', series('tencentcloud_security_image_'), '', {
            atMost: 12 * MAX_ASSETS,
          }),
        ),
        announce(info(BENCH, 'host series per account', series('tencentcloud_security_host_'), '')),
      ];
    },
  );
}
