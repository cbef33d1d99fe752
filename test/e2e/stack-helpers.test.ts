/** The pure parts of the end-to-end harness: rule rewriting and dashboard query substitution. */
import { parse } from 'yaml';
import {
  DashboardVariableMisuseError,
  dashboardQueries,
  substitute,
  variableToPromql,
} from './dashboard-queries.js';
import { alertOnZero, durationMs, shortenFor } from './fast-rules.js';

describe('durationMs', () => {
  test.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
  ])('%s is %d ms', (text, ms) => expect(durationMs(text)).toBe(ms));

  test.each(['', '5', '5x', '1h 30m', '-5m'])('rejects %j', (text) =>
    expect(() => durationMs(text)).toThrow(),
  );
});

const RULES = `
groups:
  - name: g
    rules:
      - alert: Long
        expr: up{job="x"} == 0
        for: 15m
      - alert: Short
        expr: rate(foo_total[10m]) > 0
        for: 2s
      - alert: NoFor
        expr: bar > 1
      - record: job:bar:sum
        expr: sum by (job) (bar)
`;

test('shortenFor caps every for: and keeps expressions, windows and rules without for', () => {
  const out = parse(shortenFor(RULES, '5s')) as { groups: Array<{ rules: Array<Record<string, string>> }> };
  const rules = out.groups[0]!.rules;
  expect(rules.map((r) => r['for'])).toEqual(['5s', '2s', undefined, undefined]);
  expect(rules.map((r) => r['expr'])).toEqual([
    'up{job="x"} == 0',
    'rate(foo_total[10m]) > 0',
    'bar > 1',
    'sum by (job) (bar)',
  ]);
});

test('alertOnZero finds the one alert testing a metric == 0', () => {
  expect(alertOnZero(RULES, 'up')).toBe('Long');
  expect(() => alertOnZero(RULES, 'bar')).toThrow(/expected one alert/);
});

describe('substitute', () => {
  const vars = ['job', 'account'];
  test.each([
    ['rate(x{job=~"$job"}[$__rate_interval])', 'rate(x{job=~".*"}[1m])'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${var} spelling, not a JS template
    ['x{account=~"${account}"} offset $__range', 'x{account=~".*"} offset 5m'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${var} spelling, not a JS template
    ['x{account=~"${account:regex}", job=~"[[job]]"}[$__interval]', 'x{account=~".*", job=~".*"}[15s]'],
    ['label_replace(x, "a", "$1", "b", "(.*)")', 'label_replace(x, "a", "$1", "b", "(.*)")'],
  ])('%s', (expr, promql) => expect(substitute('panel', expr, vars)).toBe(promql));

  test('refuses a variable outside a =~ matcher, where .* would not mean "All"', () => {
    expect(() => substitute('panel', 'x{job="$job"}', vars)).toThrow(DashboardVariableMisuseError);
  });
});

test.each([
  ['label_values(up{job=~"$job"}, instance)', 'up{job=~"$job"}'],
  ['label_values(job)', '{job!=""}'],
  ['query_result(count(up))', 'count(up)'],
  ['up', 'up'],
])('variableToPromql(%s)', (query, promql) => expect(variableToPromql(query)).toBe(promql));

test('dashboardQueries reads nested panel targets and query variables, skipping hidden targets', () => {
  const queries = dashboardQueries({
    panels: [
      { title: 'A', targets: [{ expr: 'a{job=~"$job"}' }, { expr: 'hidden', hide: true }] },
      { title: 'Row', panels: [{ title: 'B', targets: [{ expr: 'b' }] }] },
    ],
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus' },
        { name: 'job', type: 'query', query: { query: 'label_values(up, job)' } },
      ],
    },
  });
  expect(queries.map((q) => [q.source, q.promql])).toEqual([
    ['A', 'a{job=~".*"}'],
    ['B', 'b'],
    ['variable job', 'up'],
  ]);
});
