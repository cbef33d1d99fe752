import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseFlags } from '../../src/config/flags.js';
import { testWith } from '../helpers/system-tools.js';

const promtool = testWith('promtool', 'the compose Prometheus config check');
const amtool = testWith('amtool', 'the compose Alertmanager config check');

const repo = fileURLToPath(new URL('../../', import.meta.url));
const composeDir = join(repo, 'deploy', 'compose');

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  readonly command?: readonly string[];
  readonly ports?: readonly string[];
  readonly volumes?: readonly (string | { type: string; source: string; target: string })[];
}
const compose = parse(readFileSync(join(composeDir, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const prometheusConfig = parse(readFileSync(join(composeDir, 'prometheus.yml'), 'utf8')) as {
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
};

/** Host side of every bind mount: `./x:/y:ro` strings and `type: bind` objects; named volumes are skipped. */
function bindMounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') return volume.type === 'bind' ? [volume] : [];
    const [source, target] = volume.split(':');
    const isPath = source!.startsWith('.') || source!.startsWith('/') || source!.startsWith('~');
    return isPath ? [{ source: source!, target: target! }] : [];
  });
}

const mounts = services.flatMap(([name, service]) =>
  bindMounts(service).map((m) => [name, m.source, m.target] as const),
);

describe('deploy/compose/docker-compose.yml', () => {
  test('has the demo stack services', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'alertmanager',
      'exporter',
      'grafana',
      'prometheus',
    ]);
  });

  test('builds the exporter from the repository Dockerfile and runs the demo by default', () => {
    const { build, command } = compose.services['exporter']!;
    expect(resolve(composeDir, build!.context)).toBe(resolve(repo));
    expect(existsSync(join(resolve(composeDir, build!.context), build!.dockerfile ?? 'Dockerfile'))).toBe(
      true,
    );
    expect(command).toContain('--demo');
    expect(() => parseFlags(command!)).not.toThrow();
  });

  test.each(services.filter(([, s]) => s.image !== undefined && s.build === undefined))(
    '%s uses a pinned image tag',
    (_name, service) => {
      const tag = /:([^/:@]+)$/.exec(service.image!)?.[1];
      expect(tag).toBeDefined();
      expect(tag).not.toBe('latest');
    },
  );

  test.each(services)('%s publishes its ports on 127.0.0.1 only', (_name, service) => {
    for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  test.each(mounts)('%s bind-mounts %s, which exists in the repository', (_name, source) => {
    expect(isAbsolute(source)).toBe(false);
    const hostPath = resolve(composeDir, source);
    expect(hostPath.startsWith(resolve(repo))).toBe(true);
    expect(existsSync(hostPath)).toBe(true);
  });

  test('every named volume is declared', () => {
    const named = services.flatMap(([, s]) =>
      (s.volumes ?? []).flatMap((v) =>
        typeof v === 'string' && /^[\w-]+:/.test(v) ? [v.split(':')[0]!] : [],
      ),
    );
    for (const name of named) expect(Object.keys(compose.volumes ?? {})).toContain(name);
  });

  test('Grafana gets the provisioning and dashboards where the provider expects them', () => {
    const targets = Object.fromEntries(
      bindMounts(compose.services['grafana']!).map((m) => [m.source, m.target]),
    );
    expect(targets['../../grafana/provisioning']).toBe('/etc/grafana/provisioning');
    expect(targets['../../grafana/dashboards']).toBe('/var/lib/grafana/dashboards');
  });
});

describe('deploy/compose/prometheus.yml', () => {
  test('scrapes the exporter service as job tencentcloud-scan-exporter on the default port', () => {
    const job = prometheusConfig.scrape_configs.find((c) => c.job_name === 'tencentcloud-scan-exporter');
    expect(job?.static_configs.flatMap((s) => s.targets)).toEqual(['exporter:9496']);
  });

  test('alerts go to the alertmanager service', () => {
    const targets = prometheusConfig.alerting.alertmanagers.flatMap((a) =>
      a.static_configs.flatMap((s) => s.targets),
    );
    expect(targets).toEqual(['alertmanager:9093']);
  });

  test('the rules path resolves the same in the repository and in the container', () => {
    const prometheus = compose.services['prometheus']!;
    const configFlag = prometheus.command!.find((c) => c.startsWith('--config.file='))!.split('=')[1]!;
    const mountTargets = new Map(bindMounts(prometheus).map((m) => [m.source, m.target]));
    expect(mountTargets.get('./prometheus.yml')).toBe(configFlag);
    for (const rules of prometheusConfig.rule_files) {
      const inRepo = resolve(composeDir, rules);
      const inContainer = resolve(dirname(configFlag), rules);
      expect(existsSync(inRepo)).toBe(true);
      const source = [...mountTargets.entries()].find(([, target]) => target === inContainer)?.[0];
      expect(source && resolve(composeDir, source)).toBe(inRepo);
    }
  });

  promtool.run('passes promtool check config (which also loads the rule files)', () => {
    const out = execFileSync(promtool.command, ['check', 'config', 'prometheus.yml'], {
      cwd: composeDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out).toContain('SUCCESS');
  });
});

describe('deploy/compose/alertmanager.yml', () => {
  test('routes to a declared receiver', () => {
    const config = parse(readFileSync(join(composeDir, 'alertmanager.yml'), 'utf8')) as {
      route: { receiver: string };
      receivers: { name: string }[];
    };
    expect(config.receivers.map((r) => r.name)).toContain(config.route.receiver);
  });

  amtool.run('passes amtool check-config', () => {
    const out = execFileSync(amtool.command, ['check-config', 'alertmanager.yml'], {
      cwd: composeDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out).toContain('SUCCESS');
  });
});
