/**
 * Lints the committed dashboard JSON: every query parses as PromQL and selects only series the
 * exporter exposes, rates use $__rate_interval, every panel uses the datasource variable and has a
 * unit and a description, ids and uids are unique.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysePromQL, unknownMetricNames } from '../prometheus/promql.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

interface Target {
  expr: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
interface JsonPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Target[];
  panels?: JsonPanel[];
}
interface JsonVariable {
  type: string;
  name: string;
  datasource?: { type?: string; uid?: string };
  definition?: string;
  query?: string | { query: string };
}
interface JsonDashboard {
  uid: string;
  panels: JsonPanel[];
  templating: { list: JsonVariable[] };
}

const dashboard = JSON.parse(
  readFileSync(join(repo, 'grafana/dashboards/tencentcloud-scan.json'), 'utf8'),
) as JsonDashboard;
const allPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const visualPanels = allPanels.filter((p) => p.type !== 'row');
const queryVariables = dashboard.templating.list.filter((v) => v.type === 'query');
const variableNames = dashboard.templating.list.map((v) => v.name);
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
const DATASOURCE_REF = { type: 'prometheus', uid: '${datasource}' };

/** Grafana's macros and the dashboard variables replaced by values PromQL accepts. */
function substitute(query: string): string {
  let out = query.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
  for (const name of variableNames) out = out.replace(new RegExp(`\\$\\{?${name}\\}?(?!\\w)`, 'g'), '.*');
  return out;
}

/** The series selector inside Grafana's `label_values(<selector>, <label>)`. */
function labelValuesSelector(query: string): string {
  const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
  if (!match) throw new Error(`not a label_values() query: ${query}`);
  return match[1]!;
}

const queries: { where: string; query: string }[] = [
  ...visualPanels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, query: t.expr })),
  ),
  ...queryVariables.map((v) => ({
    where: `variable ${v.name}`,
    query: labelValuesSelector(typeof v.query === 'string' ? v.query : (v.query?.query ?? '')),
  })),
];

describe('dashboard queries', () => {
  it('exist', () => {
    expect(queries.length).toBeGreaterThan(20);
  });

  describe.each(queries.map((q) => [q.where, q.query] as const))('%s', (_where, query) => {
    const analysis = analysePromQL(substitute(query));

    it('parses as PromQL once macros and variables are substituted', () => {
      expect({ query: substitute(query), errors: analysis.errorOffsets }).toEqual({
        query: substitute(query),
        errors: [],
      });
    });

    it('selects only metrics the exporter exposes', () => {
      expect(analysis.selectors.length).toBeGreaterThan(0);
      expect(unknownMetricNames(analysis)).toEqual([]);
    });

    it('uses $__rate_interval as the range of every rate() and increase()', () => {
      const rateCalls = analysis.functions.filter((f) => ['rate', 'irate', 'increase'].includes(f)).length;
      const ranges = [...query.matchAll(/\b(?:rate|irate|increase)\s*\([^[]*\[([^\]]*)\]/g)].map((m) => m[1]);
      expect(ranges).toHaveLength(rateCalls);
      for (const range of ranges) expect(range).toBe('$__rate_interval');
    });
  });
});

describe('dashboard panels', () => {
  it.each(visualPanels.map((p) => [p.title, p] as const))(
    '"%s" uses the datasource variable and has a unit and a description',
    (_title, panel) => {
      expect(panel.datasource).toEqual(DATASOURCE_REF);
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource).toEqual(DATASOURCE_REF);
      expect(panel.fieldConfig?.defaults?.unit).toEqual(expect.any(String));
      expect(panel.fieldConfig?.defaults?.unit).not.toBe('');
      expect(panel.description?.trim()).toBeTruthy();
      expect(panel.title.trim()).toBeTruthy();
    },
  );

  it('query variables use the datasource variable', () => {
    for (const variable of queryVariables) expect(variable.datasource).toEqual(DATASOURCE_REF);
  });

  it('have unique ids, and each panel unique refIds', () => {
    const ids = allPanels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of visualPanels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('dashboard uids are unique among the provisioned dashboards, variable names within this one', () => {
    const dir = join(repo, 'grafana/dashboards');
    const uids = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { uid: string }).uid);
    expect(uids).toContain('tencentcloud-scan');
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(variableNames).size).toBe(variableNames.length);
  });
});
