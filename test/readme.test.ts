import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { COLLECTORS, familyTable } from '../src/collectors/registry.js';
import { tcssState } from '../src/collectors/tcss-image-scan.js';
import { FLAG_SPECS } from '../src/config/flags.js';
import { fileSchema } from '../src/config/schema.js';
import { SCAN_STATES } from '../src/metrics/scan-families.js';
import { SelfMetrics } from '../src/metrics/self-metrics.js';
import { REQUIRED_PACKAGES } from './helpers/system-tools.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's metrics table rows, by metric name. */
function tableRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([a-z_]+)` \|(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

describe('README stays in step with the code', () => {
  const rows = tableRows();

  test('opens with the set-up-and-run command and the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
    // CI runs exactly the README's test command, which installs every tool the suites run.
    const testLine = firstBlock.split('\n').find((line) => line.includes('npm test')) ?? '';
    expect(testLine.trim()).toBe('bash scripts/install-test-tools.sh && npm test');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci.split('\n')).toContain(testLine.trim());
    const installer = readFileSync(new URL('../scripts/install-test-tools.sh', import.meta.url), 'utf8');
    for (const pkg of REQUIRED_PACKAGES) expect(installer).toMatch(new RegExp(`^want \\S+ ${pkg}$`, 'm'));
  });

  test('every scan family a collector declares is in the table', () => {
    const undocumented = familyTable(COLLECTORS)
      .map((f) => f.name)
      .filter((name) => !rows.has(name));
    expect(undocumented).toEqual([]);
  });

  test.each(
    COLLECTORS.flatMap((d) =>
      d.fields.map((table) => [d.name, table.action.action, d.product, table] as const),
    ),
  )(
    'every %s %s field-table row names its product and source field in the metric row',
    (_name, _action, product, table) => {
      for (const row of table.rows) {
        const text = rows.get(row.metric);
        expect(text).toBeDefined();
        expect(text).toContain(product.toUpperCase());
        expect(text).toContain(`\`${row.field}\``);
        for (const label of row.labels ?? []) expect(text).toContain(`\`${label}\``);
      }
    },
  );

  test('every collector has its config block in the full example and a row in the collectors table', () => {
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const documented = Object.keys((parse(block) as { collectors: Record<string, unknown> }).collectors);
    expect(documented).toEqual(COLLECTORS.map((d) => d.name));
    for (const d of COLLECTORS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${d.name}\` |`));
      expect(row).toBeDefined();
      for (const action of d.actions) expect(row).toContain(`\`${action.action}\``);
      expect(row).toContain(`\`${d.config.parse({}).schedule}\``);
    }
  });

  test('every state is named in the state row', () => {
    for (const state of SCAN_STATES) expect(rows.get('tencentcloud_scan_state')).toContain(`\`${state}\``);
  });

  test('the TCSS states table is what the collector does', () => {
    const section = /### TCSS states\n([\s\S]*?)\n\n[A-Z]/.exec(readme)?.[1] ?? '';
    const lines = section.split('\n').filter((l) => /^\| `?[A-Za-z]/.test(l) && !l.startsWith('| Status'));
    expect(lines.length).toBe(7);
    const samples: Record<string, [string, string | undefined][]> = {
      READY: [
        ['READY', undefined],
        ['READY', 'Cancel'],
      ],
      SCANNING: [
        ['SCANNING', undefined],
        ['SCANNING', 'Error'],
      ],
    };
    for (const line of lines) {
      const [status, subStatus, state] = line
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      const statuses = /`([A-Z]+)`/.exec(status!)?.[1];
      const subs = [...subStatus!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!);
      const expected = /`([a-z_]+)`/.exec(state!)?.[1];
      if (!statuses) expect(tcssState('PAUSED', 'Success')).toBe(expected);
      else if (statuses !== 'END')
        for (const [st, sub] of samples[statuses]!) expect(tcssState(st, sub)).toBe(expected);
      else if (subs.length > 0) for (const sub of subs) expect(tcssState('END', sub)).toBe(expected);
      else expect(tcssState('END', 'Paused')).toBe(expected);
    }
  });

  test('every self-metric is documented', async () => {
    const json = await new SelfMetrics('x').prometheus.getMetricsAsJSON();
    for (const metric of json) {
      if (metric.name.startsWith('tencentcloud_scan_exporter_')) expect(rows.has(metric.name)).toBe(true);
    }
  });

  test('every flag is documented', () => {
    for (const spec of FLAG_SPECS) expect(readme).toContain(`\`--${spec.name}`);
  });

  test('the flags table names only real flags, each with the default the code uses', () => {
    const section = /## Flags\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const rows = section.split('\n').filter((line) => line.startsWith('| `--'));
    const byName = new Map(FLAG_SPECS.map((spec) => [spec.name, spec]));
    const documented = new Set<string>();
    for (const row of rows) {
      const [flags, defaultCell] = row
        .split(/(?<!\\)\|/)
        .slice(1, 3)
        .map((cell) => cell.trim());
      const names = [...flags!.matchAll(/`--([a-z.-]+)/g)].map((m) => m[1]!);
      expect(names.filter((name) => !byName.has(name))).toEqual([]);
      for (const name of names) {
        documented.add(name);
        const spec = byName.get(name)!;
        // A flag with a value has its default in backticks, or none; a boolean is off (or has no default, as --help).
        const expected =
          spec.default !== undefined
            ? `\`${spec.default}\``
            : spec.arg
              ? 'none'
              : names.length > 1
                ? ''
                : 'off';
        expect(`${name}: ${defaultCell}`).toBe(`${name}: ${expected}`);
      }
    }
    expect([...documented].sort()).toEqual(FLAG_SPECS.map((spec) => spec.name).sort());
  });

  test('the full config example is valid YAML using only documented keys', () => {
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const doc = parse(block!) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['accounts', 'collectors', 'global']);
  });

  test('the full config example is a config the exporter accepts', () => {
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const result = fileSchema.safeParse(parse(block));
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    );
  });

  test('the configuration section names every key the config file takes ("a full example (every key)")', () => {
    const section = /## Configuration\n([\s\S]*?)\n## Metrics/.exec(readme)?.[1] ?? '';
    const keys = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) walk(item);
      else if (typeof node === 'object' && node !== null) {
        const { properties, ...rest } = node as { properties?: Record<string, unknown> };
        for (const [key, value] of Object.entries(properties ?? {})) {
          keys.add(key);
          walk(value);
        }
        for (const value of Object.values(rest)) walk(value);
      }
    };
    walk(z.toJSONSchema(fileSchema, { io: 'input', unrepresentable: 'any' }));
    expect(keys.size).toBeGreaterThan(50);
    // secret_id / secret_key / session_token each with _file and _env: "can instead be <key>_file ... or <key>_env".
    const bySecretPattern = (key: string) =>
      /^(secret_id|secret_key|session_token)_(file|env)$/.test(key) &&
      section.includes(`<key>_${key.split('_').at(-1)}`) &&
      new RegExp(`\\b${key.replace(/_(file|env)$/, '')}\\b`).test(section);
    const missing = [...keys].filter(
      (key) => !bySecretPattern(key) && !new RegExp(`(?<![\\w$])${key}(?!\\w)`).test(section),
    );
    expect(missing).toEqual([]);
  });

  test('the full config example shows the defaults ("the defaults are the values shown unless noted")', () => {
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const doc = parse(block) as {
      global: Record<string, unknown>;
      accounts: Record<string, unknown>[];
      collectors: Record<string, Record<string, unknown>>;
    };
    /** The example's values of the keys that `defaults` (parsed from `given`) filled in, beside the defaults. */
    const shown = (example: Record<string, unknown>, defaults: object, given: object = {}) => {
      const keys = Object.keys(example).filter((k) => k in defaults && !(k in given));
      const filled = defaults as Record<string, unknown>;
      return [
        Object.fromEntries(keys.map((k) => [k, example[k]])),
        Object.fromEntries(keys.map((k) => [k, filled[k]])),
      ];
    };
    const empty = fileSchema.parse({});
    const [global, globalDefaults] = shown(doc.global, empty.global);
    expect(global).toEqual(globalDefaults);
    const given = { name: 'x', secret_id: 'i', secret_key: 'k' };
    const minimal = fileSchema.parse({ accounts: [given] }).accounts[0]!;
    const [account, accountDefaults] = shown(doc.accounts[0]!, minimal, given);
    expect(account).toEqual(accountDefaults);
    const assume = doc.accounts.find(
      (a) => (a['credentials'] as { source?: string })?.source === 'assume_role',
    );
    const credentials = assume!['credentials'] as Record<string, unknown>;
    const assumeGiven = { source: 'assume_role', role_arn: credentials['role_arn'], from_account: 'x' };
    const assumeDefaults = fileSchema.parse({ accounts: [given, { name: 'y', credentials: assumeGiven }] })
      .accounts[1]!.credentials!;
    const [assumeShown, assumeExpected] = shown(credentials, assumeDefaults, assumeGiven);
    expect(assumeShown).toEqual(assumeExpected);
    for (const d of COLLECTORS) {
      // `enabled: true` turns the opt-in collectors on in the example (the text notes which are off).
      const { enabled: _enabled, ...example } = doc.collectors[d.name]!;
      const [collector, collectorDefaults] = shown(example, d.config.parse({}));
      expect({ [d.name]: collector }).toEqual({ [d.name]: collectorDefaults });
    }
  });

  test('every metric row of the README is a metric the exporter has (no stale rows)', async () => {
    const families = new Set(familyTable(COLLECTORS).map((f) => f.name));
    const json = await new SelfMetrics('x').prometheus.getMetricsAsJSON();
    for (const metric of json) families.add(metric.name);
    const stale = [...rows.keys()].filter((name) => name.startsWith('tencentcloud_') && !families.has(name));
    expect(stale).toEqual([]);
  });

  test('every self-metric row lists the labels the metric has', async () => {
    const registry = new SelfMetrics('x').prometheus;
    const json = await registry.getMetricsAsJSON();
    for (const { name } of json) {
      if (!name.startsWith('tencentcloud_scan_exporter_')) continue;
      const metric = registry.getSingleMetric(name) as unknown as { labelNames?: readonly string[] };
      const cells = rows
        .get(name)!
        .split('|')
        .map((cell) => cell.trim());
      const documented = [...cells[1]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!).sort();
      expect({ [name]: documented }).toEqual({ [name]: [...(metric.labelNames ?? [])].sort() });
    }
  });
});
