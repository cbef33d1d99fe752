/**
 * The static scrape config the README documents ("Scrape it"), read from the README itself so the
 * docs cannot drift: promtool accepts it with the alert rules, it scrapes the job the rules
 * select, and its interval follows the advice next to it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { validateFileData } from '../../src/config/load.js';
import { scheduleIntervalMs } from '../../src/scheduler/scheduler.js';
import { testWith } from '../helpers/system-tools.js';
import { runPromtool } from './promtool.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const JOB = 'tencentcloud-scan-exporter';

/** The first yaml block of the README's "### Prometheus, static config". */
const block = /### Prometheus, static config\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  static_configs?: { targets: string[] }[];
}
const config = parse(block) as { rule_files?: string[]; scrape_configs?: ScrapeConfig[] } | null;

const seconds = (duration: string): number => {
  const m = /^(\d+)(s|m)$/.exec(duration);
  if (!m) throw new Error(`unexpected duration ${duration}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};

test('the README has the block, with the job the alert rules select', () => {
  expect(block).not.toBe('');
  const job = config?.scrape_configs?.find((c) => c.job_name === JOB);
  expect(job).toBeDefined();
  const rules = readFileSync(join(repo, 'prometheus/alerts.yml'), 'utf8');
  expect(rules).toContain(`job="${JOB}"`);
});

test('its interval is the fastest default collector schedule, and the timeout fits inside it', () => {
  const job = config!.scrape_configs!.find((c) => c.job_name === JOB)!;
  const defaults = validateFileData({}, true).collectors;
  const fastest = Math.min(
    scheduleIntervalMs(defaults.tcss_image_scan.schedule),
    scheduleIntervalMs(defaults.cwp_scan_state.schedule),
  );
  expect(seconds(job.scrape_interval!) * 1000).toBe(fastest);
  expect(seconds(job.scrape_interval!)).toBeLessThanOrEqual(120);
  expect(seconds(job.scrape_timeout!)).toBeLessThan(seconds(job.scrape_interval!));
});

const promtool = testWith('promtool', 'the scrape config check');
promtool.run('promtool check config accepts it, with the alert rules it names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-scrape-'));
  try {
    writeFileSync(join(dir, 'prometheus.yml'), block);
    for (const file of config?.rule_files ?? [])
      copyFileSync(join(repo, 'prometheus/alerts.yml'), join(dir, file));
    const result = await runPromtool(promtool.command, ['check', 'config', 'prometheus.yml'], dir);
    expect(result.timedOut).toBe(false);
    expect({ code: result.code, output: result.output }).toEqual({
      code: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
