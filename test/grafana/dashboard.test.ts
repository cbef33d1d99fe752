/**
 * The committed dashboard JSON is exactly what scripts/dashboard/build.ts generates.
 * UPDATE_DASHBOARD=1 rewrites the file from the generator instead of comparing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard, DASHBOARD_PATH, serializeDashboard } from '../../scripts/dashboard/build.js';
import type { QueryVariable, RowPanel } from '../../scripts/dashboard/model.js';
import { SCAN_STATES as SCAN_STATE_NAMES } from '../../src/metrics/scan-families.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const file = join(repo, DASHBOARD_PATH);
const dashboard = buildDashboard();

if (process.env['UPDATE_DASHBOARD'] === '1') writeFileSync(file, serializeDashboard(dashboard));

describe('committed dashboard', () => {
  it('deep-equals buildDashboard() (regenerate with UPDATE_DASHBOARD=1)', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(serializeDashboard(dashboard)));
  });

  it('is formatted as the generator writes it', () => {
    expect(readFileSync(file, 'utf8')).toBe(serializeDashboard(dashboard));
  });
});

describe('buildDashboard()', () => {
  it('has the stable uid, a current schema, tags, 30s refresh and the last 6 hours', () => {
    expect(dashboard).toMatchObject({
      uid: 'tencentcloud-scan',
      schemaVersion: 41,
      refresh: '30s',
      time: { from: 'now-6h', to: 'now' },
      id: null,
    });
    expect(dashboard.tags.length).toBeGreaterThan(0);
  });

  it('has a prometheus datasource variable first', () => {
    expect(dashboard.templating.list[0]).toMatchObject({
      type: 'datasource',
      name: 'datasource',
      query: 'prometheus',
    });
  });

  it.each([
    ['account', ['$job']],
    ['product', ['$job', '$account']],
    ['scan', ['$job', '$account', '$product']],
  ])('variable %s is a multi-select label_values query with All, chained on %j', (name, parents) => {
    const variable = dashboard.templating.list.find(
      (v): v is QueryVariable => v.name === name && v.type === 'query',
    );
    expect(variable).toMatchObject({
      multi: true,
      includeAll: true,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
      datasource: { type: 'prometheus', uid: '${datasource}' },
    });
    expect(variable!.query.query).toBe(variable!.definition);
    expect(variable!.definition).toMatch(new RegExp(`^label_values\\(.+, ${name}\\)$`));
    for (const parent of parents) expect(variable!.definition).toContain(`"${parent}"`);
  });

  it('keeps the exporter health in a collapsed row, with its panels inside', () => {
    const rows = dashboard.panels.filter((p): p is RowPanel => p.type === 'row');
    const health = rows.find((r) => r.title === 'Exporter health');
    expect(health?.collapsed).toBe(true);
    expect(health?.panels.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        'Collector success',
        'Time since last successful round',
        'API requests by code',
        'API request latency p50 / p95',
      ]),
    );
    expect(rows.filter((r) => !r.collapsed).every((r) => r.panels.length === 0)).toBe(true);
  });

  it('places no two panels on the same grid cells', () => {
    const all = dashboard.panels.flatMap((p) => (p.type === 'row' ? [p, ...p.panels] : [p]));
    const cells = new Set<string>();
    for (const { gridPos: g } of all) {
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('maps every scan state to a word and a colour on the state panels', () => {
    const all = dashboard.panels.flatMap((p) => (p.type === 'row' ? p.panels : [p]));
    const stateTimeline = all.find((p) => p.title === 'Scan state over time')!;
    const options = stateTimeline.fieldConfig.defaults.mappings[0]!.options;
    expect(Object.values(options).map((o) => o.text)).toEqual([
      'Never scanned',
      'Scanning',
      'Completed',
      'Stopping',
      'Stopped',
      'Unknown',
      'Preparing',
      'Failed',
    ]);
    expect(new Set(Object.values(options).map((o) => o.color)).size).toBe(8);
    // Every state the exporter exports is mapped.
    expect(Object.values(options).length).toBe(SCAN_STATE_NAMES.length);
    const statusTable = all.find((p) => p.title === 'Scan status')!;
    const stateColumn = statusTable.fieldConfig.overrides.find((o) =>
      o.properties.some((p) => p.id === 'displayName' && p.value === 'State'),
    );
    expect(stateColumn?.properties).toContainEqual({ id: 'mappings', value: [{ type: 'value', options }] });
  });
});
