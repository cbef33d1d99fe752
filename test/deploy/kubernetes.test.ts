import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { parseFlags } from '../../src/config/flags.js';
import { DEFAULT_LISTEN_ADDRESS } from '../../src/config/index.js';
import { validateFileData } from '../../src/config/load.js';
import { heapFlagsFor } from '../../src/exporter/heap-bound.js';
import { describeWith } from '../helpers/system-tools.js';

const k8s = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url));
const DEFAULT_PORT = Number(DEFAULT_LISTEN_ADDRESS.split(':').at(-1));

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML; each test checks the shape it uses.
type Manifest = Record<string, any>;

const read = (dir: string, file: string): Manifest => parse(readFileSync(join(k8s, dir, file), 'utf8'));
const yamlFiles = (dir: string) => readdirSync(join(k8s, dir)).filter((f) => /\.ya?ml$/.test(f));

const base = {
  kustomization: read('base', 'kustomization.yaml'),
  deployment: read('base', 'deployment.yaml'),
  service: read('base', 'service.yaml'),
  serviceMonitor: read('base', 'servicemonitor.yaml'),
  secret: read('base', 'secret.example.yaml'),
  config: read('base', 'config.yaml'),
};
const sharded = {
  kustomization: read('sharded', 'kustomization.yaml'),
  statefulSet: read('sharded', 'statefulset.yaml'),
};
const tmp = { kustomization: read('tmp', 'kustomization.yaml') };
/** The image the base points at until the user sets their own (README, Kubernetes). */
const IMAGE_PLACEHOLDER = 'your-registry.invalid/tencentcloud-scan-exporter';
const container = base.deployment.spec.template.spec.containers[0];

/** Keys of the config file that the contract (plus the `*_file` secret sources) defines. */
const CONFIG_KEYS: Record<string, readonly string[]> = {
  '': ['accounts', 'collectors'],
  'accounts[]': ['name', 'secret_id', 'secret_key', 'secret_id_file', 'secret_key_file', 'endpoint'],
  collectors: ['tcss_image_scan', 'cwp_scan_state'],
  'collectors.tcss_image_scan': ['schedule'],
  'collectors.cwp_scan_state': ['schedule', 'modules', 'baseline_strategy_ids'],
};

function unknownKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => unknownKeys(item, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  const allowed = CONFIG_KEYS[path];
  if (allowed === undefined) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path === '' ? key : `${path}.${key}`;
    return allowed.includes(key) ? unknownKeys(child, childPath) : [childPath];
  });
}

const includes = (labels: Record<string, string>, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const flag = (args: readonly string[], name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

describe('every manifest', () => {
  const files = [
    ...yamlFiles('base').map((f) => ['base', f]),
    ...yamlFiles('sharded').map((f) => ['sharded', f]),
    ...yamlFiles('tmp').map((f) => ['tmp', f]),
  ];

  test.each(files)('%s/%s parses without errors', (dir, file) => {
    const docs = parseAllDocuments(readFileSync(join(k8s, dir!, file!), 'utf8'));
    for (const doc of Array.isArray(docs) ? docs : [docs]) expect(doc.errors).toEqual([]);
  });

  test.each(files.filter(([, f]) => f !== 'config.yaml' && f !== 'kustomization.yaml'))(
    '%s/%s is a named Kubernetes object',
    (dir, file) => {
      const manifest = read(dir!, file!);
      expect(manifest['apiVersion']).toEqual(expect.any(String));
      expect(manifest['kind']).toEqual(expect.any(String));
      expect(manifest['metadata']?.name).toEqual(expect.any(String));
    },
  );
});

describe('base kustomization', () => {
  test('lists resources that exist, but not the example Secret', () => {
    const resources: string[] = base.kustomization['resources'];
    for (const resource of resources) expect(existsSync(join(k8s, 'base', resource))).toBe(true);
    expect(resources).not.toContain('secret.example.yaml');
    expect(resources.sort()).toEqual([
      'deployment.yaml',
      'prometheusrule.yaml',
      'service.yaml',
      'servicemonitor.yaml',
    ]);
  });

  test('generates the ConfigMap the Deployment mounts from config.yaml', () => {
    const [generator] = base.kustomization['configMapGenerator'];
    expect(generator.files).toEqual(['config.yaml']);
    const volume = base.deployment.spec.template.spec.volumes.find((v: Manifest) => v.configMap);
    expect(volume.configMap.name).toBe(generator.name);
  });
});

describe('labels and selectors', () => {
  const podLabels = base.deployment.spec.template.metadata.labels;

  test('the Deployment selects its own pods', () => {
    expect(includes(podLabels, base.deployment.spec.selector.matchLabels)).toBe(true);
  });

  test('the Service selects the pods and routes to the named container port', () => {
    expect(includes(podLabels, base.service.spec.selector)).toBe(true);
    const [port] = base.service.spec.ports;
    expect(port).toMatchObject({ name: 'http-metrics', port: DEFAULT_PORT, targetPort: 'http-metrics' });
    expect(container.ports).toContainEqual({ name: 'http-metrics', containerPort: DEFAULT_PORT });
  });

  test('the ServiceMonitor selects the Service and scrapes its named port', () => {
    expect(includes(base.service.metadata.labels, base.serviceMonitor.spec.selector.matchLabels)).toBe(true);
    expect(base.serviceMonitor.spec.endpoints.map((e: Manifest) => e.port)).toEqual(['http-metrics']);
  });

  test('the Service is named after the job the alert rules select', () => {
    const alerts = parse(readFileSync(new URL('../../prometheus/alerts.yml', import.meta.url), 'utf8'));
    const exprs: string[] = alerts.groups.flatMap((g: Manifest) =>
      g.rules.map((r: Manifest) => String(r.expr)),
    );
    const jobs = new Set(exprs.flatMap((expr) => [...expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1])));
    expect([...jobs]).toEqual([base.service.metadata.name]);
  });
});

describe('the exporter pod', () => {
  test('probes /-/healthy for liveness and /-/ready for readiness', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http-metrics' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http-metrics' });
  });

  test('requests 50m/160Mi, is limited to 384Mi, and leaves the heap bound to the exporter', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '160Mi' },
      limits: { memory: '384Mi' },
    });
    // A NODE_OPTIONS bound would replace the one the exporter sizes from its accounts.
    expect(container.env ?? []).not.toContainEqual(expect.objectContaining({ name: 'NODE_OPTIONS' }));
    // The bound it sets itself for the 1,000 accounts the limit is sized for stays under half of it.
    const flags = heapFlagsFor(1000).join(' ');
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(flags)?.[1]);
    const semiSpace = Number(/--max-semi-space-size=(\d+)/.exec(flags)?.[1]);
    expect(oldSpace + 3 * semiSpace).toBeLessThanOrEqual(384 / 2);
  });

  test('runs non-root, read-only, without capabilities', () => {
    const pod = base.deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('reads the config from the mounted ConfigMap', () => {
    const mount = container.volumeMounts.find((m: Manifest) => m.name === 'config');
    expect(flag(container.args, 'config.file')).toBe(mount.mountPath);
    expect(mount.subPath).toBe('config.yaml');
  });

  test('reads credentials from files of the read-only Secret mount', () => {
    const volume = base.deployment.spec.template.spec.volumes.find((v: Manifest) => v.secret);
    const mount = container.volumeMounts.find((m: Manifest) => m.name === volume.name);
    expect(mount.readOnly).toBe(true);
    expect(volume.secret.secretName).toBe(base.secret.metadata.name);
    for (const account of base.config['accounts']) {
      for (const key of ['secret_id_file', 'secret_key_file']) {
        const file: string = account[key];
        expect(posix.dirname(file)).toBe(mount.mountPath);
        expect(Object.keys(base.secret['stringData'])).toContain(posix.basename(file));
      }
    }
  });

  test('carries no secret in the config', () => {
    for (const account of base.config['accounts']) {
      expect(account).not.toHaveProperty('secret_id');
      expect(account).not.toHaveProperty('secret_key');
    }
  });
});

describe('config.yaml', () => {
  test('uses only keys of the documented config', () => {
    expect(unknownKeys(base.config)).toEqual([]);
  });

  test("passes the exporter's own config validation", () => {
    expect(() => validateFileData(base.config, false)).not.toThrow();
  });

  test('the key check catches an unknown key', () => {
    expect(unknownKeys({ accounts: [{ name: 'a', region: 'x' }], collectors: { other: {} } })).toEqual([
      'accounts[].region',
      'collectors.other',
    ]);
  });
});

describe('sharded overlay', () => {
  const statefulSet = sharded.statefulSet;
  const args: string[] = statefulSet.spec.template.spec.containers[0].args;

  test('builds on the base, adds the StatefulSet and deletes the Deployment', () => {
    expect(sharded.kustomization['resources']).toEqual(['../base', 'statefulset.yaml']);
    const [patch] = sharded.kustomization['patches'];
    const deletion = read('sharded', patch.path);
    expect(deletion).toMatchObject({
      $patch: 'delete',
      kind: 'Deployment',
      metadata: { name: base.deployment.metadata.name },
    });
  });

  test('passes --shard.index=hostname and a --shard.count equal to replicas', () => {
    expect(flag(args, 'shard.index')).toBe('hostname');
    expect(Number(flag(args, 'shard.count'))).toBe(statefulSet.spec.replicas);
    expect(statefulSet.spec.replicas).toBeGreaterThan(1);
  });

  test('names the Service the pods are scraped through', () => {
    expect(statefulSet.spec.serviceName).toBe(base.service.metadata.name);
    expect(includes(statefulSet.spec.template.metadata.labels, base.service.spec.selector)).toBe(true);
    expect(includes(statefulSet.spec.template.metadata.labels, statefulSet.spec.selector.matchLabels)).toBe(
      true,
    );
  });

  test('runs the same pod as the base apart from the shard flags', () => {
    const template = structuredClone(statefulSet.spec.template);
    template.spec.containers[0].args = args.filter((a) => !a.startsWith('--shard.'));
    expect(template).toEqual(base.deployment.spec.template);
  });

  test.each([
    ['base Deployment', () => container.args as string[]],
    ['sharded StatefulSet', () => args],
  ])('the %s args are valid exporter flags', (_name, argsOf) => {
    expect(() => parseFlags(argsOf())).not.toThrow();
  });

  test('sets the same image as the base', () => {
    expect(sharded.kustomization['images']).toEqual(base.kustomization['images']);
  });
});

describe('image', () => {
  test('is a placeholder that kustomize edit set image replaces by the container image name', () => {
    // `kustomize edit set image NAME=REF` rewrites the images entry whose name is NAME.
    expect(base.kustomization['images']).toEqual([
      { name: container.image, newName: IMAGE_PLACEHOLDER, newTag: expect.any(String) },
    ]);
  });

  test('the README starts the Kubernetes steps by building and pushing it, then sets it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /### Kubernetes\n([\s\S]*?)(?=\n##)/.exec(readme)?.[1] ?? '';
    const commands = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const build = commands.indexOf('docker build');
    const push = commands.indexOf('docker push');
    const set = commands.indexOf(`kustomize edit set image ${container.image}=`);
    const apply = commands.indexOf('kubectl apply -k');
    expect([build, push, set, apply].every((i) => i >= 0)).toBe(true);
    expect(build).toBeLessThan(push);
    expect(push).toBeLessThan(set);
    expect(set).toBeLessThan(apply);
    expect(section).toContain(IMAGE_PLACEHOLDER);
  });
});

describe('tmp overlay', () => {
  test("the README's ServiceMonitor for TMP selects the Service and scrapes it like the base one", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /### Tencent Cloud Managed Service for Prometheus \(TMP\)\n([\s\S]*?)(?=\n##)/.exec(
      readme,
    )?.[1];
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section ?? '')?.[1] ?? '';
    const monitor = parse(yaml.replace(/^ {3}/gm, '')) as Manifest;
    expect(monitor['kind']).toBe('ServiceMonitor');
    expect(monitor['spec'].namespaceSelector.matchNames).toEqual([monitor['metadata'].namespace]);
    expect(includes(base.service.metadata.labels, monitor['spec'].selector.matchLabels)).toBe(true);
    expect(monitor['spec'].endpoints).toEqual(base.serviceMonitor.spec.endpoints);
  });

  test('is the base without the Prometheus Operator objects, whose config TMP holds', () => {
    expect(tmp.kustomization['resources']).toEqual(['../base']);
    const deleted = (tmp.kustomization['patches'] as { path: string }[]).map((p) => read('tmp', p.path));
    expect(deleted).toEqual([
      expect.objectContaining({
        $patch: 'delete',
        kind: 'ServiceMonitor',
        metadata: { name: base.serviceMonitor.metadata.name },
      }),
      expect.objectContaining({
        $patch: 'delete',
        kind: 'PrometheusRule',
        metadata: { name: 'tencentcloud-scan-exporter' },
      }),
    ]);
  });
});

const kubectl = describeWith('kubectl', 'the kustomize rendering tests');

kubectl.run('kubectl kustomize', () => {
  const render = (dir: string): Manifest[] =>
    parseAllDocuments(
      execFileSync(kubectl.command, ['kustomize', join(k8s, dir)], { encoding: 'utf8', timeout: 30_000 }),
    )
      .map((d) => d.toJS() as Manifest)
      .filter(Boolean);
  const kinds = (objects: Manifest[]) => objects.map((o) => o['kind']).sort();

  test('renders the base without a Secret', () => {
    expect(kinds(render('base'))).toEqual([
      'ConfigMap',
      'Deployment',
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
    ]);
  });

  test('renders the overlay with a StatefulSet mounting the generated ConfigMap', () => {
    const objects = render('sharded');
    expect(kinds(objects)).toEqual([
      'ConfigMap',
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
      'StatefulSet',
    ]);
    const configMap = objects.find((o) => o['kind'] === 'ConfigMap')!;
    const statefulSet = objects.find((o) => o['kind'] === 'StatefulSet')!;
    const volume = statefulSet['spec'].template.spec.volumes.find((v: Manifest) => v.configMap);
    expect(volume.configMap.name).toBe(configMap['metadata'].name);
    expect(statefulSet['spec'].template.spec.containers[0].image).toBe(`${IMAGE_PLACEHOLDER}:0.1.0`);
  });

  test('renders the TMP overlay without operator objects, so no CRD is needed', () => {
    expect(kinds(render('tmp'))).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });
});
