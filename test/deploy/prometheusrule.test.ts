import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  ALERTS_PATH,
  PROMETHEUS_RULE_PATH,
  RuleFileError,
  renderPrometheusRule,
} from '../../scripts/build-prometheusrule.js';

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
