/**
 * The alert rules: promtool accepts them and their unit tests pass, and every alert follows the
 * mixin conventions (severity, summary, templated description, runbook section, a firing and a
 * not-firing promtool test).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DEFAULT_RUNBOOK_BASE_URL } from '../../scripts/build-prometheusrule.js';
import { renderRunbook } from '../../src/exporter/runbook.js';
import { describeWith } from '../helpers/system-tools.js';
import { analysePromQL, unknownMetricNames } from './promql.js';
import { runPromtool } from './promtool.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const RULE_FILES = ['prometheus/alerts.yml', 'prometheus/recording.yml'].filter((f) =>
  existsSync(join(repo, f)),
);
const TEST_DIR = 'prometheus/tests';
const TEST_FILES = readdirSync(join(repo, TEST_DIR))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `${TEST_DIR}/${f}`);
const JOB = 'tencentcloud-scan-exporter';
const SEVERITIES = ['critical', 'warning', 'info'];

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: (AlertRule | { record: string; expr: string })[] }[];
}
interface ExpAlert {
  exp_labels?: Record<string, string>;
  exp_annotations?: Record<string, string>;
}
interface PromtoolTestFile {
  rule_files: string[];
  tests: {
    name: string;
    alert_rule_test?: { eval_time: string; alertname: string; exp_alerts?: ExpAlert[] }[];
  }[];
}

const readYaml = <T>(path: string): T => parse(readFileSync(join(repo, path), 'utf8')) as T;

const alerts: AlertRule[] = readYaml<RuleFile>('prometheus/alerts.yml').groups.flatMap((g) =>
  g.rules.filter((r): r is AlertRule => 'alert' in r),
);
const alertNames = alerts.map((a) => a.alert);
const ruleTests = TEST_FILES.map((file) => ({ file, content: readYaml<PromtoolTestFile>(file) }));
const alertRuleTests = ruleTests.flatMap(({ content }) =>
  content.tests.flatMap((t) => t.alert_rule_test ?? []),
);
const runbook = readFileSync(join(repo, 'docs/runbook.md'), 'utf8');
/** The ids the served runbook gives its headings (the same anchors GitHub gives them). */
const runbookAnchors = new Set(
  [...renderRunbook(runbook).matchAll(/<h[1-6] id="([^"]+)"/g)].map((m) => m[1]!),
);

const promtool = describeWith('promtool', 'the promtool rule checks');

promtool.run('promtool', () => {
  it('check rules accepts every rule file', async () => {
    const result = await runPromtool(promtool.command, ['check', 'rules', ...RULE_FILES], repo);
    expect(result.timedOut).toBe(false);
    expect({ code: result.code, output: result.output }).toEqual({ code: 0, output: expect.any(String) });
  });

  it('test rules passes every unit test', async () => {
    const result = await runPromtool(promtool.command, ['test', 'rules', ...TEST_FILES], repo);
    expect(result.timedOut).toBe(false);
    expect({ code: result.code, output: result.output }).toEqual({ code: 0, output: expect.any(String) });
  });
});

describe('alert rules', () => {
  it('define the expected set of alerts, with unique names', () => {
    expect(new Set(alertNames).size).toBe(alertNames.length);
    expect(alertNames).toEqual(
      expect.arrayContaining([
        'TencentCloudScanExporterDown',
        'TencentCloudScanExporterAbsent',
        'TencentCloudScanCollectorFailing',
        'TencentCloudScanDataStale',
        'TencentCloudScanStuck',
        'TencentCloudScanNewRisks',
        'TencentCloudScanImageScanFailures',
        'TencentCloudScanNeverScanned',
        'TencentCloudScanNotScannedRecently',
        'TencentCloudScanApiThrottled',
        'TencentCloudScanApiAuthFailure',
        'TencentCloudScanCompliancePassRateDropped',
      ]),
    );
  });

  describe.each(alerts.map((a) => [a.alert, a] as const))('%s', (name, rule) => {
    it('is CamelCase with the TencentCloudScan prefix and waits with for:', () => {
      expect(name).toMatch(/^TencentCloudScan([A-Z][a-z0-9]*)+$/);
      expect(rule.for).toMatch(/^\d+[smhd]$/);
    });

    it('has a severity and summary, a templated description and its runbook URL (npm run generate writes it)', () => {
      expect(SEVERITIES).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary']?.trim()).toBeTruthy();
      expect(rule.annotations?.['description']).toMatch(/\{\{[^}]*\$(labels|value)/);
      expect(rule.annotations?.['runbook_url']).toBe(`${DEFAULT_RUNBOOK_BASE_URL}#${name.toLowerCase()}`);
    });

    it("has a runbook section at its runbook_url's anchor", () => {
      const anchor = new URL(rule.annotations?.['runbook_url'] ?? 'http://x/').hash.slice(1);
      expect(anchor).toBe(name.toLowerCase());
      expect(runbookAnchors).toContain(anchor);
    });

    it('parses as PromQL, selects only exporter metrics, each for the scrape job', () => {
      const analysis = analysePromQL(rule.expr);
      expect(analysis.errorOffsets).toEqual([]);
      expect(analysis.selectors.length).toBeGreaterThan(0);
      expect(unknownMetricNames(analysis)).toEqual([]);
      for (const selector of analysis.selectors) {
        expect({ metric: selector.metric, matchers: selector.matchers }).toEqual({
          metric: selector.metric,
          matchers: expect.arrayContaining([{ name: 'job', op: '=', value: JOB }]),
        });
      }
    });

    it('has a firing promtool test asserting labels and annotations in full', () => {
      const firing = alertRuleTests.filter((t) => t.alertname === name && (t.exp_alerts ?? []).length > 0);
      expect(firing.length).toBeGreaterThan(0);
      for (const exp of firing.flatMap((t) => t.exp_alerts ?? [])) {
        expect(exp.exp_labels?.['severity']).toBe(rule.labels?.['severity']);
        expect(Object.keys(exp.exp_annotations ?? {}).sort()).toEqual(
          Object.keys(rule.annotations ?? {}).sort(),
        );
        // A template left in the expected text would mean the test copied the rule, not its output.
        expect(Object.values(exp.exp_annotations ?? {}).join('\n')).not.toContain('{{');
      }
    });

    it('has a near-miss promtool test that must not fire', () => {
      const quiet = alertRuleTests.filter((t) => t.alertname === name && (t.exp_alerts ?? []).length === 0);
      expect(quiet.length).toBeGreaterThan(0);
    });
  });
});

describe('promtool test files', () => {
  it.each(ruleTests.map((t) => [t.file, t.content] as const))(
    '%s loads the alert rules',
    (_file, content) => {
      expect(content.rule_files).toContain('../alerts.yml');
    },
  );

  it('only test alerts that exist', () => {
    const tested = new Set(alertRuleTests.map((t) => t.alertname));
    expect([...tested].filter((n) => !alertNames.includes(n))).toEqual([]);
  });
});

describe('runbook', () => {
  it('has no section for an alert that no longer exists', () => {
    const sections = [...runbook.matchAll(/^## (TencentCloudScan\w+)$/gm)].map((m) => m[1]);
    expect(sections.sort()).toEqual([...alertNames].sort());
  });

  it('says how to change the scrape job name', () => {
    expect(runbook).toContain(`job="${JOB}"`);
    expect(
      readFileSync(join(repo, 'prometheus/alerts.yml'), 'utf8').split('\n').slice(0, 10).join('\n'),
    ).toContain(`job="${JOB}"`);
  });
});
