import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  ALERTS_PATH,
  buildPrometheusRule,
  checkRunbookBase,
  DEFAULT_RUNBOOK_BASE_URL,
  PROMETHEUS_RULE_PATH,
  RULE_TESTS_DIR,
  RuleFileError,
  renderPrometheusRule,
  setRunbookBase,
} from '../../scripts/build-prometheusrule.js';
import { testWith } from '../helpers/system-tools.js';
import { runPromtool } from '../prometheus/promtool.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
// Read at test time: alerts.yml is maintained separately and the PrometheusRule must follow it.
const alertsText = readFileSync(join(repo, ALERTS_PATH), 'utf8');
const ruleText = readFileSync(join(repo, PROMETHEUS_RULE_PATH), 'utf8');

interface Rule {
  readonly alert?: string;
  readonly record?: string;
}
interface Group {
  readonly name: string;
  readonly rules: readonly Rule[];
}
const alerts = parse(alertsText) as { groups: Group[] };
const prometheusRule = parse(ruleText) as { kind: string; apiVersion: string; spec: { groups: Group[] } };

const outline = (groups: readonly Group[]) =>
  groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => r.alert ?? `record:${r.record}`) }));

describe(PROMETHEUS_RULE_PATH, () => {
  test('is a PrometheusRule', () => {
    expect(prometheusRule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
  });

  test(`has the same groups and rules, in order, as ${ALERTS_PATH}`, () => {
    expect(outline(prometheusRule.spec.groups)).toEqual(outline(alerts.groups));
    expect(alerts.groups.flatMap((g) => g.rules).length).toBeGreaterThan(0);
  });

  test('carries every field of every rule unchanged', () => {
    expect(prometheusRule.spec.groups).toEqual(alerts.groups);
  });

  test('is what scripts/build-prometheusrule.ts generates now (regenerate it if this fails)', () => {
    expect(ruleText).toBe(renderPrometheusRule(alertsText));
  });
});

describe('renderPrometheusRule', () => {
  test('keeps long expressions on one line', () => {
    const expr = `sum by (account) (${'tencentcloud_scan_risks + '.repeat(10)}0) > 0`;
    const text = renderPrometheusRule(
      `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: ${expr}\n`,
    );
    expect(text).toContain(`expr: ${expr}\n`);
  });

  test.each(['', 'groups: []', 'rules: []', '- a'])('rejects %p as a rule file, naming it', (text) => {
    expect(() => renderPrometheusRule(text, 'x.yml')).toThrow(RuleFileError);
    expect(() => renderPrometheusRule(text, 'x.yml')).toThrow(/^x\.yml: /);
  });
});

describe('runbook_url base', () => {
  const urls = (text: string) => [...text.matchAll(/runbook_url:\s*(\S+)/g)].map((m) => m[1]!);

  test('the committed rules, their promtool tests and the PrometheusRule all use the default base (npm run generate writes it)', () => {
    const files = [
      ALERTS_PATH,
      PROMETHEUS_RULE_PATH,
      ...readdirSync(join(repo, RULE_TESTS_DIR)).map((f) => `${RULE_TESTS_DIR}/${f}`),
    ];
    for (const file of files) {
      const text = readFileSync(join(repo, file), 'utf8');
      expect(urls(text).length).toBeGreaterThan(0);
      expect(setRunbookBase(text, DEFAULT_RUNBOOK_BASE_URL)).toBe(text);
      for (const url of urls(text)) expect(url).toMatch(new RegExp(`^${DEFAULT_RUNBOOK_BASE_URL}#[a-z]+$`));
    }
  });

  test('setRunbookBase replaces the base and keeps each anchor and everything else', () => {
    const text =
      '# comment\n  - alert: A\n    annotations:\n      runbook_url: http://old/x.md#a\n      summary: s\n';
    expect(setRunbookBase(text, 'https://wiki.example.com/scan-runbook/')).toBe(
      '# comment\n  - alert: A\n    annotations:\n      runbook_url: https://wiki.example.com/scan-runbook#a\n      summary: s\n',
    );
  });

  test.each(['wiki/runbook', 'ftp://host/runbook', 'https://host/runbook#x', 'https://host/run book'])(
    'rejects %p as a base',
    (base) => {
      expect(() => checkRunbookBase(base)).toThrow(/runbook base URL/);
    },
  );

  const promtool = testWith('promtool', 'the regenerated rules checks');
  promtool.run(
    'regenerating with another base keeps the rules and their promtool tests passing',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'runbook-base-'));
      try {
        cpSync(join(repo, 'prometheus'), join(dir, 'prometheus'), { recursive: true });
        mkdirSync(join(dir, 'deploy/kubernetes/base'), { recursive: true });
        const base = 'https://scan-exporter.example.com/runbook';
        buildPrometheusRule(dir, base);
        for (const file of [
          ALERTS_PATH,
          PROMETHEUS_RULE_PATH,
          `${RULE_TESTS_DIR}/exporter-alerts.test.yml`,
        ]) {
          const found = urls(readFileSync(join(dir, file), 'utf8'));
          expect(found.length).toBeGreaterThan(0);
          for (const url of found) expect(url.startsWith(`${base}#`)).toBe(true);
        }
        const tests = readdirSync(join(dir, RULE_TESTS_DIR)).map((f) => `${RULE_TESTS_DIR}/${f}`);
        const result = await runPromtool(promtool.command, ['test', 'rules', ...tests], dir);
        expect({ code: result.code, output: result.output }).toEqual({ code: 0, output: expect.any(String) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
