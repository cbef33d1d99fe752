/** Grafana provisioning: the Prometheus datasource and the file provider that loads the dashboard. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const readYaml = (path: string): unknown => parse(readFileSync(join(repo, path), 'utf8'));

describe('grafana provisioning', () => {
  it('defines the default Prometheus datasource with uid prometheus', () => {
    expect(readYaml('grafana/provisioning/datasources/prometheus.yml')).toMatchObject({
      apiVersion: 1,
      datasources: [
        { uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090', isDefault: true },
      ],
    });
  });

  it('loads dashboards from /var/lib/grafana/dashboards', () => {
    expect(readYaml('grafana/provisioning/dashboards/provider.yml')).toMatchObject({
      apiVersion: 1,
      providers: [{ type: 'file', options: { path: '/var/lib/grafana/dashboards' } }],
    });
  });
});
